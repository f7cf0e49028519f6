"use client";

// The queue: what plays now and next. Reorder by dragging or by keyboard (the move buttons, or
// Alt+↑/↓ on a row), jump to a song, remove one, or clear what comes after the current song.
import { useRef, useState, type KeyboardEvent } from "react";

import { Dialog } from "@/components/ui/dialog";
import { cn } from "@/lib/cn";

import { DownIcon, GripIcon, RemoveIcon, UpIcon } from "./icons";
import { usePlayer } from "./player-context";

const small =
  "grid size-11 place-items-center rounded-lg text-fg-muted hover:bg-muted hover:text-fg " +
  "focus-visible:outline-2 focus-visible:outline-accent disabled:opacity-30";

export function QueuePanel({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Queue" className="w-[min(36rem,calc(100vw-1rem))]">
      <QueueList />
      <div className="flex justify-end">
        <button
          type="button"
          onClick={onClose}
          className="rounded-lg px-3 py-2 text-sm font-medium hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent"
        >
          Close
        </button>
      </div>
    </Dialog>
  );
}

/** The queue as a list; used in the queue dialog and in the phone's now-playing view. */
export function QueueList() {
  const { queue, index, move, remove, clear, jumpTo } = usePlayer();
  const [dragging, setDragging] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const rows = useRef<(HTMLButtonElement | null)[]>([]);

  const moveTo = (from: number, to: number) => {
    if (to < 0 || to >= queue.length) return;
    move(from, to);
    const title = queue[from]?.track.title || "Untitled";
    setAnnouncement(`${title} moved to position ${to + 1} of ${queue.length}`);
    // keep the keyboard on the row that moved
    requestAnimationFrame(() => rows.current[to]?.focus());
  };
  const onRowKey = (event: KeyboardEvent<HTMLButtonElement>, at: number) => {
    if (!event.altKey) return;
    if (event.key === "ArrowUp") moveTo(at, at - 1);
    else if (event.key === "ArrowDown") moveTo(at, at + 1);
    else return;
    event.preventDefault();
  };

  if (queue.length === 0) return <p className="text-sm text-fg-muted">Nothing is queued.</p>;
  return (
    <div className="flex flex-col gap-2">
      <p className="text-xs text-fg-muted">
        Drag to reorder, or focus a song and press Alt+↑ or Alt+↓.
      </p>
      <ol aria-label="Queue" className="flex max-h-[55vh] flex-col gap-1 overflow-y-auto">
        {queue.map((item, at) => (
          <li
            key={item.key}
            aria-current={at === index ? "true" : undefined}
            className={cn(
              "flex items-center gap-1 rounded-lg border border-transparent px-1 focus-visible:outline-2 focus-visible:outline-accent",
              at === index && "border-line bg-muted",
              dragging === at && "opacity-50",
            )}
          >
            <span className="cursor-grab px-1 text-fg-muted" aria-hidden="true">
              <GripIcon />
            </span>
            <button
              type="button"
              ref={(element) => void (rows.current[at] = element)}
              onClick={() => jumpTo(at)}
              onKeyDown={(event) => onRowKey(event, at)}
              draggable
              onDragStart={() => setDragging(at)}
              onDragOver={(event) => event.preventDefault()}
              onDrop={() => {
                if (dragging !== null) moveTo(dragging, at);
                setDragging(null);
              }}
              onDragEnd={() => setDragging(null)}
              aria-label={`${at + 1}. ${item.track.title || "Untitled"}${at === index ? ", playing" : ""}. Play`}
              className="min-w-0 flex-1 rounded-md py-2 text-left focus-visible:outline-2 focus-visible:outline-accent"
            >
              <span className={cn("block truncate text-sm", at === index && "font-semibold")}>
                {item.track.title || "Untitled"}
              </span>
              {item.track.subtitle && (
                <span className="block truncate text-xs text-fg-muted">{item.track.subtitle}</span>
              )}
            </button>
            <button
              type="button"
              onClick={() => moveTo(at, at - 1)}
              disabled={at === 0}
              aria-label={`Move ${item.track.title || "this song"} up`}
              className={small}
            >
              <UpIcon />
            </button>
            <button
              type="button"
              onClick={() => moveTo(at, at + 1)}
              disabled={at === queue.length - 1}
              aria-label={`Move ${item.track.title || "this song"} down`}
              className={small}
            >
              <DownIcon />
            </button>
            <button
              type="button"
              onClick={() => remove(item.key)}
              aria-label={`Remove ${item.track.title || "this song"} from the queue`}
              className={small}
            >
              <RemoveIcon />
            </button>
          </li>
        ))}
      </ol>
      <p role="status" className="sr-only">
        {announcement}
      </p>
      {queue.length > 1 && (
        <button
          type="button"
          onClick={clear}
          className="self-start rounded-lg px-3 py-2 text-sm font-medium text-link hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent"
        >
          Clear the rest of the queue
        </button>
      )}
    </div>
  );
}
