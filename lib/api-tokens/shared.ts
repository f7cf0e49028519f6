// API token scopes and labels (pure, shared with the settings page). A token carries a subset
// of these; every v1 route names the one it needs (lib/api/v1/operations.ts).
export const TOKEN_PREFIX = "chorus_pat_";

export const SCOPES = [
  "library:read",
  "library:write",
  "generate",
  "playlists",
  "webhooks",
] as const;
export type Scope = (typeof SCOPES)[number];

export const SCOPE_LABEL: Record<Scope, string> = {
  "library:read": "Read songs, tasks and media",
  "library:write": "Rename, retag, trash and restore songs",
  generate: "Make songs (spends credits) and follow their tasks",
  playlists: "Read and change playlists",
  webhooks: "Manage outgoing webhooks",
};

/** Expiry choices offered by the form, in days (0: never). */
export const EXPIRY_DAYS = [7, 30, 90, 365, 0] as const;
