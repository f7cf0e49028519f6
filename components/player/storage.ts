// What the player keeps across reloads, in local storage: the queue, the place in it, the
// position in the song, and the volume, speed, shuffle and repeat settings. Read defensively: a
// value from an older version, another tab or a person's hand is dropped, never trusted.
export type Track = {
  id: string;
  title: string;
  subtitle?: string;
  src: string;
  cover?: string | null;
};
export type RepeatMode = "off" | "all" | "one";
/** the speeds offered, slowest first */
export const RATES = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;
export type SavedPlayer = {
  queue: Track[];
  index: number;
  time: number;
  volume: number;
  muted: boolean;
  /** playback speed, one of RATES */
  rate: number;
  shuffle: boolean;
  repeat: RepeatMode;
};

export const STORAGE_KEY = "chorus:player:v1";
const MAX_QUEUE = 500;
/** Media served by Chorus itself: nothing else is ever loaded from a saved queue. */
const OWN_MEDIA = /^\/api\/media\/[\w-]+\/[\w-]+(\?[\w=&-]*)?$/;

const isString = (value: unknown): value is string => typeof value === "string";

function readTrack(value: unknown): Track | null {
  if (typeof value !== "object" || value === null) return null;
  const t = value as Record<string, unknown>;
  if (!isString(t.id) || !isString(t.title) || !isString(t.src) || !OWN_MEDIA.test(t.src))
    return null;
  const cover = isString(t.cover) && OWN_MEDIA.test(t.cover) ? t.cover : null;
  return {
    id: t.id.slice(0, 100),
    title: t.title.slice(0, 200),
    subtitle: isString(t.subtitle) ? t.subtitle.slice(0, 300) : undefined,
    src: t.src,
    cover,
  };
}

export function parseSaved(text: string | null): SavedPlayer | null {
  if (!text) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const queue = (Array.isArray(r.queue) ? r.queue : [])
    .slice(0, MAX_QUEUE)
    .map(readTrack)
    .filter((t): t is Track => t !== null);
  if (queue.length === 0) return null;
  const number = (value: unknown, fallback: number) =>
    typeof value === "number" && Number.isFinite(value) ? value : fallback;
  return {
    queue,
    index: Math.max(0, Math.min(queue.length - 1, Math.floor(number(r.index, 0)))),
    time: Math.max(0, number(r.time, 0)),
    volume: Math.max(0, Math.min(1, number(r.volume, 1))),
    muted: r.muted === true,
    rate: (RATES as readonly unknown[]).includes(r.rate) ? (r.rate as number) : 1,
    shuffle: r.shuffle === true,
    repeat: r.repeat === "all" || r.repeat === "one" ? r.repeat : "off",
  };
}

export function loadSaved(): SavedPlayer | null {
  try {
    return parseSaved(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    return null; // storage refused (private mode, a full quota)
  }
}

export function saveState(state: SavedPlayer): void {
  try {
    if (state.queue.length === 0) window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
  } catch {
    // a full or refused storage only costs the restore
  }
}
