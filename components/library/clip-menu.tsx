"use client";

// A song card's menu. Its trigger is on every card, its code (Radix, the rating submenu, the
// playlists) loads on first use: clip-menu-open.tsx, through components/ui/deferred-menu.tsx.
import { MoreHorizontal } from "lucide-react";

import type { Track } from "@/components/player/player-context";
import { DeferredTrigger, useDeferredMenu } from "@/components/ui/deferred-menu";

export const TRIGGER =
  "inline-flex size-10 shrink-0 items-center justify-center rounded-full text-fg-muted " +
  "hover:bg-muted hover:text-fg focus-visible:outline-2 focus-visible:outline-accent " +
  "data-[state=open]:bg-muted";
export const menuLabel = (track: Track) => `More for ${track.title || "this song"}`;

const load = () => import("./clip-menu-open").then((module) => module.OpenClipMenu);

export type ClipMenuProps = {
  track: Track;
  clipId: string;
  taskId: string | null;
  /** the reader's own like and rating (anyone who sees a song may react) */
  liked: boolean;
  rating: number | null;
  /** the viewer owns it (the trash is the owner's) */
  isOwner: boolean;
  onLiked: (liked: boolean) => void;
  onRated: (rating: number | null) => void;
  onTrashed: () => void;
};

export function ClipMenu(props: ClipMenuProps) {
  const { Menu, byKeyboard, open, prefetch } = useDeferredMenu(load);
  if (Menu) return <Menu {...props} defaultOpen byKeyboard={byKeyboard} />;
  return (
    <DeferredTrigger
      label={menuLabel(props.track)}
      className={TRIGGER}
      onOpen={open}
      onPrefetch={prefetch}
    >
      <MoreHorizontal className="size-5" aria-hidden="true" />
    </DeferredTrigger>
  );
}
