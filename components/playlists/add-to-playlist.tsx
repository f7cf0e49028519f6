"use client";

// "Add to playlist": the playlists a song may go into (its own personal ones, and those of the
// song's teams the reader may edit), as menu items for the card menu's submenu and for the
// player's button. A playlist that has the song already is marked and adds nothing.
import * as Menu from "@radix-ui/react-dropdown-menu";
import { Check, ListMusic, Plus } from "lucide-react";
import type { Route } from "next";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { addLabel } from "@/components/playlists/add-to-playlist-button";
import { useFirstItemFocus, type Opened } from "@/components/ui/deferred-menu";
import { toast } from "@/components/ui/toast";
import { addToPlaylistAction } from "@/lib/actions/playlists";
import { usePlaylistTargets } from "@/lib/swr/use-playlist-targets";

export const MENU_ITEM =
  "flex min-h-10 cursor-default items-center gap-2 rounded-md px-3 text-sm outline-none " +
  "select-none data-[highlighted]:bg-muted data-[disabled]:opacity-50";
const CONTENT = "z-50 min-w-52 rounded-xl border border-line bg-surface p-1 text-fg shadow-lg";

function PlaylistItems({ clipId, name }: { clipId: string; name: string }) {
  const router = useRouter();
  const { data, error, mutate } = usePlaylistTargets(clipId);
  const add = async (playlist: { id: string; name: string }) => {
    const data = new FormData();
    data.set("playlistId", playlist.id);
    data.set("clipId", clipId);
    const result = await addToPlaylistAction({}, data);
    if (result.error) return void toast.error(result.error);
    toast.success(`${name} is in ${playlist.name}`, {
      action: { label: "Open", onClick: () => router.push(`/playlists/${playlist.id}` as Route) },
    });
    void mutate();
  };
  return (
    <>
      {error && (
        <Menu.Item disabled className={MENU_ITEM}>
          Playlists could not be loaded
        </Menu.Item>
      )}
      {!data && !error && (
        <Menu.Item disabled className={MENU_ITEM}>
          Loading playlists…
        </Menu.Item>
      )}
      {data?.playlists.map((playlist) => (
        <Menu.Item
          key={playlist.id}
          className={MENU_ITEM}
          disabled={playlist.has}
          onSelect={() => void add(playlist)}
        >
          <span aria-hidden="true" className="w-4 text-fg-muted">
            {playlist.has ? <Check className="size-4" /> : null}
          </span>
          <span className="truncate">
            {playlist.name}
            {playlist.team && <span className="text-fg-muted"> · {playlist.team}</span>}
            {playlist.has && <span className="sr-only"> (has it already)</span>}
          </span>
        </Menu.Item>
      ))}
      {data && <Menu.Separator className="my-1 h-px bg-line" />}
      <Menu.Item className={MENU_ITEM} onSelect={() => router.push("/playlists" as Route)}>
        <Plus className="size-4 text-fg-muted" aria-hidden="true" />
        New playlist…
      </Menu.Item>
    </>
  );
}

/** The card menu's submenu; its items load when it opens. */
export function AddToPlaylistSub({ clipId, name }: { clipId: string; name: string }) {
  const [open, setOpen] = useState(false);
  return (
    <Menu.Sub open={open} onOpenChange={setOpen}>
      <Menu.SubTrigger className={MENU_ITEM}>
        <ListMusic className="size-4 text-fg-muted" aria-hidden="true" />
        Add to playlist
      </Menu.SubTrigger>
      <Menu.Portal>
        <Menu.SubContent sideOffset={4} className={CONTENT}>
          {open && <PlaylistItems clipId={clipId} name={name} />}
        </Menu.SubContent>
      </Menu.Portal>
    </Menu.Sub>
  );
}

/** The player's button, open (loaded on first use by add-to-playlist-button.tsx). */
export function OpenAddToPlaylist({
  clipId,
  name,
  className,
  defaultOpen,
  byKeyboard,
}: {
  clipId: string;
  name: string;
  className?: string;
} & Opened) {
  const [open, setOpen] = useState(defaultOpen);
  const firstItemFocus = useFirstItemFocus(byKeyboard);
  return (
    <Menu.Root modal={false} open={open} onOpenChange={setOpen}>
      {/* not "…playlist": the player's buttons are found by names like "Play" */}
      <Menu.Trigger aria-label={addLabel(name)} title="Add to playlist" className={className}>
        <ListMusic className="size-5" aria-hidden="true" />
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          ref={firstItemFocus}
          side="top"
          align="end"
          sideOffset={6}
          className={CONTENT}
        >
          {open && <PlaylistItems clipId={clipId} name={name} />}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
