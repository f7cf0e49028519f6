import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";

import { safeCallbackPath } from "@/lib/auth/schemas";
import { getCurrentUser } from "@/lib/auth/session";
import { parsePageInput, signUpParams, type RawParams } from "@/lib/page-input";

import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create your account" };

type Props = { searchParams: Promise<RawParams> };

export default async function SignUpPage({ searchParams }: Props) {
  const callbackUrl = safeCallbackPath(
    (await parsePageInput(signUpParams, searchParams)).callbackUrl,
  );
  if (await getCurrentUser()) redirect(callbackUrl as never);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Create your account</h1>
        <p className="mt-1 text-sm text-fg-muted">
          Start a library of songs you can always find again.
        </p>
      </div>
      <SignUpForm callbackUrl={callbackUrl} />
      <p className="text-center text-sm text-fg-muted">
        Already have an account?{" "}
        <Link
          href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}` as never}
          className="font-medium text-link underline-offset-4 hover:underline"
        >
          Sign in
        </Link>
      </p>
    </div>
  );
}
