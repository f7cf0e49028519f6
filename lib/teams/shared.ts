// Team rules both sides need: the name limit and how a name becomes an address. The form
// pre-fills what the server will accept (a copy of this rule in the browser once drifted into
// an address with a trailing hyphen, which the server refused). No zod here: it stays out of
// the browser's bundle.
export const TEAM_NAME_MAX = 60;
export const TEAM_SLUG_MAX = 40;
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "new",
  "api",
  "admin",
  "settings",
  "invite",
  "personal",
]);

/** "Café Night Shift" → "cafe-night-shift": lowercase letters, digits and single hyphens. */
export function slugify(name: string) {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, TEAM_SLUG_MAX)
    .replace(/-+$/, "");
}

/** Why an invite link cannot be used, in the words the invite page and acceptance both use. */
export const INVITE_REFUSAL = {
  expired: "This invite has expired. Ask the team for a new one.",
  revoked: "This invite was withdrawn. Ask the team for a new one.",
  used: "This invite has already been used. Ask the team for a new one.",
} as const;
