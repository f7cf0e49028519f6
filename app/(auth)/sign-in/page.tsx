import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";

import { Alert } from "@/components/ui/alert";
import { safeCallbackPath } from "@/lib/auth/schemas";
import { getCurrentUser } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { parsePageInput, signInParams, type RawParams } from "@/lib/page-input";

import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

// Auth.js error codes (from its redirects) in plain words.
const AUTH_ERRORS: Record<string, string> = {
  OAuthAccountNotLinked:
    "This email already has a Chorus account. Sign in with your password, then link GitHub.",
  Verification: "That sign-in link has expired or was already used. Ask for a new one.",
  AccessDenied: "Sign-in was cancelled.",
  Configuration: "Sign-in is misconfigured on this server. Ask your administrator.",
};

const DONE = {
  reset: "Your password is changed, and every device was signed out. Sign in with the new one.",
  email: "Your email address is changed. Sign in with the new one.",
  deleted: "Your account is deleted. Thank you for making music with Chorus.",
} as const;

type Props = { searchParams: Promise<RawParams> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await parsePageInput(signInParams, searchParams);
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl as never);
  const env = getEnv();
  const authError = params.error
    ? (AUTH_ERRORS[params.error] ?? "Sign-in failed. Please try again.")
    : null;

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Sign in to Chorus</h1>
        <p className="mt-1 text-sm text-fg-muted">Welcome back. Your library is waiting.</p>
      </div>
      {params.signedOut && (
        <Alert tone="success">
          {params.signedOut === "everywhere"
            ? "You have signed out on every device and browser."
            : "You have signed out."}
        </Alert>
      )}
      {params.done && <Alert tone="success">{DONE[params.done]}</Alert>}
      {authError && <Alert>{authError}</Alert>}
      <SignInForm
        callbackUrl={callbackUrl}
        githubEnabled={env.githubEnabled}
        magicLinksEnabled={env.magicLinksEnabled}
      />
      <p className="text-center text-sm text-fg-muted">
        New to Chorus?{" "}
        <Link
          href={`/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}` as never}
          className="font-medium text-link underline-offset-4 hover:underline"
        >
          Create an account
        </Link>
      </p>
    </div>
  );
}
