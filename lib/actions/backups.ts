"use server";

// Backup actions: set the workspace's destination and schedule, start a run now, remove the
// destination. Each validates, calls lib/backup (which checks backup.manage), and refreshes.
import { revalidatePath } from "next/cache";

import { authedAction } from "@/lib/actions/safe-action";
import {
  destinationInputSchema,
  removeBackupDestination,
  saveBackupDestination,
  workspaceInputSchema,
} from "@/lib/backup/destinations";
import { requestBackupRun } from "@/lib/backup/run";

const refresh = () => {
  revalidatePath("/settings/backups");
  revalidatePath("/teams/[slug]/backups", "page");
};

export const saveBackupDestinationAction = authedAction(
  destinationInputSchema,
  async (input, { user }) => {
    await saveBackupDestination({ actor: user, input });
    refresh();
    return { ok: true, message: "Saved. The first backup runs at the next scheduled time." };
  },
);

export const runBackupNowAction = authedAction(workspaceInputSchema, async (input, { user }) => {
  await requestBackupRun({ actor: user, teamId: input.teamId || undefined });
  refresh();
  return { ok: true, message: "Started. It runs in the background; the history shows it." };
});

export const removeBackupDestinationAction = authedAction(
  workspaceInputSchema,
  async (input, { user }) => {
    await removeBackupDestination({ actor: user, teamId: input.teamId || undefined });
    refresh();
    return { ok: true, message: "Removed. Files already backed up stay where they are." };
  },
);
