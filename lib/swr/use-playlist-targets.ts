"use client";

// The playlists one may add a song to, fetched when a menu opens (not for every card).
import useSWR from "swr";

import { fetcher } from "@/lib/swr/fetcher";

export type PlaylistTarget = { id: string; name: string; team: string | null; has: boolean };

export function usePlaylistTargets(clipId: string | null) {
  return useSWR<{ playlists: PlaylistTarget[] }>(
    clipId ? `/api/playlists?clip=${encodeURIComponent(clipId)}` : null,
    fetcher,
  );
}

/** The playlists a bulk selection may go into, in one library view (a team's, or personal). */
export function useEditablePlaylists(team: string | undefined) {
  return useSWR<{ playlists: PlaylistTarget[] }>(
    `/api/playlists${team ? `?team=${encodeURIComponent(team)}` : ""}`,
    fetcher,
  );
}
