"use client";

import Link from "next/link";
import { useActionState } from "react";

import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { sendMagicLinkAction, signInAction, signInWithGitHubAction } from "@/lib/actions/auth";

type Props = { callbackUrl: string; githubEnabled: boolean; magicLinksEnabled: boolean };

export function SignInForm({ callbackUrl, githubEnabled, magicLinksEnabled }: Props) {
  const [state, action] = useActionState(signInAction, {});
  const [linkState, linkAction] = useActionState(sendMagicLinkAction, {});

  return (
    <div className="flex flex-col gap-6">
      <form action={action} className="flex flex-col gap-4" noValidate>
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
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
        <Field label="Password" error={state.fieldErrors?.password}>
          {(control) => (
            <Input
              {...control}
              name="password"
              type="password"
              autoComplete="current-password"
              required
            />
          )}
        </Field>
        <SubmitButton size="lg" pendingLabel="Signing in…">
          Sign in
        </SubmitButton>
        <Link
          href="/forgot-password"
          className="inline-flex min-h-11 items-center self-center text-sm font-medium text-link underline-offset-4 hover:underline"
        >
          Forgot your password?
        </Link>
      </form>

      {(githubEnabled || magicLinksEnabled) && (
        <div
          className="flex items-center gap-3 text-xs tracking-wide text-fg-muted uppercase"
          role="separator"
        >
          <span className="h-px flex-1 bg-line" /> or <span className="h-px flex-1 bg-line" />
        </div>
      )}

      {githubEnabled && (
        <form action={signInWithGitHubAction}>
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <SubmitButton
            variant="secondary"
            size="lg"
            className="w-full"
            pendingLabel="Redirecting to GitHub…"
          >
            Continue with GitHub
          </SubmitButton>
        </form>
      )}

      {magicLinksEnabled && (
        <form action={linkAction} className="flex flex-col gap-3" noValidate>
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          {linkState.error && <Alert>{linkState.error}</Alert>}
          <Field
            label="Email address for a sign-in link"
            hint="No password needed: we email you a link that signs you in."
            error={linkState.fieldErrors?.email}
          >
            {(control) => (
              <Input
                {...control}
                name="email"
                type="email"
                autoComplete="email"
                defaultValue={linkState.values?.email ?? ""}
                placeholder="you@example.com"
              />
            )}
          </Field>
          <SubmitButton variant="secondary" pendingLabel="Sending…">
            Email me a link
          </SubmitButton>
        </form>
      )}
    </div>
  );
}
