"use client";

// Search, filters and sort live in the URL (shareable; Back works). The first page comes
// from the server; further pages load as the list scrolls (or with "Load more").
import type { Route } from "next";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Fragment, useEffect, useEffectEvent, useRef, useState, useTransition } from "react";

import { formatDuration } from "@/components/format";
import { PlayIcon } from "@/components/player/icons";
import { usePlayer, type Track } from "@/components/player/player-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { toast } from "@/components/ui/toast";
import {
  isFiltered,
  libraryUrl,
  SORT_OPTIONS,
  type LibraryClipJson,
  type LibraryPageJson,
  type LibraryQuery,
} from "@/lib/library/shared";
import { modelLabel } from "@/lib/suno/catalogue";
import { useLibrary } from "@/lib/swr/use-library";

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

const track = (clip: LibraryClipJson): Track => ({
  id: clip.id,
  title: clip.title,
  subtitle: clip.tags,
  src: `/api/media/${clip.id}/audio`,
  cover: clip.hasCover ? `/api/media/${clip.id}/image` : null,
});

type Props = {
  query: LibraryQuery;
  models: string[];
  initial: LibraryPageJson;
  basePath?: string;
  creators?: { id: string; name: string }[];
};

export function LibraryBrowser({ query, models, initial, basePath = "/library", creators }: Props) {
  const router = useRouter();
  const player = usePlayer();
  const [, startTransition] = useTransition();
  const [text, setText] = useState(query.q ?? "");
  const { clips, hasMore, isLoading, error, loadMore, retry } = useLibrary({ query, initial });
  const sentinel = useRef<HTMLDivElement>(null);

  const navigate = (change: Partial<LibraryQuery>, replace = false) => {
    const url = libraryUrl({ ...query, ...change }, basePath) as Route;
    startTransition(() =>
      replace ? router.replace(url, { scroll: false }) : router.push(url, { scroll: false }),
    );
  };

  // typing updates the URL after a pause, replacing history so Back skips keystrokes
  const searchTyped = useEffectEvent((typed: string) => navigate({ q: typed || undefined }, true));
  useEffect(() => {
    if (text === (query.q ?? "")) return;
    const timer = setTimeout(() => searchTyped(text), 300);
    return () => clearTimeout(timer);
  }, [text, query.q]);

  // the next page loads as the list's end scrolls near
  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasMore || isLoading || error) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) loadMore();
      },
      { rootMargin: "600px" },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasMore, isLoading, error, loadMore]);

  const filtered = isFiltered(query);
  return (
    <div className="flex flex-col gap-4">
      <form
        role="search"
        onSubmit={(e) => (e.preventDefault(), navigate({ q: text || undefined }))}
        className={
          creators
            ? "grid gap-3 md:grid-cols-[minmax(0,2fr)_repeat(5,minmax(0,1fr))]"
            : "grid gap-3 md:grid-cols-[minmax(0,2fr)_repeat(4,minmax(0,1fr))]"
        }
      >
        <label className="sr-only" htmlFor="library-search">
          Search your songs
        </label>
        <Input
          id="library-search"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder='Search: words, "a phrase", this OR that, -without'
          autoComplete="off"
        />
        <Select
          aria-label="Model"
          value={query.model ?? ""}
          onChange={(e) => navigate({ model: e.target.value || undefined })}
          options={[
            { value: "", label: "All models" },
            ...models.map((m) => ({ value: m, label: modelLabel(m) })),
          ]}
        />
        {creators && (
          <Select
            aria-label="Made by"
            value={query.creator ?? ""}
            onChange={(e) => navigate({ creator: e.target.value || undefined })}
            options={[
              { value: "", label: "Anyone" },
              ...creators.map((c) => ({ value: c.id, label: c.name })),
            ]}
          />
        )}
        <Select
          aria-label="Vocals"
          value={query.kind ?? ""}
          onChange={(e) =>
            navigate({ kind: (e.target.value || undefined) as LibraryQuery["kind"] })
          }
          options={[
            { value: "", label: "Any vocals" },
            { value: "vocal", label: "With vocals" },
            { value: "instrumental", label: "Instrumental" },
          ]}
        />
        <Select
          aria-label="Sort"
          value={query.sort ?? initial.sort}
          onChange={(e) => navigate({ sort: e.target.value as LibraryQuery["sort"] })}
          options={SORT_OPTIONS}
        />
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={query.liked === "1"}
            onChange={(e) => navigate({ liked: e.target.checked ? "1" : undefined })}
            className="size-4 accent-[var(--color-accent)]"
          />{" "}
          Liked only
        </label>
      </form>
      <fieldset className="flex flex-wrap items-end gap-3 text-sm">
        <legend className="sr-only">Length and date</legend>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-fg-muted">Longer than (s)</span>
          <Input
            type="number"
            min={0}
            inputMode="numeric"
            defaultValue={query.min ?? ""}
            onBlur={(e) =>
              e.target.value !== (query.min ?? "") && navigate({ min: e.target.value || undefined })
            }
            className="w-28"
          />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-fg-muted">Shorter than (s)</span>
          <Input
            type="number"
            min={0}
            inputMode="numeric"
            defaultValue={query.max ?? ""}
            onBlur={(e) =>
              e.target.value !== (query.max ?? "") && navigate({ max: e.target.value || undefined })
            }
            className="w-28"
          />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-fg-muted">Made from</span>
          <Input
            type="date"
            defaultValue={query.from ?? ""}
            onChange={(e) => navigate({ from: e.target.value || undefined })}
            className="w-40"
          />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-fg-muted">Made until</span>
          <Input
            type="date"
            defaultValue={query.to ?? ""}
            onChange={(e) => navigate({ to: e.target.value || undefined })}
            className="w-40"
          />
        </label>
      </fieldset>

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
              onClick={() => (
                setText(""),
                startTransition(() => router.push(basePath as "/library"))
              )}
              className="mt-2 text-sm font-medium text-link underline-offset-4 hover:underline"
            >
              Clear search and filters
            </button>
          )}
        </div>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Songs">
          {clips.map((clip) => (
            <li key={clip.id} className="flex gap-3 rounded-xl border border-line bg-surface p-3">
              {clip.hasCover ? (
                // eslint-disable-next-line @next/next/no-img-element -- served by /api/media, sized to avoid layout shift
                <img
                  src={`/api/media/${clip.id}/image`}
                  alt=""
                  width={64}
                  height={64}
                  loading="lazy"
                  className="size-16 shrink-0 rounded-lg object-cover"
                />
              ) : (
                <div aria-hidden="true" className="size-16 shrink-0 rounded-lg bg-muted" />
              )}
              <div className="flex min-w-0 flex-1 flex-col gap-1">
                <p className="truncate font-medium">
                  <Link
                    href={`/clips/${clip.id}` as Route}
                    className="underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-accent"
                  >
                    <Highlight text={clip.title || "Untitled"} terms={initial.terms} />
                  </Link>
                </p>
                <p className="truncate text-sm text-fg-muted">
                  <Highlight text={clip.tags || "No style tags"} terms={initial.terms} />
                </p>
                <p className="text-xs text-fg-muted">
                  {creators && clip.creator ? `by ${clip.creator} · ` : ""}
                  {formatDuration(clip.duration)} · {modelLabel(clip.model)} ·{" "}
                  {clip.isInstrumental ? "instrumental" : "vocals"} ·{" "}
                  {new Date(clip.createdAt).toLocaleDateString("en", { dateStyle: "medium" })}
                  {clip.liked && " · ♥"}
                </p>
                <div className="mt-1 flex flex-wrap gap-2">
                  <button
                    type="button"
                    onClick={() => player.play(track(clip), clips.map(track))}
                    className="inline-flex min-h-9 items-center gap-1 rounded-full bg-accent px-3 text-xs font-medium text-white hover:bg-accent-strong focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
                    aria-label={`Play ${clip.title || "this song"}`}
                  >
                    <PlayIcon small /> Play
                  </button>
                  <button
                    type="button"
                    onClick={() => {
                      player.playNext(track(clip));
                      toast.success(`${clip.title || "This song"} plays next`);
                    }}
                    className="min-h-9 rounded-full border border-line px-3 text-xs font-medium hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent"
                    aria-label={`Play next: ${clip.title || "this song"}`}
                  >
                    Play next
                  </button>
                  <button
                    type="button"
                    onClick={() => {
                      player.enqueue(track(clip));
                      toast.success(`${clip.title || "This song"} is in the queue`);
                    }}
                    className="min-h-9 rounded-full border border-line px-3 text-xs font-medium hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent"
                    aria-label={`Add ${clip.title || "this song"} to the queue`}
                  >
                    Add to queue
                  </button>
                </div>
              </div>
            </li>
          ))}
        </ul>
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
    </div>
  );
}
