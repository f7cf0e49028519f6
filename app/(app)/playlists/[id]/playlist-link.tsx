"use client";

// A playlist's public link (opt-in, revocable), for those who may manage the playlist. The
// link plays only the songs in it that the person who turned it on may share publicly.
import { useState } from "react";

import { ActionForm } from "@/components/action-form";
import { enablePlaylistLinkAction, revokePlaylistLinkAction } from "@/lib/actions/playlists";

export function PlaylistLink({
  playlistId,
  publicUrl,
}: {
  playlistId: string;
  publicUrl: string | null;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <section
      aria-labelledby="playlist-link"
      className="flex max-w-2xl flex-col gap-2 rounded-xl border border-line bg-surface p-4 text-sm"
    >
      <h2 id="playlist-link" className="text-lg font-semibold">
        Public link
      </h2>
      {publicUrl ? (
        <>
          <p>
            Anyone with this link can listen to the songs in this playlist that are yours to share
            (nothing else about you or your team is shown).
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <input
              readOnly
              aria-label="Public playlist link"
              value={publicUrl}
              onFocus={(e) => e.target.select()}
              className="min-w-0 flex-1 rounded-md border border-line bg-muted px-2 py-1.5 font-mono text-xs"
            />
            <button
              type="button"
              className="font-medium text-link underline-offset-4 hover:underline"
              onClick={() =>
                void navigator.clipboard?.writeText(publicUrl).then(() => setCopied(true))
              }
            >
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
          <ActionForm
            action={revokePlaylistLinkAction}
            fields={{ playlistId }}
            label="Turn off the public link"
          />
        </>
      ) : (
        <ActionForm
          action={enablePlaylistLinkAction}
          fields={{ playlistId }}
          label="Make a public link"
        />
      )}
    </section>
  );
}
