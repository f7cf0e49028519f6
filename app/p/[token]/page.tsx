// A public, read-only playlist behind an opt-in link: its name, its songs (the ones the
// link's maker may share publicly) with covers and players, nothing of its owner or team.
// Revoking the link makes this page and its songs' media answer 404 at once.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";

import { formatDuration } from "@/components/format";
import { Logo } from "@/components/logo";
import { parsePageInput, tokenParams, type RawParams } from "@/lib/page-input";
import { getSharedPlaylist } from "@/lib/playlists/share";
import { playlistLength } from "@/lib/playlists/shared";

type Props = { params: Promise<RawParams> };

const sharedPlaylist = cache(getSharedPlaylist);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { token } = await parsePageInput(tokenParams, params);
  const playlist = await sharedPlaylist(token);
  if (!playlist) return { title: "Playlist not found", robots: { index: false } };
  return {
    title: playlist.name,
    description: `A playlist of ${playlist.songs.length} songs, made with Chorus.`,
    robots: { index: false },
  };
}

export default async function SharedPlaylistPage({ params }: Props) {
  const { token } = await parsePageInput(tokenParams, params);
  const playlist = await sharedPlaylist(token);
  if (!playlist) notFound();
  const media = (id: string, kind: string) =>
    `/api/media/${id}/${kind}?share=${encodeURIComponent(token)}`;
  const seconds = playlist.songs.reduce((sum, s) => sum + (s.duration ?? 0), 0);
  return (
    <div className="mx-auto flex min-h-dvh max-w-3xl flex-col gap-8 px-4 py-8 sm:px-6">
      <header>
        <Logo />
      </header>
      <main id="main" className="flex flex-col gap-6">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight">{playlist.name}</h1>
          {playlist.description && <p className="mt-1 text-fg-muted">{playlist.description}</p>}
          <p className="mt-1 text-sm text-fg-muted">
            {playlistLength(playlist.songs.length, seconds)}
          </p>
        </div>
        <ol aria-label="Songs" className="flex flex-col gap-3">
          {playlist.songs.map((song, index) => (
            <li
              key={song.id}
              className="flex flex-wrap items-center gap-3 rounded-xl border border-line p-3"
            >
              <span className="w-6 text-right text-sm text-fg-muted tabular-nums">{index + 1}</span>
              {song.hasCover ? (
                // eslint-disable-next-line @next/next/no-img-element -- served by /api/media with the token
                <img
                  src={media(song.id, "image")}
                  alt=""
                  width={48}
                  height={48}
                  loading="lazy"
                  className="size-12 rounded-lg object-cover"
                />
              ) : (
                <div aria-hidden="true" className="size-12 rounded-lg bg-muted" />
              )}
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium">{song.title || "Untitled"}</p>
                <p className="truncate text-xs text-fg-muted">
                  {[song.tags, formatDuration(song.duration)].filter(Boolean).join(" · ")}
                </p>
              </div>
              {/* eslint-disable-next-line jsx-a11y/media-has-caption -- music; no lyrics on this page */}
              <audio
                controls
                preload="none"
                src={media(song.id, "audio")}
                aria-label={`Play ${song.title || "this song"}`}
                className="w-full sm:w-64"
              />
            </li>
          ))}
        </ol>
      </main>
      <footer className="text-sm text-fg-muted">
        Shared with a public link. Made with Chorus.
      </footer>
    </div>
  );
}
