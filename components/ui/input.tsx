import type { ComponentProps } from "react";

import { cn } from "@/lib/cn";

export const controlClasses =
  "w-full rounded-lg border border-line bg-surface px-3 text-sm text-fg placeholder:text-fg-muted " +
  "focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-accent focus-visible:border-accent " +
  "aria-[invalid=true]:border-danger disabled:opacity-60";

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn(controlClasses, "h-11 sm:h-10", className)} {...props} />;
}
