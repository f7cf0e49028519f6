// What the browser and the server both say about a clip's attachments (clip_assets): the
// address of each (`/api/clips/<id>/assets/<slug>`), its label, and its order on the page.
// Pure: no zod, no server-only code.

/** `stem:backing-vocals` → `stem-backing-vocals`, `cover:<task>:2` → `cover-<task>-2`. */
export const assetSlug = (kind: string) => kind.replaceAll(":", "-");

/** The kind a URL names, or null for anything that is not one. */
export function kindFromSlug(slug: string): string | null {
  if (slug === "wav" || slug === "video" || slug === "lrc") return slug;
  const stem = /^stem-([a-z][a-z-]{0,30})$/.exec(slug);
  if (stem) return `stem:${stem[1]}`;
  const cover = /^cover-([a-z0-9]{1,40})-([1-4])$/.exec(slug);
  if (cover) return `cover:${cover[1]}:${cover[2]}`;
  return null;
}

export const assetUrl = (clipId: string, kind: string) =>
  `/api/clips/${clipId}/assets/${assetSlug(kind)}`;

const STEM_LABEL: Record<string, string> = {
  vocals: "Vocals",
  instrumental: "Instrumental",
  "backing-vocals": "Backing vocals",
  fx: "FX",
};

/** "Vocals", "Drums", "WAV", "Music video", "Cover art 2". */
export function assetLabel(kind: string): string {
  if (kind === "wav") return "WAV";
  if (kind === "video") return "Music video";
  if (kind === "lrc") return "Synced lyrics";
  if (kind.startsWith("stem:")) {
    const name = kind.slice("stem:".length);
    return STEM_LABEL[name] ?? name.charAt(0).toUpperCase() + name.slice(1).replaceAll("-", " ");
  }
  if (kind.startsWith("cover:")) return `Cover art ${kind.split(":")[2] ?? ""}`.trim();
  return kind;
}

/** The stems of a full split in the order a mixing desk lists them; unknown ones last. */
const STEM_ORDER = ["vocals", "backing-vocals", "instrumental", "drums", "bass", "guitar"];
export function stemRank(kind: string): number {
  const index = STEM_ORDER.indexOf(kind.slice("stem:".length));
  return index === -1 ? STEM_ORDER.length : index;
}
