// An inline message block; errors are announced (role=alert), notices are polite.
import type { ReactNode } from "react";

import { cn } from "@/lib/cn";

export function Alert({
  tone = "error",
  children,
  className,
}: {
  tone?: "error" | "info" | "success";
  children: ReactNode;
  className?: string;
}) {
  const tones = {
    error:
      "border-red-300 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200",
    info: "border-line bg-muted text-fg",
    success:
      "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/60 dark:text-emerald-200",
  } as const;
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={cn("rounded-lg border px-3 py-2 text-sm", tones[tone], className)}
    >
      {children}
    </div>
  );
}
