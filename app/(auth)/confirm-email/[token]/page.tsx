import type { Metadata } from "next";
import Link from "next/link";

import { Alert } from "@/components/ui/alert";
import { findLiveToken } from "@/lib/auth/account-tokens";
import { accountTokenParams, parsePageInput, type RawParams } from "@/lib/page-input";

import { ConfirmEmailForm } from "./confirm-email-form";

export const metadata: Metadata = { title: "Confirm your new email", robots: { index: false } };

type Props = { params: Promise<RawParams> };

// A button, not a change on GET: mail scanners that open links must not confirm anything.
export default async function ConfirmEmailPage({ params }: Props) {
  const { token } = await parsePageInput(accountTokenParams, params);
  const live = await findLiveToken(token, "EMAIL_CHANGE");
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">Confirm your new email</h1>
      {live ? (
        <>
          <p className="text-sm text-fg-muted">
            Your Chorus account&apos;s email becomes <strong>{live.newEmail}</strong>. You then sign
            in with it.
          </p>
          <ConfirmEmailForm token={token} />
        </>
      ) : (
        <Alert>This link has expired or was already used. Ask for a new one in Settings.</Alert>
      )}
      <Link
        href="/settings"
        className="inline-flex min-h-11 items-center self-center text-sm font-medium text-link underline-offset-4 hover:underline"
      >
        Go to Settings
      </Link>
    </div>
  );
}
