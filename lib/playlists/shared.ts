// What the playlists' pages and the server both need (pure: no zod, no server-only code).
export const PLAYLIST_NAME_MAX = 100;
export const PLAYLIST_DESCRIPTION_MAX = 1000;

/** A playlist's length: "12 songs · 41 min" */
export function playlistLength(songs: number, seconds: number) {
  const minutes = Math.round(seconds / 60);
  const length =
    minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
  return `${songs} ${songs === 1 ? "song" : "songs"} · ${length}`;
}

/** A new order after moving the entry at `from` to `to` (for the page's optimistic view). */
export function moved<T>(list: T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item === undefined) return list;
  next.splice(Math.max(0, Math.min(to, next.length)), 0, item);
  return next;
}
