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
