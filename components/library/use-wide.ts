"use client";

// Whether the window is at least `md` wide (768 px): the library shows its filters as a bar
// there and as a drawer below. The server renders the wide layout.
import { useSyncExternalStore } from "react";

const QUERY = "(min-width: 768px)";
const subscribe = (onChange: () => void) => {
  const media = window.matchMedia(QUERY);
  media.addEventListener("change", onChange);
  return () => media.removeEventListener("change", onChange);
};

export const useWide = () =>
  useSyncExternalStore(
    subscribe,
    () => window.matchMedia(QUERY).matches,
    () => true,
  );
