"use server";

// Picking the keeper among a song's takes (issue 18): from an opened stack in the library and
// from the clip page's family tree. lib/library/stacks checks who may (lib/authz).
import { revalidatePath } from "next/cache";
import { z } from "zod";

import { authedAction } from "@/lib/actions/safe-action";
import { pickKeeper } from "@/lib/library/stacks";

export const pickKeeperAction = authedAction(
  z.object({ clipId: z.string().trim().min(1, "Choose a song.").max(64) }),
  async ({ clipId }, { user }) => {
    await pickKeeper({ actor: user, clipId });
    revalidatePath(`/clips/${clipId}`);
    return { ok: true, message: "This take is now the keeper." };
  },
);
