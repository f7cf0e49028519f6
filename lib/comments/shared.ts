// Comments' pure rules, shared by the browser (the thread, the markers) and the server: the
// length limit, reading a moment of the song ("0:42", "1:02:03", "42"), and finding the
// @mentions of known names in a comment's text.
export const COMMENT_MAX = 2000;
export const MENTIONS_MAX = 20;

/** "0:42" → 42, "1:02:03" → 3723, "42" or "42.5" → 42 / 42.5; anything else → null. */
export function parseMoment(text: string): number | null {
  const value = text.trim();
  if (/^\d{1,5}(\.\d{1,3})?$/.test(value)) return Number(value);
  const parts = /^(?:(\d{1,2}):)?(\d{1,3}):([0-5]\d)(\.\d{1,3})?$/.exec(value);
  if (!parts) return null;
  const [, hours, minutes, seconds, fraction] = parts;
  return Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds) + Number(fraction ?? 0);
}

/** 42 → "0:42", 3723 → "1:02:03" (whole seconds, rounded down). */
export function formatMoment(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** A comment typed as "0:42 the bridge drags": its moment and the rest, or null. */
export function leadingMoment(body: string): { at: number; rest: string } | null {
  const match = /^\s*(\d{1,2}(?::\d{1,3})?:[0-5]\d)\s+([\s\S]+)$/.exec(body);
  if (!match) return null;
  const at = parseMoment(match[1]!);
  return at === null ? null : { at, rest: match[2]!.trim() };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The people (of `candidates`) whose "@Name" appears in the text, longest name first. */
export function mentionedIn<T extends { id: string; name: string | null }>(
  text: string,
  candidates: T[],
): T[] {
  const found: T[] = [];
  const byLength = [...candidates]
    .filter((c) => c.name && c.name.trim())
    .sort((a, b) => b.name!.length - a.name!.length);
  let rest = text;
  for (const candidate of byLength) {
    const pattern = new RegExp(`@${escape(candidate.name!.trim())}(?![\\p{L}\\p{N}_])`, "giu");
    if (pattern.test(rest)) {
      found.push(candidate);
      rest = rest.replace(pattern, " ");
    }
  }
  return found;
}

/** The comment's text in pieces, "@Name" of a mentioned person marked, for display. */
export function splitMentions(text: string, names: string[]): { text: string; mention: boolean }[] {
  const usable = names.filter((n) => n.trim()).sort((a, b) => b.length - a.length);
  if (usable.length === 0) return [{ text, mention: false }];
  const pattern = new RegExp(`(@(?:${usable.map(escape).join("|")}))(?![\\p{L}\\p{N}_])`, "iu");
  // a split on a captured pattern alternates: text, mention, text, mention, …
  return text
    .split(pattern)
    .map((piece, index) => ({ text: piece, mention: index % 2 === 1 }))
    .filter((piece) => piece.text !== "");
}
