"use server";

// API tokens from Settings → API tokens: make one (its secret comes back once, in this
// answer, and is never stored or shown again) and revoke one. lib/api-tokens checks who may.
import { revalidatePath } from "next/cache";
import { z } from "zod";

import { authedAction } from "@/lib/actions/safe-action";
import { SCOPES, type Scope } from "@/lib/api-tokens/shared";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/tokens";

/** One checkbox per scope (`scope:generate` = "on"): a form never repeats a field. */
const createToken = z
  .looseObject({
    name: z.string().trim().min(1, "Give the token a name.").max(80, "Use at most 80 characters."),
    teamId: z
      .string()
      .max(64)
      .optional()
      .transform((v) => v || null),
    expiresInDays: z.enum(["7", "30", "90", "365", "0"], "Choose when it expires."),
  })
  .transform((form, ctx) => {
    const scopes = SCOPES.filter((scope) => form[`scope:${scope}`] === "on") as Scope[];
    if (scopes.length === 0) {
      ctx.addIssue({ code: "custom", path: ["scopes"], message: "Choose at least one scope." });
      return z.NEVER;
    }
    return {
      name: form.name,
      teamId: form.teamId,
      scopes,
      expiresInDays: form.expiresInDays === "0" ? null : Number(form.expiresInDays),
    };
  });

export const createApiTokenAction = authedAction(createToken, async (input, { user }) => {
  const { secret } = await createApiToken({ actor: user, ...input });
  revalidatePath("/settings/tokens");
  return {
    ok: true,
    message: "Token made. Copy it now: it is not shown again.",
    data: { secret },
  };
});

export const revokeApiTokenAction = authedAction(
  z.object({ tokenId: z.string().min(1).max(64) }),
  async ({ tokenId }, { user }) => {
    await revokeApiToken({ actor: user, tokenId });
    revalidatePath("/settings/tokens");
    return { ok: true, message: "Token revoked. Requests with it now get 401." };
  },
);
