"use server";

// Subsonic app passwords from Settings → Music apps: make one (its value comes back once, in
// this answer) and revoke one. lib/subsonic/app-passwords keeps each to its owner.
import { revalidatePath } from "next/cache";
import { z } from "zod";

import { authedAction } from "@/lib/actions/safe-action";
import { createAppPassword, revokeAppPassword } from "@/lib/subsonic/app-passwords";

export const createAppPasswordAction = authedAction(
  z.object({
    name: z.string().trim().min(1, "Give it a name.").max(80, "Use at most 80 characters."),
  }),
  async ({ name }, { user }) => {
    const { secret } = await createAppPassword({ actor: user, name });
    revalidatePath("/settings/subsonic");
    return {
      ok: true,
      message: "App password made. Copy it now: it is not shown again.",
      data: { secret },
    };
  },
);

export const revokeAppPasswordAction = authedAction(
  z.object({ id: z.string().min(1).max(64) }),
  async ({ id }, { user }) => {
    await revokeAppPassword({ actor: user, id });
    revalidatePath("/settings/subsonic");
    return { ok: true, message: "App password revoked. Apps using it are signed out." };
  },
);
