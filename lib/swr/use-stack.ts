"use client";

// The songs of one stack of takes (an opened stack in the library), oldest take first, fetched
// only while the stack is open; `mutate()` after a keeper is picked.
import useSWR from "swr";

import type { LibraryPageJson } from "@/lib/library/shared";
import { fetcher } from "@/lib/swr/fetcher";

export function useStack({
  stackId,
  team,
  open,
}: {
  stackId: string;
  team?: string;
  open: boolean;
}) {
  const params = new URLSearchParams({ stack: stackId, sort: "oldest" });
  if (team) params.set("team", team);
  const { data, error, isLoading, mutate } = useSWR<LibraryPageJson, Error>(
    open ? `/api/library?${params}` : null,
    fetcher,
    { revalidateOnFocus: false },
  );
  return { takes: data?.clips ?? [], error: error?.message ?? null, isLoading, mutate };
}
