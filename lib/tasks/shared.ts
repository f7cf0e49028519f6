// What the browser and the server both say about tasks: the kinds of request with their
// labels, the status words, the History filter groups, and the live task's JSON shape (derived
// from the server's own select, never copied). No zod and no server-only code here.
import type { TaskOperation, TaskStatus } from "@/lib/generated/prisma/enums";
import type { TaskView } from "@/lib/tasks/queries";
import { PENDING_TASK_STATUSES } from "@/lib/tasks/status";
import type { Jsonify } from "@/lib/types/json";

export type { TaskOperation, TaskStatus };

/** Every kind of request, in the order menus list them. */
export const OPERATION_LABEL: Record<TaskOperation, string> = {
  CUSTOM_SONG: "Song from lyrics",
  INSTRUMENTAL: "Instrumental",
  DESCRIPTION_SONG: "From a description",
  EXTEND: "Extension",
  CONCAT: "Whole song",
  UPLOAD_AUDIO: "Upload",
  LYRICS: "Lyrics",
  WAV: "WAV",
  STEMS: "Stems",
  VIDEO: "Music video",
  COVER_ART: "Cover art",
  TIMED_LYRICS: "Synced lyrics",
  UPLOAD_COVER: "Cover of your audio",
  UPLOAD_EXTEND: "Extension of your audio",
  CLIP_COVER: "Cover",
  REPLACE_SECTION: "Replaced section",
  ADD_VOCALS: "Added vocals",
  ADD_INSTRUMENTAL: "Added instrumental",
  BRING_FORWARD: "Brought forward to v6",
  VOICE: "Voice",
};

/** A voice (persona) is made from a window of a song this long, in seconds. */
export const VOICE_MIN_SECONDS = 10;
export const VOICE_MAX_SECONDS = 30;

/** How the clip page names a take's source ("A cover of …") and a source's takes. */
export const LINEAGE_LABEL: Partial<Record<TaskOperation, { parent: string; child: string }>> = {
  EXTEND: { parent: "Extends", child: "Extended by" },
  CLIP_COVER: { parent: "A cover of", child: "Cover" },
  REPLACE_SECTION: { parent: "A new section in", child: "Replaced section" },
  ADD_VOCALS: { parent: "Vocals added to", child: "With vocals" },
  ADD_INSTRUMENTAL: { parent: "An instrumental added to", child: "With an instrumental" },
  BRING_FORWARD: { parent: "Brought forward from", child: "Brought forward" },
};

/** A replaced section (sunoapi-org `replace-section`): 6-60 s, at most half the track. */
export const SECTION_MIN_SECONDS = 6;
export const SECTION_MAX_SECONDS = 60;
export const OPERATIONS = Object.keys(OPERATION_LABEL) as TaskOperation[];

/** Short status words, as History lists them. */
export const TASK_STATUS_LABEL: Record<TaskStatus, string> = {
  SUBMITTING: "Sending",
  SUBMITTED: "Submitted",
  QUEUED: "Queued",
  RUNNING: "Running",
  SUCCEEDED: "Done",
  FAILED: "Failed",
  TIMED_OUT: "Timed out",
};

/** What History and the task cards add when songs came after their task had ended badly:
 *  the late-completion rule keeps the songs and the refund (`lib/tasks/ingest.ts`). */
export const ARRIVED_LATE_NOTE =
  "The songs arrived after this request had ended. They are yours to keep, and the credits " +
  "stay returned.";

/** History's status filter: each group and the statuses it stands for. */
export const HISTORY_STATUS_GROUPS = {
  running: PENDING_TASK_STATUSES,
  succeeded: ["SUCCEEDED"],
  failed: ["FAILED"],
  "timed-out": ["TIMED_OUT"],
} as const satisfies Record<string, readonly TaskStatus[]>;
export type HistoryStatusGroup = keyof typeof HISTORY_STATUS_GROUPS;
export const HISTORY_STATUS_LABEL: Record<HistoryStatusGroup, string> = {
  running: "Running",
  succeeded: "Done",
  failed: "Failed",
  "timed-out": "Timed out",
};

/** A task as `GET /api/tasks` answers it. */
export type LiveTask = Jsonify<TaskView>;
export type LiveClip = LiveTask["clips"][number];

/** The first words of a text, for a title: "a calm lo-fi beat for a rainy…" */
export function firstWords(text: string, max = 6): string {
  const words = text
    .replace(/\[[^\]]*\]/g, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return "";
  return words.length > max ? `${words.slice(0, max).join(" ")}…` : words.join(" ");
}

type Titled = {
  operation: TaskOperation;
  asked: Record<string, unknown>;
  clips: { title: string }[];
  lyrics: { title: string | null } | null;
};

/** A request's title: its song's, else the title asked for, else its first words. */
export function taskTitle(task: Titled): string {
  const asked = task.asked;
  const text = (key: string) => (typeof asked[key] === "string" ? (asked[key] as string) : "");
  return (
    task.clips.find((c) => c.title)?.title ||
    task.lyrics?.title ||
    text("title") ||
    firstWords(text("description") || text("lyrics") || text("prompt") || text("tags")) ||
    OPERATION_LABEL[task.operation]
  );
}
