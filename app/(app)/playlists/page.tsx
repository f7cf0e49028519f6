import type { Metadata, Route } from "next";
import Link from "next/link";

import { EmptyState } from "@/components/empty-state";
import { PlaylistCover } from "@/components/playlists/playlist-cover";
import { SmartOpener } from "@/components/playlists/smart-opener";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/authz/permissions";
import { listPlaylists } from "@/lib/playlists/playlists";
import { playlistLength } from "@/lib/playlists/shared";
import { smartChoices } from "@/lib/playlists/smart";
import { listMyTeams } from "@/lib/teams/teams";

import { CreatePlaylistForm } from "./create-playlist-form";

export const metadata: Metadata = { title: "Playlists" };

export default async function PlaylistsPage() {
  const user = await requireUser("/playlists");
  const [playlists, teams, choices] = await Promise.all([
    listPlaylists({ actor: user }),
    listMyTeams(user),
    smartChoices({ actor: user }),
  ]);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Playlists</h1>
        <p className="mt-1 text-sm text-fg-muted">
          Gather songs in the order you want to hear them: your own, or a team&apos;s for everyone
          in it.
        </p>
      </div>
      <CreatePlaylistForm
        teams={teams
          .filter((t) => can(t.role, "playlist.create"))
          .map((t) => ({ id: t.id, name: t.name }))}
      />
      <SmartOpener
        label="New smart playlist…"
        mode="create"
        teams={choices.teams}
        choices={{ models: choices.models, creators: [], playlists: choices.playlists }}
      />
      {playlists.length === 0 ? (
        <EmptyState title="No playlists yet">
          Make one above, then add songs from a song&apos;s menu in the library or from the player.
        </EmptyState>
      ) : (
        <ul aria-label="Your playlists" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {playlists.map((playlist) => (
            <li
              key={playlist.id}
              className="flex items-center gap-3 rounded-xl border border-line bg-surface p-3"
            >
              <PlaylistCover covers={playlist.covers} size="sm" smart={playlist.smart} />
              <div className="min-w-0">
                <Link
                  href={`/playlists/${playlist.id}` as Route}
                  className="block truncate font-medium underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-accent"
                >
                  {playlist.name}
                </Link>
                <p className="truncate text-xs text-fg-muted">
                  {playlist.team
                    ? `${playlist.team.name}${playlist.collaborative ? " · collaborative" : ""}`
                    : "Personal"}
                </p>
                <p className="text-xs text-fg-muted">
                  {playlist.smart
                    ? "Smart · always current"
                    : playlistLength(playlist.songs, playlist.seconds)}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
