// A labelled form field: ties label, hint and error to the control with ids and ARIA.
import { useId, type ReactNode } from "react";

export type FieldControlProps = {
  id: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
};

export function Field({
  label,
  hint,
  error,
  children,
  aside,
}: {
  label: string;
  hint?: ReactNode;
  error?: string | string[];
  aside?: ReactNode;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const message = Array.isArray(error) ? error[0] : error;
  const describedBy =
    [hint ? hintId : null, message ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={id} className="text-sm font-medium text-fg">
          {label}
        </label>
        {aside}
      </div>
      {children({
        id,
        "aria-invalid": message ? true : undefined,
        "aria-describedby": describedBy,
      })}
      {hint && !message && (
        <p id={hintId} className="text-xs text-fg-muted">
          {hint}
        </p>
      )}
      {message && (
        <p id={errorId} className="text-sm text-danger">
          {message}
        </p>
      )}
    </div>
  );
}
