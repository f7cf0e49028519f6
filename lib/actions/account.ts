"use server";

// The account: password reset links (from the sign-in page), and the settings page's name,
// email, password, theme and account deletion. Thin: validate, call lib/auth, redirect.
import { headers } from "next/headers";
import { redirect } from "next/navigation";

import { authedAction, publicAction } from "@/lib/actions/safe-action";
import {
  changePassword,
  deleteAccount,
  updateProfile,
  verifyCurrentPassword,
} from "@/lib/auth/account";
import {
  confirmEmailChange,
  requestEmailChange,
  requestPasswordReset,
  resetPassword,
} from "@/lib/auth/account-tokens";
import { signIn, signOut } from "@/lib/auth/config";
import { clientAddress, peerAddressInstalled } from "@/lib/auth/request-ip";
import {
  changePasswordSchema,
  deleteAccountSchema,
  emailChangeSchema,
  emailConfirmSchema,
  passwordResetRequestSchema,
  passwordResetSchema,
  profileSchema,
  themeSchema,
} from "@/lib/auth/schemas";
import { getEnv } from "@/lib/env";
import { setTheme } from "@/lib/theme";

async function callerAddress() {
  const env = getEnv();
  return clientAddress(await headers(), {
    vercel: env.VERCEL,
    trustedProxies: env.TRUSTED_PROXIES,
    peerKnown: peerAddressInstalled(),
  });
}

/** One answer whether or not the address has an account. */
export const requestPasswordResetAction = publicAction(
  passwordResetRequestSchema,
  async ({ email }) => {
    await requestPasswordReset({ email, ip: await callerAddress() });
    redirect("/sign-in/check-email?for=reset");
  },
);

export const resetPasswordAction = publicAction(passwordResetSchema, async (input) => {
  await resetPassword(input);
  redirect("/sign-in?done=reset");
});

export const updateProfileAction = authedAction(profileSchema, async ({ name }, { user }) => {
  await updateProfile(user, { name });
  redirect("/settings?saved=name");
});

export const changePasswordAction = authedAction(changePasswordSchema, async (input, { user }) => {
  const { email } = await changePassword(user, input);
  // every session ended with the change; this browser gets a new one
  if (email)
    await signIn("credentials", {
      email,
      password: input.newPassword,
      redirectTo: "/settings?saved=password",
    });
  redirect("/sign-in?done=reset");
});

export const requestEmailChangeAction = authedAction(
  emailChangeSchema,
  async ({ email, currentPassword }, { user }) => {
    await verifyCurrentPassword(user, currentPassword);
    await requestEmailChange({ userId: user.id, currentEmail: user.email, newEmail: email });
    redirect("/settings?saved=email-sent");
  },
);

export const confirmEmailChangeAction = publicAction(emailConfirmSchema, async ({ token }) => {
  await confirmEmailChange({ token });
  redirect("/settings?saved=email");
});

export const setThemeAction = authedAction(themeSchema, async ({ theme }) => {
  await setTheme(theme);
  return { ok: true, message: "Theme saved." };
});

export const deleteAccountAction = authedAction(
  deleteAccountSchema,
  async ({ confirmEmail, currentPassword }, { user }) => {
    await deleteAccount(user, { confirmEmail, password: currentPassword });
    await signOut({ redirect: false });
    redirect("/sign-in?done=deleted");
  },
);
