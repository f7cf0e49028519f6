import type { ReactNode } from "react";

import { Logo } from "@/components/logo";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="grid min-h-dvh lg:grid-cols-[1.1fr_1fr]">
      <aside className="relative hidden overflow-hidden bg-[#1b1030] p-12 text-white lg:flex lg:flex-col lg:justify-between">
        <Logo className="text-white" />
        <div aria-hidden="true" className="pointer-events-none absolute inset-0 opacity-60">
          <svg viewBox="0 0 600 600" className="absolute -right-24 -bottom-48 w-[42rem]">
            {Array.from({ length: 9 }, (_, i) => (
              <path
                key={i}
                d={
                  `M0 ${300 + i * 18} C 150 ${160 + i * 30}, ` +
                  `300 ${440 - i * 20}, 600 ${260 + i * 22}`
                }
                stroke={`hsl(${262 + i * 6} 90% ${62 + i * 2}%)`}
                strokeOpacity={0.55 - i * 0.04}
                strokeWidth="2"
                fill="none"
              />
            ))}
          </svg>
        </div>
        <div className="relative max-w-md">
          <p className="text-3xl leading-tight font-semibold">
            Every song your team makes, kept and easy to find.
          </p>
          <p className="mt-4 text-base text-white/80">
            Ask for a song, follow it to the end, and find it again among thousands, with lyrics,
            lineage and history.
          </p>
        </div>
        <p className="relative text-sm text-white/70">
          Your songs are copied into storage you control. Links never die.
        </p>
      </aside>
      <main id="main" className="flex items-center justify-center px-4 py-12 sm:px-8">
        <div className="w-full max-w-sm">
          <div className="mb-8 lg:hidden">
            <Logo />
          </div>
          {children}
        </div>
      </main>
    </div>
  );
}
