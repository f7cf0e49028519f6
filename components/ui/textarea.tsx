import type { ComponentProps } from "react";

import { controlClasses } from "@/components/ui/input";
import { cn } from "@/lib/cn";

export function Textarea({ className, rows = 4, ...props }: ComponentProps<"textarea">) {
  return (
    <textarea
      rows={rows}
      className={cn(controlClasses, "py-2 leading-relaxed", className)}
      {...props}
    />
  );
}
