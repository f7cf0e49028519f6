// Outgoing webhook events (pure, shared with the settings page).
export const WEBHOOK_EVENTS = [
  "task.succeeded",
  "task.failed",
  "clip.archived",
  "playlist.updated",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_EVENT_LABEL: Record<WebhookEvent, string> = {
  "task.succeeded": "A request finished: its songs or files are ready",
  "task.failed": "A request failed or timed out (credits returned)",
  "clip.archived": "A song's files were copied into Chorus's storage",
  "playlist.updated": "A playlist was renamed or its songs changed",
};

/** A test delivery from "Send test", sent whatever the endpoint subscribed to. */
export const TEST_EVENT = "webhook.test";
