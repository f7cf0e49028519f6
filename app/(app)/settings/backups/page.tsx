import type { Metadata } from "next";

import { BackupPanel } from "@/components/backups/backup-panel";
import { requireUser } from "@/lib/auth/session";
import { getBackupOverview } from "@/lib/backup/destinations";

export const metadata: Metadata = { title: "Backups" };

export default async function PersonalBackupsPage() {
  const user = await requireUser("/settings/backups");
  const overview = await getBackupOverview({ actor: user });
  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Backups</h1>
        <p className="mt-1 text-sm text-fg-muted">
          Scheduled copies of your personal library. Team libraries have their own, set by the
          team&apos;s admins.
        </p>
      </div>
      <BackupPanel teamId="" {...overview} />
    </div>
  );
}
