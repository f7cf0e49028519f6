"use client";

// One library view's further pages (keyset cursors), after the page the server rendered.
// Keyed by the view's URL state and the first page's cursor, so a changed search or filter is a
// new list and the server's page is never fetched twice (`initialSize: 0`).
import { useCallback } from "react";
import useSWRInfinite from "swr/infinite";

import { libraryParams, type LibraryPageJson, type LibraryQuery } from "@/lib/library/shared";
import { fetcher } from "@/lib/swr/fetcher";

export function useLibrary({ query, initial }: { query: LibraryQuery; initial: LibraryPageJson }) {
  const params = libraryParams({ ...query, view: undefined }); // the layout is not the list
  if (query.team) params.set("team", query.team);
  const state = params.toString();

  const getKey = (index: number, previous: LibraryPageJson | null) => {
    const cursor = index === 0 ? initial.nextCursor : previous?.nextCursor;
    if (!cursor) return null;
    return `/api/library?${state ? `${state}&` : ""}cursor=${encodeURIComponent(cursor)}`;
  };
  const { data, error, size, setSize, mutate } = useSWRInfinite<LibraryPageJson, Error>(
    getKey,
    fetcher,
    {
      initialSize: 0,
      revalidateFirstPage: false,
      revalidateOnFocus: false,
      revalidateIfStale: false,
    },
  );

  const pages = [initial, ...(data ?? [])];
  const hasMore = Boolean(pages.at(-1)?.nextCursor);
  const isLoading = !error && size > (data?.length ?? 0);
  const loadMore = useCallback(() => void setSize((current) => current + 1), [setSize]);
  const retry = useCallback(() => void mutate(), [mutate]);
  return {
    clips: pages.flatMap((page) => page.clips),
    hasMore,
    isLoading,
    error: error ? error.message || "Could not load more songs." : null,
    loadMore,
    retry,
  };
}
