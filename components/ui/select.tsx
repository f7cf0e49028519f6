// A native <select>: keyboard, screen readers and mobile pickers work as users expect.
import type { SelectHTMLAttributes } from "react";

import { controlClasses } from "@/components/ui/input";
import { cn } from "@/lib/cn";

export type SelectOption = { value: string; label: string; disabled?: boolean };

export function Select({
  options,
  className,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { options: SelectOption[] }) {
  return (
    <select
      className={cn(
        controlClasses,
        "h-11 appearance-none bg-[right_0.6rem_center] bg-no-repeat pr-8 sm:h-10",
        "select-chevron",
        className,
      )}
      {...props}
    >
      {options.map((option) => (
        <option key={option.value} value={option.value} disabled={option.disabled}>
          {option.label}
        </option>
      ))}
    </select>
  );
}
