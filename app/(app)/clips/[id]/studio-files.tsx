"use client";

// What a song has beyond itself: the WAV, each stem (played through the app's one player, so
// a stem and the song never sound at once), the music video inline (starting it pauses the
// player), the new cover images to choose from, and the synced lyrics as a `.lrc`. Each file
// downloads from Chorus's own copy.
import { useActionState, useEffect, useRef } from "react";

import { formatBytes } from "@/components/format";
import { PauseIcon, PlayIcon } from "@/components/player/icons";
import { usePlayer } from "@/components/player/player-context";
import { SubmitButton } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import type { ActionState } from "@/lib/actions/safe-action";
import { pickCoverArtAction } from "@/lib/actions/studio";
import { assetLabel, assetSlug, assetUrl, stemRank } from "@/lib/media/shared";

import type { Studio } from "./studio-panel";

type Asset = Studio["assets"][number];

const link = "text-sm font-medium text-link underline-offset-4 hover:underline";

function Download({ clipId, asset, label }: { clipId: string; asset: Asset; label: string }) {
  return (
    <a className={link} href={`${assetUrl(clipId, asset.kind)}?download`} download>
      {label}
      {asset.byteSize ? (
        <span className="font-normal text-fg-muted"> ({formatBytes(asset.byteSize)})</span>
      ) : null}
    </a>
  );
}

function StemRow({
  clipId,
  title,
  hasCover,
  asset,
}: {
  clipId: string;
  title: string;
  hasCover: boolean;
  asset: Asset;
}) {
  const player = usePlayer();
  const label = assetLabel(asset.kind);
  const id = `${clipId}:${asset.kind}`;
  const playing = player.current?.id === id && player.playing;
  return (
    <li className="flex items-center gap-3" data-testid="stem">
      <button
        type="button"
        onClick={() =>
          player.current?.id === id
            ? player.toggle()
            : player.play({
                id,
                title: `${title || "Untitled"} · ${label}`,
                subtitle: "Stem",
                src: assetUrl(clipId, asset.kind),
                cover: hasCover ? `/api/media/${clipId}/image` : null,
              })
        }
        aria-label={`${playing ? "Pause" : "Play"} the ${label.toLowerCase()} stem`}
        className="grid size-9 shrink-0 place-items-center rounded-full border border-line hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent"
      >
        {playing ? <PauseIcon /> : <PlayIcon />}
      </button>
      <span className="min-w-0 flex-1 truncate text-sm font-medium">{label}</span>
      <Download clipId={clipId} asset={asset} label="Download" />
    </li>
  );
}

function CoverChoice({
  clipId,
  asset,
  canManage,
}: {
  clipId: string;
  asset: Asset;
  canManage: boolean;
}) {
  const [state, pick] = useActionState(pickCoverArtAction, {} as ActionState);
  const seen = useRef(state);
  useEffect(() => {
    if (seen.current === state) return;
    seen.current = state;
    if (state.error) toast.error(state.error);
    else if (state.ok) toast.success(state.message ?? "Cover changed.");
  }, [state]);
  return (
    <li className="flex flex-col gap-2">
      {/* eslint-disable-next-line @next/next/no-img-element -- served by Chorus, sized */}
      <img
        src={assetUrl(clipId, asset.kind)}
        alt={assetLabel(asset.kind)}
        width={160}
        height={160}
        className="aspect-square w-full rounded-lg object-cover"
      />
      {canManage && (
        <form action={pick}>
          <input type="hidden" name="clipId" value={clipId} />
          <input type="hidden" name="asset" value={assetSlug(asset.kind)} />
          <SubmitButton variant="secondary" size="sm" className="w-full" pendingLabel="Saving…">
            Use this cover
          </SubmitButton>
        </form>
      )}
    </li>
  );
}

export function StudioFiles({
  clipId,
  title,
  hasCover,
  canManage,
  studio,
}: {
  clipId: string;
  title: string;
  hasCover: boolean;
  canManage: boolean;
  studio: Studio;
}) {
  const player = usePlayer();
  const stems = studio.assets
    .filter((a) => a.kind.startsWith("stem:"))
    .sort((a, b) => stemRank(a.kind) - stemRank(b.kind));
  const wav = studio.assets.find((a) => a.kind === "wav");
  const video = studio.assets.find((a) => a.kind === "video");
  const covers = studio.assets.filter((a) => a.kind.startsWith("cover:")).slice(-4);
  const failed = studio.assets.filter((a) => a.archiveStatus === "FAILED");
  if (!wav && !video && stems.length === 0 && covers.length === 0 && !studio.syncedWords)
    return <p className="text-sm text-fg-muted">Nothing made from this song yet.</p>;
  return (
    <div className="flex flex-col gap-4">
      {(wav || studio.syncedWords) && (
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {wav && <Download clipId={clipId} asset={wav} label="Download WAV" />}
          {studio.syncedWords && (
            <a className={link} href={`${assetUrl(clipId, "lrc")}?download`} download>
              Synced lyrics (.lrc)
            </a>
          )}
        </div>
      )}
      {stems.length > 0 && (
        <div className="flex flex-col gap-2">
          <h3 className="text-sm font-medium text-fg-muted">Stems</h3>
          <ul className="flex flex-col gap-2">
            {stems.map((asset) => (
              <StemRow
                key={asset.kind}
                clipId={clipId}
                title={title}
                hasCover={hasCover}
                asset={asset}
              />
            ))}
          </ul>
        </div>
      )}
      {video && (
        <div className="flex flex-col gap-2">
          <h3 className="text-sm font-medium text-fg-muted">Music video</h3>
          {/* eslint-disable-next-line jsx-a11y/media-has-caption -- the song's words are on the page, synced when they can be */}
          <video
            controls
            preload="metadata"
            playsInline
            src={assetUrl(clipId, "video")}
            className="aspect-video w-full rounded-lg bg-black"
            onPlay={() => player.playing && player.toggle()}
            data-testid="music-video"
          />
          <Download clipId={clipId} asset={video} label="Download video" />
        </div>
      )}
      {covers.length > 0 && (
        <div className="flex flex-col gap-2">
          <h3 className="text-sm font-medium text-fg-muted">New cover art</h3>
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {covers.map((asset) => (
              <CoverChoice key={asset.kind} clipId={clipId} asset={asset} canManage={canManage} />
            ))}
          </ul>
        </div>
      )}
      {failed.length > 0 && (
        <p className="text-sm text-fg-muted">
          Chorus could not keep its own copy of {failed.map((a) => assetLabel(a.kind)).join(", ")}{" "}
          yet ({failed[0]!.archiveError}); it keeps trying.
        </p>
      )}
    </div>
  );
}
