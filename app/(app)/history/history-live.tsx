"use client";

// History follows the push channel: a task's news (or a reconnect) re-renders the page from
// the server, at most once a second. Without the channel it shows what it loaded, as before.
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef } from "react";

import { usePushEvents } from "@/lib/swr/push-channel";

const AT_MOST_EVERY_MS = 1_000;

export function HistoryLive() {
  const router = useRouter();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onNews = useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      router.refresh();
    }, AT_MOST_EVERY_MS);
  }, [router]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  usePushEvents(onNews);
  return null;
}
