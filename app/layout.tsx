import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";

import { Toaster } from "@/components/ui/toast";
import { getTheme } from "@/lib/theme";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Chorus", template: "%s · Chorus" },
  description: "Make, keep and find AI-generated songs, alone or with your team.",
  applicationName: "Chorus",
  appleWebApp: { title: "Chorus", capable: true, statusBarStyle: "default" },
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f6f6f9" },
    { media: "(prefers-color-scheme: dark)", color: "#0c0b10" },
  ],
};

// Every page renders per request: Next.js puts the request's CSP nonce (proxy.ts) on its
// scripts only when it renders, and a page prerendered at build time would carry none.
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  const theme = await getTheme();
  return (
    <html lang="en" data-theme={theme}>
      <body className="min-h-dvh bg-bg font-sans text-fg">
        {children}
        <Toaster />
      </body>
    </html>
  );
}
