"use client";

// One import's progress and report (`GET /api/imports/<id>`), polled while it runs.
import useSWR from "swr";

import { isImportPending, type ImportJobView } from "@/lib/imports/shared";
import { fetcher } from "@/lib/swr/fetcher";

export function useImportJob(id: string, fallback: ImportJobView) {
  const { data, error } = useSWR<{ job: ImportJobView }>(`/api/imports/${id}`, fetcher, {
    fallbackData: { job: fallback },
    refreshInterval: (latest) => (latest && isImportPending(latest.job.status) ? 2_000 : 0),
  });
  return { job: data?.job ?? fallback, error: error as Error | undefined };
}
