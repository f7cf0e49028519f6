"use client";

// Making and revoking Subsonic app passwords. A new one is shown once, from the action's
// answer; reloading the page forgets it.
import { useActionState } from "react";

import { ActionForm } from "@/components/action-form";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { createAppPasswordAction, revokeAppPasswordAction } from "@/lib/actions/subsonic";

export function CreateAppPasswordForm() {
  const [state, action] = useActionState(createAppPasswordAction, {});
  const secret = typeof state.data?.secret === "string" ? state.data.secret : null;
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      {state.error && <Alert>{state.error}</Alert>}
      {secret && (
        <Alert tone="success">
          <span className="flex flex-col gap-2">
            <span>{state.message}</span>
            <code className="break-all select-all" data-testid="new-app-password">
              {secret}
            </code>
          </span>
        </Alert>
      )}
      <Field
        label="Name"
        hint="Which app or device, e.g. “Phone, Symfonium”."
        error={state.fieldErrors?.name}
      >
        {(control) => (
          <Input {...control} name="name" maxLength={80} defaultValue={state.values?.name ?? ""} />
        )}
      </Field>
      <SubmitButton size="lg" className="self-start" pendingLabel="Making…">
        Make app password
      </SubmitButton>
    </form>
  );
}

export function RevokeAppPasswordButton({ id, name }: { id: string; name: string }) {
  return (
    <ActionForm
      action={revokeAppPasswordAction}
      fields={{ id }}
      label="Revoke"
      pendingLabel="Revoking…"
      variant="danger"
      confirm={`Revoke “${name}”? Apps using it are signed out at once.`}
    />
  );
}
