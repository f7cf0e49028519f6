import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { ExportButton } from "@/components/export-button";
import { PlaylistCover } from "@/components/playlists/playlist-cover";
import { SmartOpener } from "@/components/playlists/smart-opener";
import { requireUser } from "@/lib/auth/session";
import { idParams, parsePageInput, type RawParams } from "@/lib/page-input";
import { getPlaylist } from "@/lib/playlists/playlists";
import { getPlaylistLinkToken, playlistUrlPath } from "@/lib/playlists/share";
import { playlistLength } from "@/lib/playlists/shared";
import { smartChoices } from "@/lib/playlists/smart";
import { describeRules } from "@/lib/playlists/smart-shared";
import { requestOrigin } from "@/lib/request-origin";

import { PlaylistLink } from "./playlist-link";
import { PlaylistSettings } from "./playlist-settings";
import { PlaylistTracks } from "./playlist-tracks";

export const metadata: Metadata = { title: "Playlist" };

export default async function PlaylistPage({ params }: { params: Promise<RawParams> }) {
  const { id } = await parsePageInput(idParams, params);
  const user = await requireUser(`/playlists/${id}`);
  const playlist = await getPlaylist({ actor: user, playlistId: id });
  if (!playlist) notFound();
  const covers = playlist.items.filter((i) => i.clip.hasCover).map((i) => i.clip.id);
  const smart = playlist.smart;
  const [choices, token] = await Promise.all([
    smart && playlist.canEditRules ? smartChoices({ actor: user }) : null,
    !smart && playlist.canManage ? getPlaylistLinkToken(user, playlist.id) : null,
  ]);
  const names = Object.fromEntries(
    choices
      ? [
          ...choices.models.map((m) => [m.id, m.label]),
          ...choices.playlists.map((p) => [p.id, p.name]),
        ]
      : [],
  );
  const creators = choices?.teams.find((t) => t.id === playlist.team?.id)?.creators ?? [];
  for (const c of creators) names[c.id] = c.name;
  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-wrap items-end gap-4">
        <PlaylistCover covers={covers.slice(0, 4)} size="lg" smart={smart !== null} />
        <div className="min-w-0">
          <p className="text-sm text-fg-muted">
            {smart ? "Smart playlist · " : ""}
            {playlist.team
              ? `${playlist.team.name}'s playlist${playlist.collaborative ? " · collaborative" : ""}`
              : "Your playlist"}
            {playlist.team && playlist.owner.name ? ` · made by ${playlist.owner.name}` : ""}
          </p>
          <h1 className="text-3xl font-semibold tracking-tight">{playlist.name}</h1>
          {playlist.description && <p className="mt-1 text-fg-muted">{playlist.description}</p>}
          {smart?.rules && (
            <p className="mt-1 text-sm" data-testid="smart-rules">
              Songs: {describeRules(smart.rules, names)}
            </p>
          )}
          {smart?.broken && (
            <p className="mt-1 text-sm text-danger">
              These rules can no longer be read; save new ones below.
            </p>
          )}
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
      {smart && choices && (
        <SmartOpener
          label="Edit rules…"
          mode="edit"
          playlistId={playlist.id}
          rules={smart.rules ?? { match: "all", rules: [], sort: "newest", limit: 100 }}
          choices={{ models: choices.models, creators, playlists: choices.playlists }}
        />
      )}
      <PlaylistTracks
        key={playlist.id}
        playlistId={playlist.id}
        items={playlist.items}
        canEdit={playlist.canEdit}
        smart={smart !== null}
      />
      {!smart && playlist.canManage && (
        <PlaylistLink
          playlistId={playlist.id}
          publicUrl={token ? new URL(playlistUrlPath(token), await requestOrigin()).href : null}
        />
      )}
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
