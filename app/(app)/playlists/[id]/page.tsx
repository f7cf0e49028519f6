import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { ExportButton } from "@/components/export-button";
import { PlaylistCover } from "@/components/playlists/playlist-cover";
import { requireUser } from "@/lib/auth/session";
import { idParams, parsePageInput, type RawParams } from "@/lib/page-input";
import { getPlaylist } from "@/lib/playlists/playlists";
import { playlistLength } from "@/lib/playlists/shared";

import { PlaylistSettings } from "./playlist-settings";
import { PlaylistTracks } from "./playlist-tracks";

export const metadata: Metadata = { title: "Playlist" };

export default async function PlaylistPage({ params }: { params: Promise<RawParams> }) {
  const { id } = await parsePageInput(idParams, params);
  const user = await requireUser(`/playlists/${id}`);
  const playlist = await getPlaylist({ actor: user, playlistId: id });
  if (!playlist) notFound();
  const covers = playlist.items.filter((i) => i.clip.hasCover).map((i) => i.clip.id);
  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-wrap items-end gap-4">
        <PlaylistCover covers={covers.slice(0, 4)} size="lg" />
        <div className="min-w-0">
          <p className="text-sm text-fg-muted">
            {playlist.team
              ? `${playlist.team.name}'s playlist${playlist.collaborative ? " · collaborative" : ""}`
              : "Your playlist"}
            {playlist.team && playlist.owner.name ? ` · made by ${playlist.owner.name}` : ""}
          </p>
          <h1 className="text-3xl font-semibold tracking-tight">{playlist.name}</h1>
          {playlist.description && <p className="mt-1 text-fg-muted">{playlist.description}</p>}
          <p className="mt-1 text-sm text-fg-muted" data-testid="playlist-length">
            {playlistLength(playlist.items.length, playlist.seconds)}
          </p>
          {playlist.items.length > 0 && (
            <div className="mt-3">
              <ExportButton href={`/api/export?playlist=${playlist.id}`} label="Export (ZIP)" />
            </div>
          )}
        </div>
      </header>
      <PlaylistTracks
        key={playlist.id}
        playlistId={playlist.id}
        items={playlist.items}
        canEdit={playlist.canEdit}
      />
      {playlist.canManage && (
        <PlaylistSettings
          playlist={{
            id: playlist.id,
            name: playlist.name,
            description: playlist.description,
            collaborative: playlist.collaborative,
            isTeam: playlist.team !== null,
          }}
        />
      )}
    </div>
  );
}
