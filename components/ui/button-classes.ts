// Button styles, usable from server components (links styled as buttons) and client ones.
import { cn } from "@/lib/cn";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";
export type ButtonSize = "sm" | "md" | "lg";

const VARIANTS: Record<ButtonVariant, string> = {
  primary: "bg-accent text-white hover:bg-accent-strong shadow-sm",
  secondary: "border border-line bg-surface text-fg hover:bg-muted",
  ghost: "text-fg hover:bg-muted",
  danger: "bg-red-600 text-white hover:bg-red-700",
};

const SIZES: Record<ButtonSize, string> = {
  // at least 44 px tall on phones (touch), compact from the sm breakpoint up
  sm: "h-11 sm:h-8 px-3 text-sm gap-1.5",
  md: "h-11 sm:h-10 px-4 text-sm gap-2",
  lg: "h-11 px-5 text-base gap-2",
};

export const buttonClasses = (
  variant: ButtonVariant = "primary",
  size: ButtonSize = "md",
  extra?: string,
) =>
  cn(
    "inline-flex items-center justify-center rounded-lg font-medium transition-colors select-none",
    "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent",
    "disabled:cursor-not-allowed disabled:opacity-60",
    VARIANTS[variant],
    SIZES[size],
    extra,
  );
