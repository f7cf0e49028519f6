"use client";

// The library's one filter sheet: a bar on desktop, a drawer on phones, the same controls in
// both. Typed values (search, lengths, dates) reach the URL after a pause and only when they
// are whole (a date while its year is still being typed is not), replacing the history entry
// so Back skips keystrokes; choices (selects, checkbox) are history entries. Active filters
// show as chips that remove themselves.
import * as Dialog from "@radix-ui/react-dialog";
import { SlidersHorizontal, X } from "lucide-react";
import { useEffect, useEffectEvent, useState } from "react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { SORT_OPTIONS, type LibraryQuery } from "@/lib/library/shared";
import { modelLabel } from "@/lib/suno/catalogue";

import { useWide } from "./use-wide";

type Typed = { q: string; min: string; max: string; from: string; to: string };
const typedOf = (query: LibraryQuery): Typed => ({
  q: query.q ?? "",
  min: query.min ?? "",
  max: query.max ?? "",
  from: query.from ?? "",
  to: query.to ?? "",
});
/** the URL's view of typed values: the server trims the search */
const urlKey = (typed: Typed) => JSON.stringify({ ...typed, q: typed.q.trim() });

/** A value the server accepts as it stands; anything else waits for more typing. */
const WHOLE: Record<keyof Typed, (value: string) => boolean> = {
  q: () => true,
  min: (v) => /^\d{0,5}$/.test(v),
  max: (v) => /^\d{0,5}$/.test(v),
  // a date input reports "0002-12-01" while its year is typed: only years from 1900 are whole
  from: (v) => v === "" || (/^\d{4}-\d{2}-\d{2}$/.test(v) && Number(v.slice(0, 4)) >= 1900),
  to: (v) => v === "" || (/^\d{4}-\d{2}-\d{2}$/.test(v) && Number(v.slice(0, 4)) >= 1900),
};

type Props = {
  query: LibraryQuery;
  sort: string;
  models: string[];
  creators?: { id: string; name: string }[];
  navigate: (change: Partial<LibraryQuery>, replace?: boolean) => void;
};

export function LibraryFilters({ query, sort, models, creators, navigate }: Props) {
  const wide = useWide();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState(() => typedOf(query));
  // what this sheet last put in the URL: any other change of the URL (Back, a chip, "clear")
  // is shown as the URL says, and typing on past a value already sent is kept
  const inUrl = urlKey(typedOf(query));
  const [seen, setSeen] = useState(inUrl);
  const [sent, setSent] = useState(inUrl);
  if (inUrl !== seen) {
    setSeen(inUrl);
    if (inUrl !== sent) setTyped(typedOf(query));
  }

  const sendTyped = useEffectEvent((value: Typed) => {
    const change: Partial<LibraryQuery> = {};
    for (const key of Object.keys(value) as (keyof Typed)[]) {
      const now = key === "q" ? value.q.trim() : value[key];
      if (!WHOLE[key](now) || now === (query[key] ?? "")) continue;
      change[key] = now || undefined;
    }
    if (Object.keys(change).length === 0) return;
    setSent(urlKey(typedOf({ ...query, ...change })));
    navigate(change, true);
  });
  useEffect(() => {
    const timer = setTimeout(() => sendTyped(typed), 350);
    return () => clearTimeout(timer);
  }, [typed]);

  const type = (key: keyof Typed) => (e: { target: { value: string } }) =>
    setTyped((t) => ({ ...t, [key]: e.target.value }));

  // in a team, "anyone" is anyone in the team; in one's own library, anyone it was shared with
  const anyone = creators ? "anyone in the team" : "anyone";
  const chips: { key: keyof LibraryQuery; label: string }[] = [];
  if (query.model) chips.push({ key: "model", label: `Model: ${modelLabel(query.model)}` });
  if (query.creator)
    chips.push({
      key: "creator",
      label: `By ${creators?.find((c) => c.id === query.creator)?.name ?? "one member"}`,
    });
  if (query.kind)
    chips.push({ key: "kind", label: query.kind === "vocal" ? "With vocals" : "Instrumental" });
  if (query.liked)
    chips.push({
      key: "liked",
      label: query.liked === "any" ? `Liked by ${anyone}` : "Liked by me",
    });
  if (query.rated)
    chips.push({
      key: "rated",
      label: `Rated ${query.rated === "5" ? "5" : `${query.rated}+`} by ${query.rater === "any" ? anyone : "me"}`,
    });
  if (query.keepers) chips.push({ key: "keepers", label: "Keepers only" });
  if (query.stack) chips.push({ key: "stack", label: "One song's takes" });
  if (query.min) chips.push({ key: "min", label: `Longer than ${query.min} s` });
  if (query.max) chips.push({ key: "max", label: `Shorter than ${query.max} s` });
  if (query.from) chips.push({ key: "from", label: `From ${query.from}` });
  if (query.to) chips.push({ key: "to", label: `Until ${query.to}` });

  const controls = (
    <>
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
        onChange={(e) => navigate({ kind: (e.target.value || undefined) as LibraryQuery["kind"] })}
        options={[
          { value: "", label: "Any vocals" },
          { value: "vocal", label: "With vocals" },
          { value: "instrumental", label: "Instrumental" },
        ]}
      />
      <Select
        aria-label="Sort"
        value={sort}
        onChange={(e) => navigate({ sort: e.target.value as LibraryQuery["sort"] })}
        options={SORT_OPTIONS}
      />
      <Select
        aria-label="Likes"
        value={query.liked === "1" ? "me" : (query.liked ?? "")}
        onChange={(e) =>
          navigate({ liked: (e.target.value || undefined) as LibraryQuery["liked"] })
        }
        options={[
          { value: "", label: "Liked or not" },
          { value: "me", label: "Liked by me" },
          { value: "any", label: `Liked by ${anyone}` },
        ]}
      />
      <Select
        aria-label="Rating"
        value={query.rated ? `${query.rated}:${query.rater ?? "me"}` : ""}
        onChange={(e) => {
          const [rated, rater] = e.target.value.split(":") as [string, string | undefined];
          navigate({
            rated: (rated || undefined) as LibraryQuery["rated"],
            rater: rater === "any" ? "any" : undefined,
          });
        }}
        options={[
          { value: "", label: "Any rating" },
          { value: "4:me", label: "Rated 4+ by me" },
          { value: "5:me", label: "Rated 5 by me" },
          { value: "4:any", label: `Rated 4+ by ${anyone}` },
          { value: "5:any", label: `Rated 5 by ${anyone}` },
        ]}
      />
      <Select
        aria-label="Takes"
        value={query.keepers ?? ""}
        onChange={(e) => navigate({ keepers: e.target.value === "1" ? "1" : undefined })}
        options={[
          { value: "", label: "Takes stacked" },
          { value: "1", label: "Keepers only" },
        ]}
      />
      <label className="flex flex-col gap-1">
        <span className="text-xs text-fg-muted">Longer than (s)</span>
        <Input type="number" min={0} inputMode="numeric" value={typed.min} onChange={type("min")} />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-fg-muted">Shorter than (s)</span>
        <Input type="number" min={0} inputMode="numeric" value={typed.max} onChange={type("max")} />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-fg-muted">Made from</span>
        <Input type="date" min="1900-01-01" value={typed.from} onChange={type("from")} />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-fg-muted">Made until</span>
        <Input type="date" min="1900-01-01" value={typed.to} onChange={type("to")} />
      </label>
    </>
  );

  return (
    <div className="flex flex-col gap-3">
      <form
        role="search"
        onSubmit={(e) => (e.preventDefault(), navigate({ q: typed.q || undefined }))}
        className="flex gap-2"
      >
        <label className="sr-only" htmlFor="library-search">
          Search your songs
        </label>
        <Input
          id="library-search"
          type="search"
          value={typed.q}
          onChange={type("q")}
          placeholder='Search: words, "a phrase", this OR that, -without'
          autoComplete="off"
        />
        {!wide && (
          <Dialog.Root open={open} onOpenChange={setOpen}>
            <Dialog.Trigger asChild>
              <Button variant="secondary" className="shrink-0">
                <SlidersHorizontal className="size-4" aria-hidden="true" />
                Filters{chips.length > 0 && ` (${chips.length})`}
              </Button>
            </Dialog.Trigger>
            <Dialog.Portal>
              <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
              <Dialog.Content className="fixed inset-x-0 bottom-0 z-50 flex max-h-[85dvh] flex-col gap-4 overflow-y-auto rounded-t-2xl border-t border-line bg-surface p-4 pb-[max(1rem,env(safe-area-inset-bottom))] text-fg shadow-xl">
                <div className="flex items-center justify-between">
                  <Dialog.Title className="text-lg font-semibold">Filters</Dialog.Title>
                  <Dialog.Close
                    aria-label="Close"
                    className="inline-flex size-11 items-center justify-center rounded-full hover:bg-muted"
                  >
                    <X className="size-5" aria-hidden="true" />
                  </Dialog.Close>
                </div>
                <Dialog.Description className="sr-only">
                  Narrow the songs by model, vocals, length and date, and choose the order.
                </Dialog.Description>
                <div className="grid grid-cols-2 gap-3 text-sm [&>*:first-child]:col-span-2">
                  {controls}
                </div>
                <Dialog.Close asChild>
                  <Button size="lg">Show songs</Button>
                </Dialog.Close>
              </Dialog.Content>
            </Dialog.Portal>
          </Dialog.Root>
        )}
      </form>
      {wide && (
        <fieldset className="flex flex-wrap items-end gap-x-3 gap-y-2 text-sm [&_input[type=date]]:w-36 [&_input[type=number]]:w-24 [&_select]:w-auto">
          <legend className="sr-only">Filters and order</legend>
          {controls}
        </fieldset>
      )}
      {chips.length > 0 && (
        <ul aria-label="Active filters" className="flex flex-wrap gap-2">
          {chips.map((chip) => (
            <li key={chip.key}>
              <button
                type="button"
                onClick={() => navigate({ [chip.key]: undefined })}
                aria-label={`Remove filter: ${chip.label}`}
                className="inline-flex min-h-8 items-center gap-1 rounded-full border border-line bg-muted px-3 text-xs font-medium hover:border-fg-muted focus-visible:outline-2 focus-visible:outline-accent"
              >
                {chip.label}
                <X className="size-3.5" aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
