// A workspace's backups: the destination and schedule form (credentials are write-only: the
// form says only whether they are set), "Run now", and the history of runs. Rendered by the
// personal settings page and the team's backups page, from getBackupOverview's data.
import { ActionForm } from "@/components/action-form";
import { EmptyState } from "@/components/empty-state";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import {
  removeBackupDestinationAction,
  runBackupNowAction,
  saveBackupDestinationAction,
} from "@/lib/actions/backups";
import { describeSchedule, WEEKDAYS, type BackupSchedule } from "@/lib/backup/shared";

type Destination = {
  kind: string;
  endpoint: string | null;
  region: string | null;
  bucket: string | null;
  prefix: string | null;
  forcePathStyle: boolean;
  folder: string | null;
  schedule: string;
  hourUtc: number;
  weekday: number;
  intervalHours: number;
  nextRunAt: Date | null;
  hasCredentials: boolean;
};
type Run = {
  id: string;
  trigger: string;
  status: string;
  phase: string;
  filesCopied: number;
  bytesCopied: number;
  filesVerified: number;
  verifyFailures: number;
  errorCount: number;
  errors: { path: string; message: string }[];
  startedAt: Date;
  finishedAt: Date | null;
};

const when = (date: Date) =>
  `${date.toLocaleString("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`;
const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;
const duration = (run: Run) => {
  if (!run.finishedAt) return "running";
  const seconds = Math.round((run.finishedAt.getTime() - run.startedAt.getTime()) / 1000);
  return seconds < 90 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
};

function Label({ text, children }: { text: string; children: React.ReactNode }) {
  return (
    <label className="flex flex-col gap-1 text-sm">
      <span className="font-medium">{text}</span>
      {children}
    </label>
  );
}

export function BackupPanel({
  teamId,
  destination,
  runs,
  localRefusal,
}: {
  teamId: string;
  destination: Destination | null;
  runs: Run[];
  localRefusal: string | null;
}) {
  const d = destination;
  return (
    <div className="flex flex-col gap-6">
      <section className="flex flex-col gap-3 rounded-2xl border border-line bg-surface p-4">
        <h2 className="text-lg font-semibold">Destination and schedule</h2>
        {d ? (
          <p className="text-sm text-fg-muted">
            Backing up to{" "}
            <strong className="text-fg">
              {d.kind === "s3" ? `bucket ${d.bucket}` : `folder ${d.folder}`}
            </strong>
            , {describeSchedule({ ...d, schedule: d.schedule as BackupSchedule }).toLowerCase()}
            {d.nextRunAt ? `; next run ${when(d.nextRunAt)}` : ""}.
            {d.kind === "s3" && (d.hasCredentials ? " Credentials are set." : " No credentials.")}
          </p>
        ) : (
          <p className="text-sm text-fg-muted">
            Copy every song (tagged audio, covers, attachments and a JSON sidecar) to a place of
            your own on a schedule. Each run copies only what changed.
          </p>
        )}
        <ActionForm
          action={saveBackupDestinationAction}
          fields={{ teamId }}
          label="Save destination"
          pendingLabel="Saving…"
          variant="primary"
        >
          <Label text="Where">
            <Select
              name="kind"
              defaultValue={d?.kind ?? "s3"}
              options={[
                { value: "s3", label: "An S3-compatible bucket" },
                {
                  value: "local",
                  label: localRefusal
                    ? "A folder on this server (off here)"
                    : "A folder on this server",
                  disabled: Boolean(localRefusal),
                },
              ]}
            />
          </Label>
          {localRefusal && <p className="text-xs text-fg-muted">{localRefusal}</p>}
          <div className="grid gap-3 sm:grid-cols-2">
            <Label text="Endpoint (empty for AWS)">
              <Input
                name="endpoint"
                type="url"
                defaultValue={d?.endpoint ?? ""}
                placeholder="https://…"
              />
            </Label>
            <Label text="Region">
              <Input name="region" defaultValue={d?.region ?? ""} placeholder="us-east-1" />
            </Label>
            <Label text="Bucket">
              <Input name="bucket" defaultValue={d?.bucket ?? ""} />
            </Label>
            <Label text="Prefix">
              <Input name="prefix" defaultValue={d?.prefix ?? ""} placeholder="chorus/" />
            </Label>
            <Label
              text={
                d?.hasCredentials ? "Access key ID (set; leave empty to keep)" : "Access key ID"
              }
            >
              <Input name="accessKeyId" autoComplete="off" />
            </Label>
            <Label
              text={
                d?.hasCredentials
                  ? "Secret access key (set; leave empty to keep)"
                  : "Secret access key"
              }
            >
              <Input name="secretAccessKey" type="password" autoComplete="new-password" />
            </Label>
          </div>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="forcePathStyle"
              defaultChecked={d?.forcePathStyle ?? false}
            />
            Path-style URLs (MinIO and most self-hosted stores)
          </label>
          <Label text="Folder (under the server's backup root)">
            <Input name="folder" defaultValue={d?.folder ?? ""} disabled={Boolean(localRefusal)} />
          </Label>
          <div className="grid gap-3 sm:grid-cols-4">
            <Label text="Schedule">
              <Select
                name="schedule"
                defaultValue={d?.schedule ?? "daily"}
                options={[
                  { value: "daily", label: "Daily" },
                  { value: "weekly", label: "Weekly" },
                  { value: "interval", label: "Every few hours" },
                ]}
              />
            </Label>
            <Label text="Hour (UTC)">
              <Input name="hourUtc" type="number" min={0} max={23} defaultValue={d?.hourUtc ?? 3} />
            </Label>
            <Label text="Day (weekly)">
              <Select
                name="weekday"
                defaultValue={String(d?.weekday ?? 0)}
                options={WEEKDAYS.map((day, i) => ({ value: String(i), label: day }))}
              />
            </Label>
            <Label text="Hours apart">
              <Input
                name="intervalHours"
                type="number"
                min={1}
                max={168}
                defaultValue={d?.intervalHours ?? 24}
              />
            </Label>
          </div>
        </ActionForm>
        {d && (
          <div className="flex flex-wrap gap-4">
            <ActionForm
              action={runBackupNowAction}
              fields={{ teamId }}
              label="Run now"
              pendingLabel="Starting…"
            />
            <ActionForm
              action={removeBackupDestinationAction}
              fields={{ teamId }}
              label="Remove destination"
              variant="danger"
              confirm="Remove this backup destination? Files already copied stay there."
            />
          </div>
        )}
      </section>
      <section className="flex flex-col gap-3">
        <h2 className="text-lg font-semibold">History</h2>
        {runs.length === 0 ? (
          <EmptyState title="No backups yet">
            Runs are listed here with what each copied.
          </EmptyState>
        ) : (
          <ol className="divide-y divide-line rounded-2xl border border-line bg-surface">
            {runs.map((run) => (
              <li key={run.id} className="flex flex-col gap-1 px-4 py-3 text-sm">
                <div className="flex flex-wrap justify-between gap-2">
                  <strong className="font-medium">
                    {run.status === "RUNNING"
                      ? `Running (${run.phase})`
                      : run.status === "SUCCEEDED"
                        ? "Backed up"
                        : "Failed"}
                    {run.trigger === "manual" ? " · started by hand" : ""}
                  </strong>
                  <time dateTime={run.startedAt.toISOString()} className="text-fg-muted">
                    {when(run.startedAt)}
                  </time>
                </div>
                <span className="text-fg-muted">
                  {run.filesCopied} files, {megabytes(run.bytesCopied)} copied in {duration(run)};{" "}
                  {run.filesVerified} checked
                  {run.verifyFailures ? `, ${run.verifyFailures} did not match` : ""}
                  {run.errorCount ? `; ${run.errorCount} errors` : ""}
                </span>
                {run.errors.map((error, i) => (
                  <span key={i} className="text-danger">
                    {error.path ? `${error.path}: ` : ""}
                    {error.message}
                  </span>
                ))}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
