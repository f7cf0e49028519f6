"use server";

// Sign-up, sign-in, magic link and sign-out. Thin: validate, call lib/auth, redirect.
import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";

import { publicAction, type ActionState } from "@/lib/actions/safe-action";
import { signIn, signOut, ThrottledSignin } from "@/lib/auth/config";
import { INVALID_CREDENTIALS_MESSAGE, signUp } from "@/lib/auth/credentials";
import { magicLinkSchema, safeCallbackPath, signInSchema, signUpSchema } from "@/lib/auth/schemas";
import { getCurrentUser } from "@/lib/auth/session";
import { endAllSessions } from "@/lib/auth/sessions";

const withCallback = <T extends z.ZodRawShape>(schema: z.ZodObject<T>) =>
  schema.extend({ callbackUrl: z.string().optional() });

function throttledMessage(seconds: number) {
  const wait = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return `Too many failed attempts. For your safety, wait ${wait} before trying again.`;
}

async function signInWithPassword(
  email: string,
  password: string,
  callbackUrl: string | undefined,
): Promise<ActionState> {
  try {
    await signIn("credentials", { email, password, redirectTo: safeCallbackPath(callbackUrl) });
  } catch (error) {
    if (error instanceof ThrottledSignin)
      return { error: throttledMessage(error.retryAfterSeconds), values: { email } };
    if (error instanceof AuthError)
      return { error: INVALID_CREDENTIALS_MESSAGE, values: { email } };
    throw error; // includes the redirect that a successful sign-in ends with
  }
  return { ok: true };
}

export const signUpAction = publicAction(
  withCallback(signUpSchema),
  async ({ name, email, password, callbackUrl }) => {
    const result = await signUp({ name, email, password });
    if (!result.created) redirect("/sign-in/check-email?for=sign-up");
    return signInWithPassword(email, password, callbackUrl);
  },
);

export const signInAction = publicAction(
  withCallback(signInSchema),
  async ({ email, password, callbackUrl }) => signInWithPassword(email, password, callbackUrl),
);

export const sendMagicLinkAction = publicAction(
  withCallback(magicLinkSchema),
  async ({ email, callbackUrl }) => {
    // Auth.js would send the browser through /api/auth/verify-request; go straight to our page.
    await signIn("email", { email, redirectTo: safeCallbackPath(callbackUrl), redirect: false });
    redirect("/sign-in/check-email");
  },
);

export async function signInWithGitHubAction(formData: FormData) {
  await signIn("github", { redirectTo: safeCallbackPath(formData.get("callbackUrl")) });
}

export async function signOutAction() {
  await signOut({ redirect: false });
  redirect("/sign-in?signedOut=1");
}

/** Ends every session of the caller, in every browser, this one included. */
export async function signOutEverywhereAction() {
  const user = await getCurrentUser();
  if (user) await endAllSessions(user.id);
  await signOut({ redirect: false });
  redirect("/sign-in?signedOut=everywhere");
}
