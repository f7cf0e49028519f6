import type { Metadata, Route } from "next";
import Link from "next/link";

import { EmptyState } from "@/components/empty-state";
import { formatDate } from "@/components/format";
import { buttonClasses } from "@/components/ui/button-classes";
import { requireUser } from "@/lib/auth/session";
import { listLedger } from "@/lib/credits/ledger";
import { getCreditBalance } from "@/lib/library/queries";
import { creditsParams, parsePageInput, type RawParams } from "@/lib/page-input";
import { OPERATION_LABEL } from "@/lib/tasks/shared";
import { getWorkspace } from "@/lib/teams/workspace";

export const metadata: Metadata = { title: "Credits" };

const KIND_LABEL = {
  GRANT: "Credits added",
  CHARGE: "Spent",
  REFUND: "Refunded",
  ADJUSTMENT: "Adjusted",
  TRANSFER: "Moved",
} as const;

type Props = { searchParams: Promise<RawParams> };

export default async function CreditsPage({ searchParams }: Props) {
  const user = await requireUser("/credits");
  const { before } = await parsePageInput(creditsParams, searchParams);
  const workspace = await getWorkspace(user);
  const teamId = workspace.kind === "team" ? workspace.team.id : null;
  const [balance, { entries, nextBefore }] = await Promise.all([
    workspace.kind === "team" ? workspace.team.creditBalance : getCreditBalance({ actor: user }),
    listLedger(user, { teamId, before }),
  ]);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Credits</h1>
        <p className="mt-1 text-sm text-fg-muted">
          {workspace.kind === "team"
            ? `${workspace.team.name}'s budget: every credit added, spent and refunded.`
            : "Your personal balance: every credit you got, spent and got back."}
        </p>
        <p className="mt-3 text-3xl font-semibold tabular-nums">
          {balance} <span className="text-base font-normal text-fg-muted">credits left</span>
        </p>
        <Link
          href={"/credits/usage" as Route}
          className="mt-2 inline-block text-sm font-medium text-link underline-offset-4 hover:underline"
        >
          Usage this month: by member, operation and day
        </Link>
      </div>
      {entries.length === 0 ? (
        <EmptyState title="No movements yet">Credits you get and spend are listed here.</EmptyState>
      ) : (
        <ol
          aria-label="Credit movements, newest first"
          className="divide-y divide-line rounded-2xl border border-line bg-surface"
        >
          {entries.map((entry) => (
            <li key={entry.id} className="flex items-start justify-between gap-4 px-4 py-3">
              <div className="min-w-0 text-sm">
                <p className="font-medium">
                  {KIND_LABEL[entry.kind]}
                  {entry.task && (
                    <>
                      {" · "}
                      <span className="font-normal">{OPERATION_LABEL[entry.task.operation]}</span>
                    </>
                  )}
                </p>
                <p className="text-fg-muted">
                  {formatDate(entry.createdAt)}
                  {workspace.kind === "team" && ` · ${entry.user.name ?? "a former member"}`}
                  {entry.note && ` · ${entry.note}`}
                </p>
              </div>
              <div className="shrink-0 text-right text-sm tabular-nums">
                <p className="font-semibold">
                  {entry.amount > 0 ? `+${entry.amount}` : entry.amount}
                </p>
                <p className="text-fg-muted">{entry.balanceAfter} left</p>
              </div>
            </li>
          ))}
        </ol>
      )}
      {nextBefore && (
        <Link
          href={`/credits?before=${encodeURIComponent(nextBefore)}` as Route}
          className={buttonClasses("secondary", "lg", "self-center")}
        >
          Older movements
        </Link>
      )}
    </div>
  );
}
