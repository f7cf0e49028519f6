import type { Metadata } from "next";
import Link from "next/link";

import { checkEmailParams, parsePageInput, type PageProps } from "@/lib/page-input";

export const metadata: Metadata = { title: "Check your email" };

export default async function CheckEmailPage({ searchParams }: PageProps) {
  const { for: reason } = await parsePageInput(checkEmailParams, searchParams);
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-2xl font-semibold tracking-tight">Check your email</h1>
      <p className="text-sm text-fg-muted">
        {reason === "sign-up"
          ? "We sent a message to that address. Follow it to go on. "
          : reason === "reset"
            ? "If that address has a Chorus account, we sent it a link to choose a new " +
              "password. It works once and expires in an hour. "
            : "We sent you a sign-in link. It works once and expires in 24 hours. "}
        On a local install without a mail server, the message is in the server log.
      </p>
      <Link
        href="/sign-in"
        className="text-sm font-medium text-link underline-offset-4 hover:underline"
      >
        Back to sign in
      </Link>
    </div>
  );
}
