import type { Metadata } from "next";
import Link from "next/link";

import { Alert } from "@/components/ui/alert";
import { findLiveToken } from "@/lib/auth/account-tokens";
import { accountTokenParams, parsePageInput, type RawParams } from "@/lib/page-input";

import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", robots: { index: false } };

type Props = { params: Promise<RawParams> };

export default async function ResetPasswordPage({ params }: Props) {
  const { token } = await parsePageInput(accountTokenParams, params);
  const live = await findLiveToken(token, "PASSWORD_RESET");
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">Choose a new password</h1>
      {live ? (
        <>
          <p className="text-sm text-fg-muted">
            For {live.user.email}. Every device signed in to this account is signed out.
          </p>
          <ResetPasswordForm token={token} />
        </>
      ) : (
        <>
          <Alert>This link has expired or was already used. Ask for a new one.</Alert>
          <Link
            href="/forgot-password"
            className="inline-flex min-h-11 items-center self-center text-sm font-medium text-link underline-offset-4 hover:underline"
          >
            Ask for a new link
          </Link>
        </>
      )}
    </div>
  );
}
