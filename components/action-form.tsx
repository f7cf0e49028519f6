"use client";

// A small form bound to a server action: hidden fields, the controls it is given, a submit
// button, and the action's answer read out (status for success, alert for errors). With
// `confirm`, a destructive action asks first in a modal dialog (not the browser's confirm()).
import { useActionState, useRef, useState, type ReactNode } from "react";

import { Button, SubmitButton } from "@/components/ui/button";
import type { ButtonVariant } from "@/components/ui/button-classes";
import { Dialog } from "@/components/ui/dialog";
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
  /** asked in a dialog before a destructive action */
  confirm?: string;
  className?: string;
  children?: ReactNode | ((state: ActionState) => ReactNode);
}) {
  const [state, formAction] = useActionState(action, {});
  const [asking, setAsking] = useState(false);
  const confirmed = useRef(false);
  const form = useRef<HTMLFormElement>(null);
  return (
    <form
      ref={form}
      action={formAction}
      className={cn("flex flex-col gap-2", className)}
      onSubmit={(event) => {
        if (!confirm || confirmed.current) {
          confirmed.current = false;
          return;
        }
        event.preventDefault();
        setAsking(true);
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
      {confirm && (
        <Dialog
          open={asking}
          onClose={() => setAsking(false)}
          title={confirm}
          footer={
            <>
              <Button variant="secondary" onClick={() => setAsking(false)}>
                Cancel
              </Button>
              <Button
                variant={variant === "danger" ? "danger" : "primary"}
                onClick={() => {
                  confirmed.current = true;
                  setAsking(false);
                  form.current?.requestSubmit();
                }}
              >
                {label}
              </Button>
            </>
          }
        />
      )}
    </form>
  );
}
