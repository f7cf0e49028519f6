"use client";

import { useActionState } from "react";

import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { acceptInviteAction } from "@/lib/actions/invites";

export function AcceptInviteForm({
  token,
  email,
  teamName,
}: {
  token: string;
  email: string | null;
  teamName: string;
}) {
  const [state, action] = useActionState(acceptInviteAction, {});
  return (
    <form action={action} className="flex flex-col gap-3">
      <input type="hidden" name="token" value={token} />
      {state.error && <Alert>{state.error}</Alert>}
      <SubmitButton size="lg" pendingLabel="Joining…">
        Join {teamName}
      </SubmitButton>
      {email && <p className="text-xs text-fg-muted">Signed in as {email}.</p>}
    </form>
  );
}
