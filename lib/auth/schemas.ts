// Form schemas shared by the sign-in/sign-up forms (client) and their server actions.
import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

const email = z
  .string()
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address, like name@example.com."))
  .transform((value) => value.toLowerCase());

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "Tell us what to call you.").max(80, "Use at most 80 characters."),
  email,
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
    .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`)
    .refine((value) => value.trim().length > 0, "A password cannot be only spaces."),
});

export const signInSchema = z.object({
  email,
  // no policy here: an old password that predates the policy must still work
  password: z
    .string()
    .min(1, "Enter your password.")
    .max(PASSWORD_MAX_LENGTH, "That password is too long."),
});

export const magicLinkSchema = z.object({ email });

// ── account: reset, settings ──

const newPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`)
  .refine((value) => value.trim().length > 0, "A password cannot be only spaces.");
const currentPassword = z.string().max(PASSWORD_MAX_LENGTH, "That password is too long.");
const linkToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This link is not complete.");

export const passwordResetRequestSchema = z.object({ email });
export const passwordResetSchema = z.object({ token: linkToken, password: newPassword });
export const profileSchema = z.object({ name: signUpSchema.shape.name });
export const changePasswordSchema = z.object({
  currentPassword: currentPassword.optional(),
  newPassword,
});
export const emailChangeSchema = z.object({ email, currentPassword: currentPassword.optional() });
export const emailConfirmSchema = z.object({ token: linkToken });
export const deleteAccountSchema = z.object({
  confirmEmail: z.string().trim().min(1, "Type your email address.").max(254),
  currentPassword: currentPassword.optional(),
});
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];
export const themeSchema = z.object({ theme: z.enum(THEMES, "Choose system, light or dark.") });

export type SignUpInput = z.infer<typeof signUpSchema>;
export type SignInInput = z.infer<typeof signInSchema>;

/** A same-origin path to return to after sign-in; anything else falls back to the library. */
export function safeCallbackPath(value: unknown, fallback = "/library"): string {
  if (
    typeof value !== "string" ||
    !value.startsWith("/") ||
    value.startsWith("//") ||
    value.startsWith("/\\")
  )
    return fallback;
  if (value.startsWith("/sign-in") || value.startsWith("/sign-up") || value.startsWith("/api/"))
    return fallback;
  return value;
}
