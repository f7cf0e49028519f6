"use client";

// The settings page's forms: each one posts its own server action (lib/actions/account.ts).
import { useActionState, useEffect } from "react";
import { toast } from "sonner";

import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import {
  changePasswordAction,
  requestEmailChangeAction,
  setThemeAction,
  updateProfileAction,
} from "@/lib/actions/account";
import { PASSWORD_MIN_LENGTH, type Theme } from "@/lib/auth/schemas";

export function NameForm({ name }: { name: string }) {
  const [state, action] = useActionState(updateProfileAction, {});
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      {state.error && <Alert>{state.error}</Alert>}
      <Field label="Display name" hint="Shown to your teams." error={state.fieldErrors?.name}>
        {(control) => (
          <Input
            {...control}
            name="name"
            autoComplete="name"
            defaultValue={state.values?.name ?? name}
            maxLength={80}
          />
        )}
      </Field>
      <SubmitButton size="lg" className="self-start" pendingLabel="Saving…">
        Save name
      </SubmitButton>
    </form>
  );
}

function CurrentPassword({ error }: { error?: string[] }) {
  return (
    <Field label="Current password" error={error}>
      {(control) => (
        <Input
          {...control}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
        />
      )}
    </Field>
  );
}

export function EmailForm({ hasPassword }: { hasPassword: boolean }) {
  const [state, action] = useActionState(requestEmailChangeAction, {});
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      {state.error && <Alert>{state.error}</Alert>}
      <Field label="New email address" error={state.fieldErrors?.email}>
        {(control) => (
          <Input
            {...control}
            name="email"
            type="email"
            autoComplete="email"
            defaultValue={state.values?.email ?? ""}
          />
        )}
      </Field>
      {hasPassword && <CurrentPassword error={state.fieldErrors?.currentPassword} />}
      <SubmitButton
        size="lg"
        variant="secondary"
        className="self-start"
        pendingLabel="Sending the link…"
      >
        Send a confirmation link
      </SubmitButton>
    </form>
  );
}

export function PasswordForm({ hasPassword }: { hasPassword: boolean }) {
  const [state, action] = useActionState(changePasswordAction, {});
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      {!hasPassword && (
        <p className="text-sm text-fg-muted">
          You sign in with GitHub or an email link. Set a password to sign in with it too.
        </p>
      )}
      {state.error && <Alert>{state.error}</Alert>}
      {hasPassword && <CurrentPassword error={state.fieldErrors?.currentPassword} />}
      <Field
        label="New password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. Every other device is signed out.`}
        error={state.fieldErrors?.newPassword}
      >
        {(control) => (
          <Input {...control} name="newPassword" type="password" autoComplete="new-password" />
        )}
      </Field>
      <SubmitButton size="lg" variant="secondary" className="self-start" pendingLabel="Saving…">
        {hasPassword ? "Change password" : "Set password"}
      </SubmitButton>
    </form>
  );
}

const THEME_LABEL: Record<Theme, string> = {
  system: "Match this device",
  light: "Light",
  dark: "Dark",
};

export function ThemeForm({ theme }: { theme: Theme }) {
  const [state, action] = useActionState(setThemeAction, {});
  useEffect(() => {
    if (state.ok) toast.success("Theme saved.");
  }, [state]);
  return (
    <form action={action} className="flex flex-col gap-4">
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-sm font-medium">Theme on this browser</legend>
        {(Object.keys(THEME_LABEL) as Theme[]).map((value) => (
          <label
            key={value}
            className="flex min-h-11 cursor-pointer items-center gap-3 rounded-lg border border-line px-3 has-checked:border-accent has-checked:bg-muted"
          >
            <input
              type="radio"
              name="theme"
              value={value}
              defaultChecked={value === theme}
              className="size-4 accent-accent"
            />
            <span className="text-sm">{THEME_LABEL[value]}</span>
          </label>
        ))}
      </fieldset>
      {state.error && <Alert>{state.error}</Alert>}
      <SubmitButton size="lg" variant="secondary" className="self-start" pendingLabel="Saving…">
        Save theme
      </SubmitButton>
    </form>
  );
}
