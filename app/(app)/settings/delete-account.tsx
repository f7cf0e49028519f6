"use client";

// Deleting the account: a dialog that asks for the email (and the password) once more.
import { useActionState, useState } from "react";

import { Alert } from "@/components/ui/alert";
import { Button, SubmitButton } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { deleteAccountAction } from "@/lib/actions/account";

type Props = { email: string | null; hasPassword: boolean; personalSongs: number };

export function DeleteAccount({ email, hasPassword, personalSongs }: Props) {
  const [open, setOpen] = useState(false);
  const [state, action] = useActionState(deleteAccountAction, {});
  const songs = personalSongs === 1 ? "1 personal song" : `${personalSongs} personal songs`;
  return (
    <>
      <Button variant="danger" size="lg" className="self-start" onClick={() => setOpen(true)}>
        Delete account…
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Delete your account?"
        description={`This deletes ${songs} for good. It cannot be undone.`}
      >
        <form action={action} className="flex flex-col gap-4" noValidate>
          {state.error && <Alert>{state.error}</Alert>}
          <Field
            label={email ? `Type ${email} to confirm` : 'Type "delete" to confirm'}
            error={state.fieldErrors?.confirmEmail}
          >
            {(control) => <Input {...control} name="confirmEmail" autoComplete="off" />}
          </Field>
          {hasPassword && (
            <Field label="Current password" error={state.fieldErrors?.currentPassword}>
              {(control) => (
                <Input
                  {...control}
                  name="currentPassword"
                  type="password"
                  autoComplete="current-password"
                />
              )}
            </Field>
          )}
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="secondary" size="lg" onClick={() => setOpen(false)}>
              Keep my account
            </Button>
            <SubmitButton variant="danger" size="lg" pendingLabel="Deleting…">
              Delete for good
            </SubmitButton>
          </div>
        </form>
      </Dialog>
    </>
  );
}
