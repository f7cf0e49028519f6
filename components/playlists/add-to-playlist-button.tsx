"use client";

// The player's "Add to playlist" button for the song playing now. Its menu's code (Radix, the
// playlists) loads on first use (add-to-playlist.tsx, through components/ui/deferred-menu.tsx).
import { ListMusic } from "lucide-react";

import { DeferredTrigger, useDeferredMenu } from "@/components/ui/deferred-menu";

/** not "…playlist": the player's buttons are found by names like "Play" */
export const addLabel = (name: string) => `Add ${name} to a list`;

const load = () => import("./add-to-playlist").then((module) => module.OpenAddToPlaylist);

export function AddToPlaylistButton(props: { clipId: string; name: string; className?: string }) {
  const { Menu, byKeyboard, open, prefetch } = useDeferredMenu(load);
  if (Menu) return <Menu {...props} defaultOpen byKeyboard={byKeyboard} />;
  return (
    <DeferredTrigger
      label={addLabel(props.name)}
      title="Add to playlist"
      className={props.className ?? ""}
      onOpen={open}
      onPrefetch={prefetch}
    >
      <ListMusic className="size-5" aria-hidden="true" />
    </DeferredTrigger>
  );
}
