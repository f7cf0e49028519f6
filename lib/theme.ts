// The colour theme of this browser: "system" (the default, the OS preference), light or dark.
// A cookie read by the root layout, which puts it on <html data-theme>; globals.css does the rest.
import "server-only";

import { cookies } from "next/headers";

import { THEMES, type Theme } from "@/lib/auth/schemas";

export const THEME_COOKIE = "chorus-theme";

export async function getTheme(): Promise<Theme> {
  const value = (await cookies()).get(THEME_COOKIE)?.value;
  return (THEMES as readonly string[]).includes(value ?? "") ? (value as Theme) : "system";
}

export async function setTheme(theme: Theme) {
  const jar = await cookies();
  if (theme === "system") jar.delete(THEME_COOKIE);
  else jar.set(THEME_COOKIE, theme, { path: "/", sameSite: "lax", maxAge: 365 * 24 * 3600 });
}
