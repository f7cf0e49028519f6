"use client";

import { useActionState } from "react";

import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { confirmEmailChangeAction } from "@/lib/actions/account";

export function ConfirmEmailForm({ token }: { token: string }) {
  const [state, action] = useActionState(confirmEmailChangeAction, {});
  return (
    <form action={action} className="flex flex-col gap-4">
      <input type="hidden" name="token" value={token} />
      {state.error && <Alert>{state.error}</Alert>}
      <SubmitButton size="lg" pendingLabel="Confirming…">
        Confirm this address
      </SubmitButton>
    </form>
  );
}
