"use client";

import { useActionState } from "react";

import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { requestPasswordResetAction } from "@/lib/actions/account";

export function ForgotPasswordForm() {
  const [state, action] = useActionState(requestPasswordResetAction, {});
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      {state.error && <Alert>{state.error}</Alert>}
      <Field label="Email" error={state.fieldErrors?.email}>
        {(control) => (
          <Input
            {...control}
            name="email"
            type="email"
            autoComplete="email"
            required
            defaultValue={state.values?.email ?? ""}
            placeholder="you@example.com"
          />
        )}
      </Field>
      <SubmitButton size="lg" pendingLabel="Sending…">
        Email me a reset link
      </SubmitButton>
    </form>
  );
}
