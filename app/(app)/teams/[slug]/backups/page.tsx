import { ArrowLeft } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";

import { BackupPanel } from "@/components/backups/backup-panel";
import { requireUser } from "@/lib/auth/session";
import { requireTeam } from "@/lib/authz";
import { getBackupOverview } from "@/lib/backup/destinations";
import { orNotFound, parsePageInput, slugParams, type RawParams } from "@/lib/page-input";

export const metadata: Metadata = { title: "Team backups" };

type Props = { params: Promise<RawParams> };

export default async function TeamBackupsPage({ params }: Props) {
  const { slug } = await parsePageInput(slugParams, params);
  const user = await requireUser(`/teams/${slug}/backups`);
  // not in the team, or in it without backup.manage: the same page as any missing one
  const access = await orNotFound(requireTeam(user, { slug }, "backup.manage"), { hide: true });
  const overview = await getBackupOverview({ actor: user, teamId: access.team.id });
  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-6">
      <div>
        <Link
          href={`/teams/${access.team.slug}` as Route}
          className="inline-flex min-h-11 items-center gap-1 text-sm text-link underline-offset-4 hover:underline"
        >
          <ArrowLeft aria-hidden="true" className="size-4" />
          {access.team.name}
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight">Team backups</h1>
        <p className="mt-1 text-sm text-fg-muted">
          Scheduled copies of the team&apos;s library. Visible to admins and owners.
        </p>
      </div>
      <BackupPanel teamId={access.team.id} {...overview} />
    </div>
  );
}
