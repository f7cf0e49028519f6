// A public, read-only song page behind an opt-in share link: cover, player, lyrics and
// Open Graph tags, and nothing of the owner or their team. Revoking the link (or trashing
// the song) makes this page and its media answer 404 at once.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";

import { formatDuration } from "@/components/format";
import { Logo } from "@/components/logo";
import { Lyrics } from "@/components/lyrics";
import { assetLabel, assetUrl } from "@/lib/media/shared";
import { parsePageInput, tokenParams, type RawParams } from "@/lib/page-input";
import { requestOrigin } from "@/lib/request-origin";
import { getSharedClip, sharedDownloads } from "@/lib/share/links";

type Props = { params: Promise<RawParams> };

const sharedClip = cache(getSharedClip);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { token } = await parsePageInput(tokenParams, params);
  const clip = await sharedClip(token);
  if (!clip) return { title: "Song not found", robots: { index: false } };
  const origin = await requestOrigin();
  const media = (kind: string) =>
    new URL(`/api/media/${clip.id}/${kind}?share=${token}`, origin).toString();
  const title = clip.title || "Untitled song";
  const description = clip.tags
    ? `A song in ${clip.tags}, made with Chorus.`
    : "A song made with Chorus.";
  return {
    title,
    description,
    robots: { index: false },
    openGraph: {
      type: "music.song",
      title,
      description,
      url: new URL(`/s/${token}`, origin).toString(),
      images: clip.imageUrl
        ? [{ url: media("image-large"), width: 1024, height: 1024, alt: `Cover of ${title}` }]
        : [],
      audio: [{ url: media("audio") }],
    },
    twitter: { card: clip.imageUrl ? "summary_large_image" : "summary", title, description },
  };
}

export default async function SharedSongPage({ params }: Props) {
  const { token } = await parsePageInput(tokenParams, params);
  const clip = await sharedClip(token);
  if (!clip || clip.status !== "COMPLETE") notFound();
  const src = (kind: string) => `/api/media/${clip.id}/${kind}?share=${encodeURIComponent(token)}`;
  const downloads = await sharedDownloads(token);
  return (
    <div className="mx-auto flex min-h-dvh max-w-3xl flex-col gap-8 px-4 py-8 sm:px-6">
      <header>
        <Logo />
      </header>
      <main id="main" className="grid gap-8 sm:grid-cols-[minmax(0,16rem)_minmax(0,1fr)]">
        <div className="flex flex-col gap-4">
          {clip.imageUrl ? (
            // eslint-disable-next-line @next/next/no-img-element -- served by /api/media with the share token
            <img
              src={src("image-large")}
              alt={`Cover of ${clip.title || "this song"}`}
              width={256}
              height={256}
              className="aspect-square w-full rounded-2xl object-cover shadow-lg"
            />
          ) : (
            <div aria-hidden="true" className="aspect-square w-full rounded-2xl bg-muted" />
          )}
          {/* eslint-disable-next-line jsx-a11y/media-has-caption -- music: the lyrics are on the page; a captions track needs synced lyrics */}
          <audio
            controls
            preload="metadata"
            src={src("audio")}
            className="w-full"
            aria-label={`Play ${clip.title || "this song"}`}
          />
          {downloads.length > 0 && (
            <nav aria-label="Downloads" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
              {downloads.map((kind) => (
                <a
                  key={kind}
                  className="text-link underline-offset-4 hover:underline"
                  href={`${assetUrl(clip.id, kind)}?share=${encodeURIComponent(token)}&download`}
                >
                  {assetLabel(kind)}
                </a>
              ))}
            </nav>
          )}
        </div>
        <div className="flex flex-col gap-4">
          <div>
            <h1 className="text-3xl font-semibold tracking-tight">{clip.title || "Untitled"}</h1>
            <p className="mt-1 text-fg-muted">
              {clip.tags || "No style tags"} · {formatDuration(clip.duration)}
            </p>
          </div>
          <section aria-labelledby="lyrics">
            <h2 id="lyrics" className="mb-2 text-lg font-semibold">
              Lyrics
            </h2>
            <Lyrics
              text={clip.lyrics}
              empty={clip.isInstrumental ? "An instrumental: no lyrics." : "No lyrics."}
            />
          </section>
        </div>
      </main>
      <footer className="text-sm text-fg-muted">
        Shared with a public link. Made with Chorus.
      </footer>
    </div>
  );
}
