import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { Alert } from "@/components/ui/alert";
import { isAdmin } from "@/lib/admin/access";
import { getProviderStatus, type KeyView } from "@/lib/admin/provider-status";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Provider status" };
// what the providers say now, never a cached page
export const dynamic = "force-dynamic";

const STATE_LABEL: Record<KeyView["state"], string> = {
  ok: "ok",
  resting: "resting",
  refused: "refused",
};
const STATE_TONE: Record<KeyView["state"], string> = {
  ok: "text-emerald-700 dark:text-emerald-300",
  resting: "text-amber-700 dark:text-amber-300",
  refused: "text-danger",
};
const time = (iso: string) => new Date(iso).toISOString().replace("T", " ").slice(0, 19) + " UTC";

export default async function ProviderStatusPage() {
  const user = await requireUser("/admin/providers");
  // to anyone but an operator this page does not exist
  if (!(await isAdmin(user))) notFound();
  const status = await getProviderStatus({ actor: user });
  return (
    <div className="flex flex-col gap-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Provider status</h1>
        <p className="mt-1 text-sm text-fg-muted">
          The music providers this server is configured with, and each key by its fingerprint (never
          the key). Requests are those this server instance sent in the last hour.
        </p>
      </div>
      {status.providers.length === 0 && (
        <Alert tone="info">No music provider is configured on this server.</Alert>
      )}
      {status.providers.map((provider) => (
        <section key={provider.name} aria-labelledby={`provider-${provider.name}`}>
          <h2 id={`provider-${provider.name}`} className="text-lg font-semibold">
            {provider.name}{" "}
            <span className="text-sm font-normal text-fg-muted">
              {provider.dialect} · {provider.host}
            </span>
          </h2>
          <table className="mt-2 w-full text-left text-sm">
            <thead className="text-xs text-fg-muted">
              <tr>
                <th className="py-1 pr-4 font-medium">Key</th>
                <th className="py-1 pr-4 font-medium">State</th>
                <th className="py-1 pr-4 font-medium">Requests (last hour)</th>
                <th className="py-1 font-medium">Balance</th>
              </tr>
            </thead>
            <tbody>
              {provider.keys.map((key) => (
                <tr key={key.fingerprint} className="border-t border-line">
                  <td className="py-2 pr-4 font-mono">{key.fingerprint}</td>
                  <td className="py-2 pr-4">
                    <span className={`font-medium ${STATE_TONE[key.state]}`}>
                      {STATE_LABEL[key.state]}
                    </span>
                    {key.reason && <span className="text-fg-muted"> ({key.reason})</span>}
                    {key.until && (
                      <span className="block text-xs text-fg-muted">until {time(key.until)}</span>
                    )}
                  </td>
                  <td className="py-2 pr-4 tabular-nums">{key.requestsLastHour}</td>
                  <td className="py-2">
                    {key.balance !== null ? (
                      <span className="tabular-nums">
                        {key.balance.toLocaleString("en")} credits
                      </span>
                    ) : (
                      <span className="text-fg-muted">{key.balanceNote ?? "unknown"}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <section aria-labelledby="vendor-refunds">
        <h2 id="vendor-refunds" className="text-lg font-semibold">
          Failures the vendor refunded
        </h2>
        <p className="mt-1 text-sm text-fg-muted">
          The provider returned its own credits for these (sunoapi.org code 531); the users were
          refunded by Chorus as for any failure. {status.vendorRefunds.lastWeek} in the last 7 days.
        </p>
        {status.vendorRefunds.latest.length > 0 && (
          <table className="mt-2 w-full text-left text-sm">
            <thead className="text-xs text-fg-muted">
              <tr>
                <th className="py-1 pr-4 font-medium">Task</th>
                <th className="py-1 pr-4 font-medium">Provider and key</th>
                <th className="py-1 pr-4 font-medium">Ended</th>
                <th className="py-1 font-medium">Reason</th>
              </tr>
            </thead>
            <tbody>
              {status.vendorRefunds.latest.map((task) => (
                <tr key={task.id} className="border-t border-line">
                  <td className="py-2 pr-4 font-mono">{task.id}</td>
                  <td className="py-2 pr-4">
                    {task.provider} <span className="font-mono">{task.keyFingerprint}</span>
                  </td>
                  <td className="py-2 pr-4">{task.finishedAt ? time(task.finishedAt) : "—"}</td>
                  <td className="py-2">{task.failReason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
