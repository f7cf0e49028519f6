"use client";

// One player for the whole app, mounted in the signed-in layout so it survives navigation:
// a queue, keyboard control (Space plays or pauses, ←/→ seek 5 s, Shift+←/→ previous/next)
// and the Media Session API, so the operating system's media keys and lock screen work.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type RefObject,
} from "react";

export type Track = {
  id: string;
  title: string;
  subtitle?: string;
  src: string;
  cover?: string | null;
};

type Player = {
  queue: Track[];
  index: number;
  current: Track | null;
  playing: boolean;
  audio: RefObject<HTMLAudioElement | null>;
  play: (track: Track, queue?: Track[]) => void;
  enqueue: (track: Track) => void;
  toggle: () => void;
  next: () => void;
  previous: () => void;
  seekBy: (seconds: number) => void;
  setPlaying: (playing: boolean) => void;
};

const PlayerContext = createContext<Player | null>(null);

export function usePlayer(): Player {
  const player = useContext(PlayerContext);
  if (!player) throw new Error("usePlayer outside PlayerProvider");
  return player;
}

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable ||
    ["INPUT", "TEXTAREA", "SELECT", "BUTTON", "AUDIO", "VIDEO"].includes(target.tagName));

export function PlayerProvider({ children }: { children: ReactNode }) {
  const [queue, setQueue] = useState<Track[]>([]);
  const [index, setIndex] = useState(0);
  const [playing, setPlaying] = useState(false);
  const audio = useRef<HTMLAudioElement | null>(null);
  const current = queue[index] ?? null;

  const play = useCallback((track: Track, list?: Track[]) => {
    const tracks = list && list.some((t) => t.id === track.id) ? list : [track];
    setQueue(tracks);
    setIndex(tracks.findIndex((t) => t.id === track.id));
    setPlaying(true);
  }, []);
  const enqueue = useCallback(
    (track: Track) => setQueue((q) => (q.some((t) => t.id === track.id) ? q : [...q, track])),
    [],
  );
  const next = useCallback(
    () => setIndex((i) => Math.min(i + 1, Math.max(0, queue.length - 1))),
    [queue.length],
  );
  const previous = useCallback(() => {
    const element = audio.current;
    if (element && element.currentTime > 3)
      element.currentTime = 0; // first press restarts the song
    else setIndex((i) => Math.max(0, i - 1));
  }, []);
  const toggle = useCallback(() => setPlaying((p) => (queue.length ? !p : false)), [queue.length]);
  const seekBy = useCallback((seconds: number) => {
    const element = audio.current;
    if (element && Number.isFinite(element.duration))
      element.currentTime = Math.max(0, Math.min(element.duration, element.currentTime + seconds));
  }, []);

  // the audio element follows the state
  useEffect(() => {
    const element = audio.current;
    if (!element || !current) return;
    if (playing) void element.play().catch(() => setPlaying(false));
    else element.pause();
  }, [playing, current]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!current || isTyping(event.target) || event.metaKey || event.ctrlKey || event.altKey)
        return;
      if (event.key === " ") toggle();
      else if (event.key === "ArrowRight") (event.shiftKey ? next : () => seekBy(5))();
      else if (event.key === "ArrowLeft") (event.shiftKey ? previous : () => seekBy(-5))();
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [current, toggle, next, previous, seekBy]);

  useEffect(() => {
    if (!("mediaSession" in navigator) || !current) return;
    navigator.mediaSession.metadata = new MediaMetadata({
      title: current.title || "Untitled",
      artist: current.subtitle ?? "Chorus",
      album: "Chorus",
      artwork: current.cover ? [{ src: current.cover, sizes: "256x256", type: "image/png" }] : [],
    });
    const handlers: [MediaSessionAction, MediaSessionActionHandler][] = [
      ["play", () => setPlaying(true)],
      ["pause", () => setPlaying(false)],
      ["nexttrack", next],
      ["previoustrack", previous],
      ["seekforward", () => seekBy(10)],
      ["seekbackward", () => seekBy(-10)],
      [
        "seekto",
        (details) =>
          void (
            audio.current &&
            details.seekTime !== undefined &&
            (audio.current.currentTime = details.seekTime)
          ),
      ],
    ];
    for (const [action, handler] of handlers) {
      try {
        navigator.mediaSession.setActionHandler(action, handler);
      } catch {
        // an action this browser does not support
      }
    }
  }, [current, next, previous, seekBy]);

  useEffect(() => {
    if ("mediaSession" in navigator)
      navigator.mediaSession.playbackState = playing ? "playing" : "paused";
  }, [playing]);

  const value = useMemo(
    () => ({
      queue,
      index,
      current,
      playing,
      audio,
      play,
      enqueue,
      toggle,
      next,
      previous,
      seekBy,
      setPlaying,
    }),
    [queue, index, current, playing, play, enqueue, toggle, next, previous, seekBy],
  );
  return <PlayerContext.Provider value={value}>{children}</PlayerContext.Provider>;
}
