import type { Metadata, Route } from "next";
import Link from "next/link";

import { EmptyState } from "@/components/empty-state";
import { requireUser } from "@/lib/auth/session";
import { currentMonth, getUsage, monthRange } from "@/lib/credits/usage";
import { parsePageInput, usageParams, type RawParams } from "@/lib/page-input";
import { OPERATION_LABEL } from "@/lib/tasks/shared";
import { getWorkspace } from "@/lib/teams/workspace";

export const metadata: Metadata = { title: "Credit usage" };

type Props = { searchParams: Promise<RawParams> };

const shift = (month: string, by: number) => {
  const { from } = monthRange(month)!;
  return new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + by, 1))
    .toISOString()
    .slice(0, 7);
};
const monthName = (month: string) =>
  new Intl.DateTimeFormat("en", { month: "long", year: "numeric", timeZone: "UTC" }).format(
    monthRange(month)!.from,
  );

function Bars({
  caption,
  rows,
}: {
  caption: string;
  rows: { key: string; label: string; spent: number; note?: string }[];
}) {
  const top = Math.max(1, ...rows.map((r) => r.spent));
  return (
    <table className="w-full text-sm">
      <caption className="mb-2 text-left text-lg font-semibold">{caption}</caption>
      <thead className="sr-only">
        <tr>
          <th scope="col">{caption.replace(/^By /, "")}</th>
          <th scope="col">Credits spent</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className="border-t border-line">
            <th scope="row" className="w-1/3 py-2 pr-3 text-left font-medium">
              {row.label}
              {row.note && <span className="block text-xs text-fg-muted">{row.note}</span>}
            </th>
            <td className="py-2">
              <div className="flex items-center gap-2">
                <div
                  aria-hidden="true"
                  className="h-2 rounded-full bg-accent"
                  style={{ width: `${Math.max(2, (Math.max(0, row.spent) / top) * 100)}%` }}
                />
                <span className="tabular-nums">{row.spent}</span>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function UsagePage({ searchParams }: Props) {
  const user = await requireUser("/credits/usage");
  const { month = currentMonth() } = await parsePageInput(usageParams, searchParams);
  const workspace = await getWorkspace(user);
  const teamId = workspace.kind === "team" ? workspace.team.id : null;
  const usage = await getUsage(user, { teamId, month });
  const where = workspace.kind === "team" ? workspace.team.name : "your personal workspace";
  const link = (m: string) => `/credits/usage?month=${m}` as Route;
  return (
    <div className="flex flex-col gap-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Credit usage</h1>
        <p className="mt-1 text-sm text-fg-muted">
          What was spent in {where} in {monthName(usage.month)}: {usage.total} credits (charges less
          refunds, from the{" "}
          <Link className="text-link underline" href="/credits">
            ledger
          </Link>
          ).
        </p>
        <nav aria-label="Months" className="mt-3 flex gap-4 text-sm">
          <Link
            className="text-link underline-offset-4 hover:underline"
            href={link(shift(usage.month, -1))}
          >
            ← {monthName(shift(usage.month, -1))}
          </Link>
          {usage.month < currentMonth() && (
            <Link
              className="text-link underline-offset-4 hover:underline"
              href={link(shift(usage.month, 1))}
            >
              {monthName(shift(usage.month, 1))} →
            </Link>
          )}
        </nav>
      </div>
      {usage.byDay.length === 0 && usage.byMember.every((m) => m.spent === 0) ? (
        <EmptyState title="Nothing spent this month">
          Songs, extensions and studio files made in {where} show up here once they are charged.
        </EmptyState>
      ) : (
        <div className="grid gap-8 lg:grid-cols-2">
          {workspace.kind === "team" && (
            <Bars
              caption="By member"
              rows={usage.byMember.map((m) => ({
                key: m.userId,
                label: m.name,
                spent: m.spent,
                note: m.quota === null ? "no quota" : `${m.spent} of a ${m.quota} monthly quota`,
              }))}
            />
          )}
          <Bars
            caption="By operation"
            rows={usage.byOperation.map((o) => ({
              key: o.operation ?? "other",
              label: o.operation ? OPERATION_LABEL[o.operation] : "Other",
              spent: o.spent,
            }))}
          />
          <Bars
            caption="By day"
            rows={usage.byDay.map((d) => ({ key: d.day, label: d.day, spent: d.spent }))}
          />
        </div>
      )}
    </div>
  );
}
