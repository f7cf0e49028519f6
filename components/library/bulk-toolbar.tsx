"use client";

// The library's bulk toolbar (issue 18, item 5), loaded on the first selection. A selection
// is the ticked songs or "all that match" the view (the whole query, counted by the server);
// each button is one server action over it, and its summary ("38 moved to the trash, 2 you
// may not change") is read out by a live region, with an undo where the change can be undone.
import { Download, Heart, HeartOff, ListPlus, Star, Tag, Trash2, X } from "lucide-react";
import { useEffect, useState, type ReactNode } from "react";

import { usePlayer } from "@/components/player/player-context";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import {
  bulkAddToPlaylistAction,
  bulkCountAction,
  bulkLikeAction,
  bulkRateAction,
  bulkRemoveFromPlaylistAction,
  bulkRestoreAction,
  bulkShareAction,
  bulkTagAction,
  bulkTrashAction,
  bulkUnshareAction,
} from "@/lib/actions/bulk";
import type { ActionState } from "@/lib/actions/safe-action";
import { libraryParams, type LibraryClipJson, type LibraryQuery } from "@/lib/library/shared";
import { useEditablePlaylists } from "@/lib/swr/use-playlist-targets";

import { clipTrack } from "./clip-card";
import type { BulkContext } from "./library-browser";

type Action = (state: ActionState, data: FormData) => Promise<ActionState>;
type Panel = "rate" | "tag" | "playlist" | "share" | null;
type Outcome = { text: string; tone: "ok" | "error"; undo?: () => Promise<void> };

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};

const SMALL =
  "inline-flex min-h-10 items-center gap-1.5 rounded-lg px-3 text-sm font-medium " +
  "hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent disabled:opacity-50 " +
  "aria-expanded:bg-muted";

export function BulkToolbar({
  query,
  ids,
  allMatching,
  loaded,
  context,
  onSelectAll,
  onClearSelection,
  onClose,
  onRemoved,
  onChanged,
}: {
  query: LibraryQuery;
  ids: string[];
  allMatching: boolean;
  loaded: LibraryClipJson[];
  context: BulkContext;
  /** all: every song matching the view; otherwise the loaded ones */
  onSelectAll: (all: boolean) => void;
  onClearSelection: () => void;
  onClose: () => void;
  /** songs left the view (trash) or came back (undo) */
  onRemoved: (ids: string[], removed: boolean) => void;
  onChanged: () => void;
}) {
  const player = usePlayer();
  const [matching, setMatching] = useState<{ count: number; max: number } | null>(null);
  const [panel, setPanel] = useState<Panel>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const params = libraryParams({ ...query, view: undefined, sort: undefined });
  if (query.team) params.set("team", query.team);
  const viewQuery = params.toString();

  // how many songs the whole view holds (for "select all matching")
  useEffect(() => {
    let live = true;
    void bulkCountAction({}, form({ query: viewQuery })).then((result) => {
      if (live && result.data) setMatching(result.data as { count: number; max: number });
    });
    return () => void (live = false);
  }, [viewQuery]);

  const count = allMatching ? (matching?.count ?? 0) : ids.length;
  const tooMany = allMatching && matching !== null && matching.count > matching.max;
  const selection = (): Record<string, string> =>
    allMatching ? { query: viewQuery } : { ids: ids.join(",") };

  const run = async (
    action: Action,
    fields: Record<string, string>,
    after?: (result: ActionState) => Omit<Outcome, "text" | "tone"> | void,
  ) => {
    setBusy(true);
    try {
      const result = await action({}, form({ ...selection(), ...fields }));
      if (result.error) {
        const detail = Object.values(result.fieldErrors ?? {})
          .flat()
          .join(" ");
        setOutcome({ text: detail ? `${result.error} ${detail}` : result.error, tone: "error" });
        return;
      }
      const extra = after?.(result) ?? {};
      setOutcome({ text: result.message ?? "Done.", tone: "ok", ...extra });
      setPanel(null);
      onChanged();
    } finally {
      setBusy(false);
    }
  };
  const undoWith = (action: Action, fields: Record<string, string>, then?: () => void) => {
    return async () => {
      setBusy(true);
      const result = await action({}, form(fields));
      setBusy(false);
      setOutcome(
        result.error
          ? { text: result.error, tone: "error" }
          : { text: `Undone: ${result.message ?? "done"}`, tone: "ok" },
      );
      if (!result.error) {
        then?.();
        onChanged();
      }
    };
  };
  const changedOf = (result: ActionState) =>
    String(result.data?.changed ?? "")
      .split(",")
      .filter(Boolean);

  const trash = () =>
    run(bulkTrashAction, {}, (result) => {
      const changed = changedOf(result);
      onRemoved(changed, true);
      if (changed.length === 0) return;
      return {
        undo: undoWith(bulkRestoreAction, { ids: changed.join(",") }, () =>
          onRemoved(changed, false),
        ),
      };
    });
  const tag = (name: string, op: "add" | "remove") =>
    run(bulkTagAction, { tag: name, op }, (result) => {
      const changed = changedOf(result);
      if (changed.length === 0) return;
      return {
        undo: undoWith(bulkTagAction, {
          ids: changed.join(","),
          tag: name,
          op: op === "add" ? "remove" : "add",
        }),
      };
    });
  const addTo = (playlist: { id: string; name: string }) =>
    run(bulkAddToPlaylistAction, { playlistId: playlist.id }, (result) => {
      const changed = changedOf(result);
      if (changed.length === 0) return;
      return {
        undo: undoWith(bulkRemoveFromPlaylistAction, {
          playlistId: playlist.id,
          ids: changed.join(","),
        }),
      };
    });
  const queue = () => {
    const picked = allMatching ? loaded : loaded.filter((c) => ids.includes(c.id));
    for (const clip of picked) player.enqueue(clipTrack(clip));
    setOutcome({
      text:
        `${picked.length} ${picked.length === 1 ? "song" : "songs"} added to the queue` +
        (allMatching && matching && matching.count > picked.length
          ? ` (the ${picked.length} loaded so far).`
          : "."),
      tone: "ok",
    });
  };
  const exportHref = () => {
    if (!allMatching) return `/api/export?ids=${ids.join(",")}`;
    return `/api/export?${viewQuery}`;
  };

  const none = count === 0 || tooMany || busy;
  const toggle = (which: Panel) => setPanel((p) => (p === which ? null : which));

  return (
    <section
      aria-label="Selected songs"
      className="sticky top-2 z-20 flex flex-col gap-2 rounded-xl border border-line bg-surface p-2 shadow-md"
    >
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <p className="px-2 text-sm font-medium" data-testid="selection-count">
          {allMatching
            ? `All ${matching ? matching.count.toLocaleString("en") : ""} matching songs selected`
            : `${ids.length} selected`}
        </p>
        {!allMatching && matching && matching.count > ids.length && (
          <button type="button" className={`${SMALL} text-link`} onClick={() => onSelectAll(true)}>
            Select all {matching.count > matching.max ? `${matching.max}+` : matching.count}{" "}
            matching
          </button>
        )}
        {!allMatching && loaded.length > ids.length && (
          <button type="button" className={SMALL} onClick={() => onSelectAll(false)}>
            Select the {loaded.length} shown
          </button>
        )}
        {count > 0 && (
          <button type="button" className={SMALL} onClick={onClearSelection}>
            Clear selection
          </button>
        )}
        <button
          type="button"
          className={`${SMALL} ml-auto`}
          onClick={onClose}
          aria-label="Close the selection tools"
        >
          <X className="size-4" aria-hidden="true" />
        </button>
      </div>
      {tooMany && (
        <p className="px-2 text-sm text-danger">
          That is more than {matching!.max.toLocaleString("en")} songs: narrow the search first.
        </p>
      )}
      <div role="toolbar" aria-label="Bulk actions" className="flex flex-wrap gap-1">
        <button
          type="button"
          className={SMALL}
          disabled={none}
          onClick={() => run(bulkLikeAction, { liked: "true" })}
        >
          <Heart className="size-4" aria-hidden="true" /> Like
        </button>
        <button
          type="button"
          className={SMALL}
          disabled={none}
          onClick={() => run(bulkLikeAction, { liked: "false" })}
        >
          <HeartOff className="size-4" aria-hidden="true" /> Unlike
        </button>
        <PanelButton
          open={panel === "rate"}
          onClick={() => toggle("rate")}
          disabled={none}
          icon={<Star className="size-4" aria-hidden="true" />}
        >
          Rate
        </PanelButton>
        <PanelButton
          open={panel === "tag"}
          onClick={() => toggle("tag")}
          disabled={none}
          icon={<Tag className="size-4" aria-hidden="true" />}
        >
          Tag
        </PanelButton>
        <PanelButton
          open={panel === "playlist"}
          onClick={() => toggle("playlist")}
          disabled={none}
          icon={<ListPlus className="size-4" aria-hidden="true" />}
        >
          Add to playlist
        </PanelButton>
        {(context.teamId || (context.shareTeams?.length ?? 0) > 0) && (
          <PanelButton open={panel === "share"} onClick={() => toggle("share")} disabled={none}>
            {context.teamId ? "Take out of the team" : "Share into a team"}
          </PanelButton>
        )}
        <button type="button" className={SMALL} disabled={none} onClick={queue}>
          Queue
        </button>
        {none ? (
          <button type="button" className={SMALL} disabled>
            <Download className="size-4" aria-hidden="true" /> Export ZIP
          </button>
        ) : (
          <a href={exportHref()} className={SMALL} download>
            <Download className="size-4" aria-hidden="true" /> Export ZIP
          </a>
        )}
        <button
          type="button"
          className={`${SMALL} text-danger`}
          disabled={none}
          onClick={() => void trash()}
        >
          <Trash2 className="size-4" aria-hidden="true" /> Move to trash
        </button>
      </div>
      {panel === "rate" && (
        <RatePanel busy={busy} onRate={(r) => run(bulkRateAction, { rating: r })} />
      )}
      {panel === "tag" && <TagPanel busy={busy} onTag={tag} />}
      {panel === "playlist" && <PlaylistPanel team={query.team} busy={busy} onPick={addTo} />}
      {panel === "share" && (
        <SharePanel
          context={context}
          busy={busy}
          onShare={(teamId) =>
            run(context.teamId ? bulkUnshareAction : bulkShareAction, { teamId })
          }
        />
      )}
      <div
        role="status"
        aria-live="polite"
        className={`flex flex-wrap items-center gap-2 px-2 text-sm empty:hidden ${outcome?.tone === "error" ? "text-danger" : ""}`}
      >
        {outcome && <span>{outcome.text}</span>}
        {outcome?.undo && (
          <Button
            variant="secondary"
            size="sm"
            disabled={busy}
            onClick={() => {
              const undo = outcome.undo!;
              setOutcome({ ...outcome, undo: undefined });
              void undo();
            }}
          >
            Undo
          </Button>
        )}
      </div>
    </section>
  );
}

function PanelButton({
  open,
  onClick,
  disabled,
  icon,
  children,
}: {
  open: boolean;
  onClick: () => void;
  disabled: boolean;
  icon?: ReactNode;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={SMALL}
      aria-expanded={open}
      disabled={disabled}
      onClick={onClick}
    >
      {icon} {children}…
    </button>
  );
}

const PANEL = "flex flex-wrap items-end gap-2 rounded-lg bg-muted/50 p-2";

function RatePanel({ busy, onRate }: { busy: boolean; onRate: (rating: string) => void }) {
  return (
    <div role="group" aria-label="Rate the selected songs" className={PANEL}>
      {["1", "2", "3", "4", "5"].map((r) => (
        <Button key={r} variant="secondary" size="sm" disabled={busy} onClick={() => onRate(r)}>
          {r} {r === "1" ? "star" : "stars"}
        </Button>
      ))}
      <Button variant="ghost" size="sm" disabled={busy} onClick={() => onRate("")}>
        Clear my rating
      </Button>
    </div>
  );
}

function TagPanel({
  busy,
  onTag,
}: {
  busy: boolean;
  onTag: (tag: string, op: "add" | "remove") => void;
}) {
  const [tag, setTag] = useState("");
  return (
    <form
      aria-label="Tag the selected songs"
      className={PANEL}
      onSubmit={(e) => {
        e.preventDefault();
        if (tag.trim()) onTag(tag.trim(), "add");
      }}
    >
      <label className="flex flex-col gap-1 text-sm font-medium">
        Style tag
        <Input
          value={tag}
          onChange={(e) => setTag(e.target.value)}
          maxLength={60}
          className="w-48"
        />
      </label>
      <Button type="submit" size="sm" disabled={busy || !tag.trim()}>
        Add tag
      </Button>
      <Button
        type="button"
        variant="secondary"
        size="sm"
        disabled={busy || !tag.trim()}
        onClick={() => onTag(tag.trim(), "remove")}
      >
        Remove tag
      </Button>
    </form>
  );
}

function PlaylistPanel({
  team,
  busy,
  onPick,
}: {
  team?: string;
  busy: boolean;
  onPick: (playlist: { id: string; name: string }) => void;
}) {
  const { data, error } = useEditablePlaylists(team);
  return (
    <div role="group" aria-label="Add the selected songs to a playlist" className={PANEL}>
      {error && <p className="text-sm text-danger">Playlists could not be loaded.</p>}
      {!data && !error && <p className="text-sm text-fg-muted">Loading playlists…</p>}
      {data?.playlists.length === 0 && (
        <p className="text-sm text-fg-muted">No playlist to add to: make one on Playlists.</p>
      )}
      {data?.playlists.map((p) => (
        <Button key={p.id} variant="secondary" size="sm" disabled={busy} onClick={() => onPick(p)}>
          {p.name}
          {p.team && <span className="text-fg-muted"> · {p.team}</span>}
        </Button>
      ))}
    </div>
  );
}

function SharePanel({
  context,
  busy,
  onShare,
}: {
  context: BulkContext;
  busy: boolean;
  onShare: (teamId: string) => void;
}) {
  if (context.teamId)
    return (
      <div role="group" aria-label="Take the selected songs out of the team" className={PANEL}>
        <p className="text-sm">
          Songs shared into this team go back to their creators&apos; personal libraries.
        </p>
        <Button size="sm" disabled={busy} onClick={() => onShare(context.teamId!)}>
          Take them out
        </Button>
      </div>
    );
  return (
    <div role="group" aria-label="Share the selected songs into a team" className={PANEL}>
      {context.shareTeams?.map((team) => (
        <Button
          key={team.id}
          variant="secondary"
          size="sm"
          disabled={busy}
          onClick={() => onShare(team.id)}
        >
          Share into {team.name}
        </Button>
      ))}
    </div>
  );
}
