"use client";

// A small form bound to a server action: hidden fields, the controls it is given, a submit
// button, and the action's answer read out (status for success, alert for errors).
import { useActionState, type ReactNode } from "react";

import { SubmitButton } from "@/components/ui/button";
import type { ButtonVariant } from "@/components/ui/button-classes";
import type { ActionState } from "@/lib/actions/safe-action";
import { cn } from "@/lib/cn";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

export function ActionForm({
  action,
  fields = {},
  label,
  pendingLabel,
  variant = "secondary",
  confirm,
  className,
  children,
}: {
  action: Action;
  fields?: Record<string, string>;
  label: string;
  pendingLabel?: string;
  variant?: ButtonVariant;
  /** asked with the browser's confirm() before a destructive action */
  confirm?: string;
  className?: string;
  children?: ReactNode | ((state: ActionState) => ReactNode);
}) {
  const [state, formAction] = useActionState(action, {});
  return (
    <form
      action={formAction}
      className={cn("flex flex-col gap-2", className)}
      onSubmit={(event) => {
        if (confirm && !window.confirm(confirm)) event.preventDefault();
      }}
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {typeof children === "function" ? children(state) : children}
      <div>
        <SubmitButton variant={variant} size="sm" pendingLabel={pendingLabel}>
          {label}
        </SubmitButton>
      </div>
      {state.error && (
        <p role="alert" className="text-sm text-danger">
          {state.error}
        </p>
      )}
      {state.message && (
        <p role="status" className="text-sm text-fg-muted">
          {state.message}
        </p>
      )}
    </form>
  );
}
