import type { Metadata } from "next";
import Link from "next/link";

import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Reset your password" };

export default function ForgotPasswordPage() {
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Reset your password</h1>
        <p className="mt-1 text-sm text-fg-muted">
          Enter the email of your account. We send you a link to choose a new password.
        </p>
      </div>
      <ForgotPasswordForm />
      <Link
        href="/sign-in"
        className="inline-flex min-h-11 items-center self-center text-sm font-medium text-link underline-offset-4 hover:underline"
      >
        Back to sign in
      </Link>
    </div>
  );
}
