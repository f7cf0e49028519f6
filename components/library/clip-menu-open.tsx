"use client";

// A song card's menu, open (Radix: arrow keys, typeahead, Escape, focus back on the trigger):
// queue it, like it, download, share, extend, reuse its prompt, or move it to the trash. Loaded
// on first use by clip-menu.tsx, so Radix is not in the library's first load.
import * as Menu from "@radix-ui/react-dropdown-menu";
import {
  Download,
  Heart,
  HeartOff,
  ListEnd,
  ListPlus,
  MoreHorizontal,
  Repeat2,
  Share2,
  SquarePen,
  Star,
  Trash2,
} from "lucide-react";
import type { Route } from "next";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";

import { usePlayer } from "@/components/player/player-context";
import { AddToPlaylistSub } from "@/components/playlists/add-to-playlist";
import { useFirstItemFocus, type Opened } from "@/components/ui/deferred-menu";
import { toast } from "@/components/ui/toast";
import { trashClipAction } from "@/lib/actions/clips";

import { menuLabel, TRIGGER, type ClipMenuProps } from "./clip-menu";
import { sendLike, sendRating } from "./reactions";

const ITEM =
  "flex min-h-10 cursor-default items-center gap-2 rounded-md px-3 text-sm outline-none " +
  "select-none data-[highlighted]:bg-muted data-[disabled]:opacity-50";

function Item({ icon, children, ...props }: Menu.DropdownMenuItemProps & { icon: ReactNode }) {
  return (
    <Menu.Item className={ITEM} {...props}>
      <span aria-hidden="true" className="text-fg-muted">
        {icon}
      </span>
      {children}
    </Menu.Item>
  );
}

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};

export function OpenClipMenu({
  track,
  clipId,
  taskId,
  liked,
  rating,
  isOwner,
  onLiked,
  onRated,
  onTrashed,
  defaultOpen,
  byKeyboard,
}: ClipMenuProps & Opened) {
  const firstItemFocus = useFirstItemFocus(byKeyboard);
  const player = usePlayer();
  const router = useRouter();
  const name = track.title || "This song";

  const like = async () => {
    onLiked(!liked);
    if (!(await sendLike(clipId, !liked))) onLiked(liked);
    else toast.success(liked ? `${name} is no longer liked` : `You like ${name}`);
  };
  const rate = async (stars: number | null) => {
    onRated(stars);
    if (!(await sendRating(clipId, stars))) onRated(rating);
    else
      toast.success(stars ? `You rated ${name} ${stars} of 5` : `Your rating of ${name} is gone`);
  };
  const trash = async () => {
    const result = await trashClipAction({}, form({ clipId }));
    if (result.error) return void toast.error(result.error);
    onTrashed();
    toast.success(`${name} is in the trash`, {
      description: "It is deleted for good after 30 days.",
      action: { label: "Open trash", onClick: () => router.push("/trash") },
    });
  };

  return (
    <Menu.Root modal={false} defaultOpen={defaultOpen}>
      <Menu.Trigger aria-label={menuLabel(track)} className={TRIGGER}>
        <MoreHorizontal className="size-5" aria-hidden="true" />
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          ref={firstItemFocus}
          align="end"
          sideOffset={4}
          className="z-50 min-w-52 rounded-xl border border-line bg-surface p-1 text-fg shadow-lg"
        >
          <Item
            icon={<ListPlus className="size-4" />}
            onSelect={() => {
              player.playNext(track);
              toast.success(`${name} plays next`);
            }}
          >
            Play next
          </Item>
          <Item
            icon={<ListEnd className="size-4" />}
            onSelect={() => {
              player.enqueue(track);
              toast.success(`${name} is in the queue`);
            }}
          >
            Add to queue
          </Item>
          <AddToPlaylistSub clipId={clipId} name={name} />
          <Menu.Separator className="my-1 h-px bg-line" />
          <Item
            icon={liked ? <HeartOff className="size-4" /> : <Heart className="size-4" />}
            onSelect={() => void like()}
          >
            {liked ? "Unlike" : "Like"}
          </Item>
          <Menu.Sub>
            <Menu.SubTrigger className={ITEM}>
              <Star className="size-4 text-fg-muted" aria-hidden="true" />
              {rating ? `Rated ${rating} of 5` : "Rate"}
            </Menu.SubTrigger>
            <Menu.Portal>
              <Menu.SubContent
                sideOffset={4}
                className="z-50 min-w-40 rounded-xl border border-line bg-surface p-1 text-fg shadow-lg"
              >
                <Menu.RadioGroup
                  value={String(rating ?? 0)}
                  onValueChange={(value) => void rate(Number(value) || null)}
                >
                  {[5, 4, 3, 2, 1, 0].map((stars) => (
                    <Menu.RadioItem key={stars} value={String(stars)} className={ITEM}>
                      <span aria-hidden="true" className="w-4 text-accent">
                        <Menu.ItemIndicator>•</Menu.ItemIndicator>
                      </span>
                      {stars === 0 ? "No rating" : `${stars} ${stars === 1 ? "star" : "stars"}`}
                    </Menu.RadioItem>
                  ))}
                </Menu.RadioGroup>
              </Menu.SubContent>
            </Menu.Portal>
          </Menu.Sub>
          <Menu.Item className={ITEM} asChild>
            <a href={`/api/media/${clipId}/audio?download`}>
              <Download className="size-4 text-fg-muted" aria-hidden="true" />
              Download
            </a>
          </Menu.Item>
          <Item
            icon={<Share2 className="size-4" />}
            onSelect={() => router.push(`/clips/${clipId}#share` as Route)}
          >
            Share…
          </Item>
          <Menu.Separator className="my-1 h-px bg-line" />
          <Item
            icon={<Repeat2 className="size-4" />}
            onSelect={() => router.push(`/create?remix=${clipId}` as Route)}
          >
            Extend or remix
          </Item>
          {taskId && (
            <Item
              icon={<SquarePen className="size-4" />}
              onSelect={() => router.push(`/create?reuse=${taskId}` as Route)}
            >
              Reuse prompt
            </Item>
          )}
          {isOwner && (
            <>
              <Menu.Separator className="my-1 h-px bg-line" />
              <Item
                icon={<Trash2 className="size-4" />}
                onSelect={() => void trash()}
                className={`${ITEM} text-danger`}
              >
                Move to trash
              </Item>
            </>
          )}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
