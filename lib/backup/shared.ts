// Backups (issue 20, item 3): what both the settings page and the server need, without zod
// or server-only code: the schedule kinds and when a schedule next falls due.
export const BACKUP_SCHEDULES = ["daily", "weekly", "interval"] as const;
export type BackupSchedule = (typeof BACKUP_SCHEDULES)[number];

export const WEEKDAYS = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
] as const;

export type ScheduleSettings = {
  schedule: BackupSchedule;
  /** daily and weekly: the hour (UTC) */
  hourUtc: number;
  /** weekly: 0 Sunday … 6 Saturday */
  weekday: number;
  /** interval: hours between runs */
  intervalHours: number;
};

const HOUR = 3_600_000;

/** The first time strictly after `after` that the schedule falls due. */
export function nextRunAfter(settings: ScheduleSettings, after: Date): Date {
  if (settings.schedule === "interval")
    return new Date(after.getTime() + settings.intervalHours * HOUR);
  const next = new Date(after);
  next.setUTCMinutes(0, 0, 0);
  next.setUTCHours(settings.hourUtc);
  if (next <= after) next.setUTCDate(next.getUTCDate() + 1);
  if (settings.schedule === "weekly")
    next.setUTCDate(next.getUTCDate() + ((settings.weekday - next.getUTCDay() + 7) % 7));
  return next;
}

export function describeSchedule(settings: ScheduleSettings): string {
  const hour = `${String(settings.hourUtc).padStart(2, "0")}:00 UTC`;
  if (settings.schedule === "daily") return `Every day at ${hour}`;
  if (settings.schedule === "weekly") return `Every ${WEEKDAYS[settings.weekday]} at ${hour}`;
  return settings.intervalHours === 1 ? "Every hour" : `Every ${settings.intervalHours} hours`;
}
