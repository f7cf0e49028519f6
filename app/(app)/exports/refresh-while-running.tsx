"use client";

// While an export is queued or being written, the page refreshes itself every few seconds
// (its progress comes from the server); once none is, it stops.
import { useRouter } from "next/navigation";
import { useEffect } from "react";

const EVERY_MS = 3_000;

export function RefreshWhileRunning({ running }: { running: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => router.refresh(), EVERY_MS);
    return () => clearInterval(timer);
  }, [running, router]);
  return null;
}
