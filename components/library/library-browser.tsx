"use client";

// Search, filters, sort and the layout live in the URL (shareable; Back works). The first page
// comes from the server; further pages load as the list scrolls (or with "Load more"), and Back
// to a list returns to the pages that were loaded and the place in them.
import { LayoutGrid, List } from "lucide-react";
import type { Route } from "next";
import { useRouter } from "next/navigation";
import {
  Fragment,
  lazy,
  Suspense,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  useTransition,
} from "react";

import { usePlayer } from "@/components/player/player-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  isFiltered,
  libraryParams,
  libraryUrl,
  type LibraryPageJson,
  type LibraryQuery,
} from "@/lib/library/shared";
import { useLibrary } from "@/lib/swr/use-library";

import { ClipCard, clipTrack } from "./clip-card";
import { LibraryFilters } from "./library-filters";
import { MakingStrip } from "./making-strip";

// the bulk toolbar's code loads on the first selection, not with the library (its JS budget;
// React.lazy, not next/dynamic, whose loader would itself be first-load JS)
const BulkToolbar = lazy(() => import("./bulk-toolbar").then((m) => ({ default: m.BulkToolbar })));

/** What bulk actions may offer here: the team of a team library, teams to share into. */
export type BulkContext = { teamId?: string; shareTeams?: { id: string; name: string }[] };

/** Wraps the words that start with a searched term in <mark>. Text only: no HTML is injected. */
function Highlight({ text, terms }: { text: string; terms: string[] }) {
  if (!terms.length || !text) return <>{text}</>;
  const pattern = new RegExp(
    `(${terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})[\\p{L}\\p{N}]*`,
    "giu",
  );
  const parts: Array<string | { match: string }> = [];
  let last = 0;
  for (const found of text.matchAll(pattern)) {
    parts.push(text.slice(last, found.index), { match: found[0] });
    last = found.index + found[0].length;
  }
  parts.push(text.slice(last));
  return (
    <>
      {parts.map((part, i) =>
        typeof part === "string" ? (
          <Fragment key={i}>{part}</Fragment>
        ) : (
          <mark key={i} className="rounded bg-accent/15 px-0.5 text-fg">
            {part.match}
          </mark>
        ),
      )}
    </>
  );
}

type Props = {
  query: LibraryQuery;
  models: string[];
  initial: LibraryPageJson;
  basePath?: string;
  creators?: { id: string; name: string }[];
  /** the workspace's requests still being made, for the "Making" strip */
  makingIds?: string[];
  bulk?: BulkContext;
};

export function LibraryBrowser({
  query,
  models,
  initial,
  basePath = "/library",
  creators,
  makingIds = [],
  bulk = {},
}: Props) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const navigate = (change: Partial<LibraryQuery>, replace = false) => {
    const url = libraryUrl({ ...query, ...change }, basePath) as Route;
    startTransition(() =>
      replace ? router.replace(url, { scroll: false }) : router.push(url, { scroll: false }),
    );
  };
  const view = query.view ?? "grid";
  // the list is one list per search and filters (the layout is not part of it)
  const listKey = libraryParams({ ...query, view: undefined }).toString();

  return (
    <div className="flex flex-col gap-4">
      <LibraryFilters
        query={query}
        sort={query.sort ?? initial.sort}
        models={models}
        creators={creators}
        navigate={navigate}
      />
      <MakingStrip taskIds={makingIds} />
      <div className="flex items-center justify-end gap-1" role="group" aria-label="Layout">
        {(
          [
            ["grid", "Grid", LayoutGrid],
            ["list", "List", List],
          ] as const
        ).map(([id, label, Icon]) => (
          <button
            key={id}
            type="button"
            aria-pressed={view === id}
            onClick={() => navigate({ view: id === "grid" ? undefined : id }, true)}
            className="inline-flex min-h-10 items-center gap-1.5 rounded-lg px-3 text-sm text-fg-muted hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent aria-pressed:bg-muted aria-pressed:font-medium aria-pressed:text-fg"
          >
            <Icon className="size-4" aria-hidden="true" />
            {label}
          </button>
        ))}
      </div>
      <SongList
        key={listKey}
        query={query}
        initial={initial}
        layout={view}
        showCreator={Boolean(creators)}
        bulk={bulk}
        onClear={() => startTransition(() => router.push(basePath as "/library"))}
      />
    </div>
  );
}

// Back to a list: the loaded pages come from SWR's cache (their number too), and the place is
// put back from what was saved when a song was opened from it.
const SCROLL_KEY = "chorus:library-scroll:";
let poppedAt = -Infinity;
if (typeof window !== "undefined")
  window.addEventListener("popstate", () => void (poppedAt = performance.now()));
const placeKey = () => SCROLL_KEY + location.pathname + location.search;

function SongList({
  query,
  initial,
  layout,
  showCreator,
  bulk,
  onClear,
}: {
  query: LibraryQuery;
  initial: LibraryPageJson;
  layout: "grid" | "list";
  showCreator: boolean;
  bulk: BulkContext;
  onClear: () => void;
}) {
  const player = usePlayer();
  const router = useRouter();
  const {
    clips: loaded,
    hasMore,
    isLoading,
    error,
    loadMore,
    retry,
  } = useLibrary({
    query,
    initial,
  });
  const [trashed, setTrashed] = useState<ReadonlySet<string>>(new Set());
  const clips = loaded.filter((c) => !trashed.has(c.id));

  // bulk selection: ticked ids, or "all that match" the view (the whole query, not the pages)
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [bulkOpen, setBulkOpen] = useState(false);
  /** after a bulk change the cards start again from the server's values */
  const [version, setVersion] = useState(0);
  const anchor = useRef<string | null>(null);
  const select = (id: string, range: boolean) => {
    setBulkOpen(true);
    const current = allMatching ? new Set(clips.map((c) => c.id)) : new Set(selected);
    setAllMatching(false);
    const on = !current.has(id);
    const from = anchor.current ? clips.findIndex((c) => c.id === anchor.current) : -1;
    const to = clips.findIndex((c) => c.id === id);
    if (range && from !== -1 && to !== -1) {
      // the range takes the clicked box's new state, like a file manager
      const [a, b] = from < to ? [from, to] : [to, from];
      for (const clip of clips.slice(a, b + 1)) {
        if (on) current.add(clip.id);
        else current.delete(clip.id);
      }
    } else if (on) current.add(id);
    else current.delete(id);
    anchor.current = id;
    setSelected(current);
  };
  const clearSelection = () => {
    setSelected(new Set());
    setAllMatching(false);
    anchor.current = null;
  };
  const sentinel = useRef<HTMLDivElement>(null);

  // the next page loads as the list's end scrolls near
  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasMore || isLoading || error) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) loadMore();
      },
      { rootMargin: "300px" },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasMore, isLoading, error, loadMore]);

  useLayoutEffect(() => {
    const saved = Number(sessionStorage.getItem(placeKey()));
    if (!saved || performance.now() - poppedAt > 5000) return;
    // the pages may still be arriving: try again as the page grows, until the place is reached,
    // the person scrolls on their own, or a few seconds have passed
    let done = false;
    const attempt = () => {
      if (done) return;
      window.scrollTo(0, saved);
      if (Math.abs(window.scrollY - saved) <= 2) done = true;
    };
    const stop = () => void (done = true);
    const growing = new ResizeObserver(attempt);
    growing.observe(document.body);
    const events = ["wheel", "touchstart", "keydown"] as const;
    for (const name of events) window.addEventListener(name, stop, { passive: true });
    const timer = setTimeout(stop, 4000);
    attempt();
    return () => {
      stop();
      growing.disconnect();
      clearTimeout(timer);
      for (const name of events) window.removeEventListener(name, stop);
    };
  }, []);
  const rememberPlace = () => sessionStorage.setItem(placeKey(), String(window.scrollY));

  const terms = initial.terms;
  const highlight = (text: string) => <Highlight text={text} terms={terms} />;
  const filtered = isFiltered(query);
  return (
    <>
      {bulkOpen && (
        <Suspense fallback={<p className="text-sm text-fg-muted">Loading the selection tools…</p>}>
          <BulkToolbar
            query={query}
            ids={[...selected]}
            allMatching={allMatching}
            loaded={clips}
            context={bulk}
            onSelectAll={(all) => {
              if (all) setAllMatching(true);
              else setSelected(new Set(clips.map((c) => c.id)));
            }}
            onClearSelection={clearSelection}
            onClose={() => {
              clearSelection();
              setBulkOpen(false);
            }}
            onRemoved={(ids, removed) => {
              setTrashed((before) => {
                const next = new Set(before);
                for (const id of ids) {
                  if (removed) next.add(id);
                  else next.delete(id);
                }
                return next;
              });
              if (removed) clearSelection();
            }}
            onChanged={() => {
              setVersion((v) => v + 1);
              router.refresh();
              retry();
            }}
          />
        </Suspense>
      )}
      {initial.fuzzy && clips.length > 0 && (
        <Alert tone="info">
          No exact matches for “{query.q}”. Showing songs with similar titles.
        </Alert>
      )}
      {clips.length === 0 ? (
        <div
          role="status"
          className="rounded-2xl border border-dashed border-line bg-surface px-6 py-12 text-center"
        >
          <p className="font-medium">
            No songs match{query.q ? ` “${query.q}”` : " these filters"}.
          </p>
          {filtered && (
            <button
              type="button"
              onClick={onClear}
              className="mt-2 text-sm font-medium text-link underline-offset-4 hover:underline"
            >
              Clear search and filters
            </button>
          )}
        </div>
      ) : (
        <>
          <ul
            onClickCapture={rememberPlace}
            className={
              layout === "grid"
                ? "grid gap-4 sm:grid-cols-2 lg:grid-cols-3"
                : "rounded-xl border border-line bg-surface"
            }
            aria-label="Songs"
          >
            {clips.map((clip) => (
              <ClipCard
                key={`${clip.id}:${version}`}
                clip={clip}
                selected={allMatching || selected.has(clip.id)}
                onSelect={(range) => select(clip.id, range)}
                layout={layout}
                showCreator={showCreator}
                highlight={highlight}
                team={query.team}
                showStack={!query.stack}
                onPlay={() => player.play(clipTrack(clip), clips.map(clipTrack))}
                onTrashed={() => setTrashed((ids) => new Set(ids).add(clip.id))}
              />
            ))}
          </ul>
        </>
      )}
      {error && (
        <Alert>
          {error}{" "}
          <button
            type="button"
            onClick={retry}
            className="font-medium text-link underline underline-offset-4"
          >
            Try again
          </button>
        </Alert>
      )}
      {hasMore && !error && (
        <div ref={sentinel} className="flex justify-center">
          <Button variant="secondary" onClick={loadMore} pending={isLoading}>
            {isLoading ? "Loading…" : "Load more"}
          </Button>
        </div>
      )}
    </>
  );
}
