// The Chorus mark: three voices as stacked arcs.
import { cn } from "@/lib/cn";

export function Logo({ className, withName = true }: { className?: string; withName?: boolean }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight", className)}>
      <svg viewBox="0 0 32 32" className="size-7" aria-hidden="true">
        <rect width="32" height="32" rx="9" fill="var(--color-accent)" />
        <path
          d="M9 20c2-6 5-9 7-9s5 3 7 9"
          stroke="white"
          strokeWidth="2.4"
          fill="none"
          strokeLinecap="round"
        />
        <path
          d="M12 22c1.3-3.4 2.8-5 4-5s2.7 1.6 4 5"
          stroke="white"
          strokeOpacity="0.75"
          strokeWidth="2.4"
          fill="none"
          strokeLinecap="round"
        />
        <circle cx="16" cy="23.5" r="1.6" fill="white" />
      </svg>
      {withName && <span className="text-lg">Chorus</span>}
    </span>
  );
}
