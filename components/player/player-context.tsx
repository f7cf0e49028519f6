"use client";

// One player for the whole app, mounted in the signed-in layout so it survives navigation. It
// owns the only <audio> element that plays music: the clip page's waveform and the Create page's
// takes drive it rather than playing on their own. A queue (play next, add, reorder, remove,
// clear), volume, speed, shuffle and repeat; the queue, the position and the settings survive a
// reload (local storage); keyboard shortcuts that never fire while someone types; the Media
// Session API, so the operating system's media keys and lock screen work.
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

import { isTyping } from "./keyboard";
import { loadSaved, RATES, saveState, type RepeatMode, type Track } from "./storage";

export type { RepeatMode, Track } from "./storage";

/** One place in the queue; the same song may be queued twice, so places have their own keys. */
export type QueueEntry = { key: string; track: Track };

type Player = {
  queue: QueueEntry[];
  index: number;
  current: Track | null;
  playing: boolean;
  volume: number;
  muted: boolean;
  /** playback speed (1 is normal) */
  rate: number;
  shuffle: boolean;
  repeat: RepeatMode;
  audio: RefObject<HTMLAudioElement | null>;
  /** plays `track` now; with `list`, the queue becomes that list (a library page, an album) */
  play: (track: Track, list?: Track[], options?: { at?: number }) => void;
  /** right after the current song */
  playNext: (track: Track) => void;
  /** at the end of the queue */
  enqueue: (track: Track) => void;
  remove: (key: string) => void;
  move: (from: number, to: number) => void;
  clear: () => void;
  jumpTo: (index: number) => void;
  toggle: () => void;
  next: () => void;
  previous: () => void;
  seekBy: (seconds: number) => void;
  seekTo: (seconds: number) => void;
  setVolume: (volume: number) => void;
  toggleMute: () => void;
  setRate: (rate: number) => void;
  /** one step slower (-1) or faster (+1) among RATES */
  stepRate: (direction: 1 | -1) => void;
  toggleShuffle: () => void;
  cycleRepeat: () => void;
  setPlaying: (playing: boolean) => void;
  /** called by the <audio> element when a song ends */
  ended: () => void;
  helpOpen: boolean;
  setHelpOpen: (open: boolean) => void;
};

const PlayerContext = createContext<Player | null>(null);

export function usePlayer(): Player {
  const player = useContext(PlayerContext);
  if (!player) throw new Error("usePlayer outside PlayerProvider");
  return player;
}

let counter = 0;
const entry = (track: Track): QueueEntry => ({ key: `${track.id}:${++counter}`, track });

/** Fisher-Yates on a copy. */
function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const REPEAT_ORDER: RepeatMode[] = ["off", "all", "one"];

export function PlayerProvider({ children }: { children: ReactNode }) {
  const [queue, setQueue] = useState<QueueEntry[]>([]);
  const [index, setIndex] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [volume, setVolumeState] = useState(1);
  const [muted, setMuted] = useState(false);
  const [rate, setRateState] = useState(1);
  const [shuffle, setShuffle] = useState(false);
  const [repeat, setRepeat] = useState<RepeatMode>("off");
  const [helpOpen, setHelpOpen] = useState(false);
  const audio = useRef<HTMLAudioElement | null>(null);
  /** where to start the next song that loads (a restored position, or a picked time) */
  const startAt = useRef<number | null>(null);
  /** the order before shuffling, to put back when shuffle goes off */
  const unshuffled = useRef<QueueEntry[] | null>(null);
  const restored = useRef(false);
  const current = queue[index]?.track ?? null;

  // save on every change (declared before the restore, so the first run, still empty, is skipped)
  useEffect(() => {
    if (!restored.current) return;
    saveState({
      queue: queue.map((e) => e.track),
      index,
      time: startAt.current ?? audio.current?.currentTime ?? 0,
      volume,
      muted,
      rate,
      shuffle,
      repeat,
    });
  }, [queue, index, volume, muted, rate, shuffle, repeat]);

  // restore what was playing before the reload (paused: the browser would refuse autoplay)
  useEffect(() => {
    const saved = loadSaved();
    restored.current = true;
    if (!saved) return;
    // one-time hydration from local storage, which the server cannot know
    /* eslint-disable react-hooks/set-state-in-effect -- restoring client-only state once */
    setQueue(saved.queue.map(entry));
    setIndex(Math.min(saved.index, Math.max(0, saved.queue.length - 1)));
    setVolumeState(saved.volume);
    setMuted(saved.muted);
    setRateState(saved.rate);
    setShuffle(saved.shuffle);
    setRepeat(saved.repeat);
    /* eslint-enable react-hooks/set-state-in-effect */
    startAt.current = saved.time;
  }, []);

  const play = useCallback(
    (track: Track, list?: Track[], options: { at?: number } = {}) => {
      const tracks = list && list.some((t) => t.id === track.id) ? list : [track];
      const entries = tracks.map(entry);
      unshuffled.current = null;
      setShuffle(false);
      setQueue(entries);
      setIndex(
        Math.max(
          0,
          tracks.findIndex((t) => t.id === track.id),
        ),
      );
      startAt.current = options.at ?? null;
      // the same song again: the element does not reload, so seek it here
      if (audio.current && current?.id === track.id) {
        audio.current.currentTime = options.at ?? 0;
        startAt.current = null;
      }
      setPlaying(true);
    },
    [current?.id],
  );

  const playNext = useCallback(
    (track: Track) =>
      setQueue((q) => {
        if (q.length === 0) return [entry(track)];
        const copy = [...q];
        copy.splice(index + 1, 0, entry(track));
        return copy;
      }),
    [index],
  );
  const enqueue = useCallback((track: Track) => setQueue((q) => [...q, entry(track)]), []);
  const remove = useCallback(
    (key: string) => {
      const at = queue.findIndex((e) => e.key === key);
      if (at < 0) return;
      setQueue((q) => q.filter((e) => e.key !== key));
      if (at < index) setIndex((i) => i - 1);
      else if (at === index) {
        // the song playing was removed: the next one takes its place, paused at the end
        if (index >= queue.length - 1) {
          setIndex(Math.max(0, index - 1));
          setPlaying(false);
        }
      }
    },
    [queue, index],
  );
  const move = useCallback(
    (from: number, to: number) => {
      if (from === to || from < 0 || to < 0 || from >= queue.length || to >= queue.length) return;
      setQueue((q) => {
        const copy = [...q];
        const [moved] = copy.splice(from, 1);
        copy.splice(to, 0, moved!);
        return copy;
      });
      // the song playing keeps playing wherever it moves
      setIndex((i) => {
        if (i === from) return to;
        if (from < i && to >= i) return i - 1;
        if (from > i && to <= i) return i + 1;
        return i;
      });
    },
    [queue.length],
  );
  const clear = useCallback(() => {
    setQueue((q) => (q[index] ? [q[index]] : []));
    setIndex(0);
    unshuffled.current = null;
  }, [index]);
  const jumpTo = useCallback((i: number) => {
    setIndex(i);
    startAt.current = null;
    setPlaying(true);
  }, []);

  const next = useCallback(() => {
    if (queue.length === 0) return;
    startAt.current = null;
    if (index < queue.length - 1) setIndex(index + 1);
    else if (repeat === "all") setIndex(0);
  }, [queue.length, index, repeat]);
  const previous = useCallback(() => {
    const element = audio.current;
    if (element && element.currentTime > 3) {
      element.currentTime = 0; // the first press restarts the song
      return;
    }
    startAt.current = null;
    if (index > 0) setIndex(index - 1);
    else if (repeat === "all" && queue.length > 1) setIndex(queue.length - 1);
    else if (element) element.currentTime = 0;
  }, [index, repeat, queue.length]);
  const ended = useCallback(() => {
    const element = audio.current;
    if (repeat === "one" && element) {
      element.currentTime = 0;
      void element.play().catch(() => setPlaying(false));
    } else if (index < queue.length - 1 || (repeat === "all" && queue.length > 0)) {
      next();
      setPlaying(true);
    } else setPlaying(false);
  }, [repeat, index, queue.length, next]);

  const toggle = useCallback(() => setPlaying((p) => (queue.length ? !p : false)), [queue.length]);
  const seekTo = useCallback((seconds: number) => {
    const element = audio.current;
    if (!element) return;
    const end = Number.isFinite(element.duration) ? element.duration : seconds;
    element.currentTime = Math.max(0, Math.min(end, seconds));
  }, []);
  const seekBy = useCallback(
    (seconds: number) => seekTo((audio.current?.currentTime ?? 0) + seconds),
    [seekTo],
  );
  const setVolume = useCallback((value: number) => {
    setVolumeState(Math.max(0, Math.min(1, value)));
    if (value > 0) setMuted(false);
  }, []);
  const toggleMute = useCallback(() => setMuted((m) => !m), []);
  const setRate = useCallback(
    (value: number) => setRateState((RATES as readonly number[]).includes(value) ? value : 1),
    [],
  );
  const stepRate = useCallback(
    (direction: 1 | -1) =>
      setRateState((r) => {
        const at = Math.max(0, RATES.indexOf(r as (typeof RATES)[number]));
        return RATES[Math.max(0, Math.min(RATES.length - 1, at + direction))]!;
      }),
    [],
  );
  const toggleShuffle = useCallback(() => {
    setShuffle((on) => {
      setQueue((q) => {
        if (on) {
          // back to the order before shuffling, keeping what was added since
          const before = unshuffled.current;
          unshuffled.current = null;
          if (!before) return q;
          const keys = new Set(q.map((e) => e.key));
          const kept = before.filter((e) => keys.has(e.key));
          const added = q.filter((e) => !before.some((b) => b.key === e.key));
          const restoredOrder = [...kept, ...added];
          const playingKey = q[index]?.key;
          setIndex(
            Math.max(
              0,
              restoredOrder.findIndex((e) => e.key === playingKey),
            ),
          );
          return restoredOrder;
        }
        unshuffled.current = q;
        // the song playing stays; what comes after it is shuffled
        return [...q.slice(0, index + 1), ...shuffled(q.slice(index + 1))];
      });
      return !on;
    });
  }, [index]);
  const cycleRepeat = useCallback(
    () => setRepeat((r) => REPEAT_ORDER[(REPEAT_ORDER.indexOf(r) + 1) % REPEAT_ORDER.length]!),
    [],
  );

  // the audio element follows the state
  useEffect(() => {
    const element = audio.current;
    if (!element || !current) return;
    if (playing) void element.play().catch(() => setPlaying(false));
    else element.pause();
  }, [playing, current]);
  useEffect(() => {
    const element = audio.current;
    if (!element) return;
    element.volume = volume;
    element.muted = muted;
  }, [volume, muted]);
  // a new song resets playbackRate to defaultPlaybackRate: both hold the chosen speed
  useEffect(() => {
    const element = audio.current;
    if (!element) return;
    element.defaultPlaybackRate = rate;
    element.playbackRate = rate;
  }, [rate, current]);
  // a restored or picked start position, once the new song's metadata is known
  useEffect(() => {
    const element = audio.current;
    if (!element) return;
    const onLoaded = () => {
      if (startAt.current !== null) element.currentTime = startAt.current;
      startAt.current = null;
    };
    const onTime = () => {
      if (!restored.current || !current) return;
      saveState({
        queue: queue.map((e) => e.track),
        index,
        time: element.currentTime,
        volume,
        muted,
        rate,
        shuffle,
        repeat,
      });
    };
    element.addEventListener("loadedmetadata", onLoaded);
    element.addEventListener("pause", onTime);
    const timer = setInterval(onTime, 5000);
    return () => {
      element.removeEventListener("loadedmetadata", onLoaded);
      element.removeEventListener("pause", onTime);
      clearInterval(timer);
    };
  }, [current, queue, index, volume, muted, rate, shuffle, repeat]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
      if (event.key === "?") {
        setHelpOpen(true);
        event.preventDefault();
        return;
      }
      if (!current) return;
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      if (key === " " || key === "k") toggle();
      else if (key === "ArrowRight") (event.shiftKey ? next : () => seekBy(5))();
      else if (key === "ArrowLeft") (event.shiftKey ? previous : () => seekBy(-5))();
      else if (key === "l") seekBy(10);
      else if (key === "j") seekBy(-10);
      else if (key === "n") next();
      else if (key === "p") previous();
      else if (key === "m") toggleMute();
      else if (key === "<") stepRate(-1);
      else if (key === ">") stepRate(1);
      else return;
      // Space on a focused button would also press it: the shortcut wins, Enter still presses
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [current, toggle, next, previous, seekBy, toggleMute, stepRate]);

  useEffect(() => {
    if (!("mediaSession" in navigator) || !current) return;
    navigator.mediaSession.metadata = new MediaMetadata({
      title: current.title || "Untitled",
      artist: current.subtitle ?? "Chorus",
      album: "Chorus",
      artwork: current.cover
        ? [
            { src: current.cover, sizes: "256x256", type: "image/png" },
            { src: current.cover.replace(/\/image$/, "/image-large"), sizes: "1024x1024" },
          ]
        : [],
    });
    const handlers: [MediaSessionAction, MediaSessionActionHandler][] = [
      ["play", () => setPlaying(true)],
      ["pause", () => setPlaying(false)],
      ["nexttrack", next],
      ["previoustrack", previous],
      ["seekforward", () => seekBy(10)],
      ["seekbackward", () => seekBy(-10)],
      ["seekto", (details) => details.seekTime !== undefined && seekTo(details.seekTime)],
    ];
    for (const [action, handler] of handlers) {
      try {
        navigator.mediaSession.setActionHandler(action, handler);
      } catch {
        // an action this browser does not support
      }
    }
  }, [current, next, previous, seekBy, seekTo]);

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
      volume,
      muted,
      rate,
      shuffle,
      repeat,
      audio,
      play,
      playNext,
      enqueue,
      remove,
      move,
      clear,
      jumpTo,
      toggle,
      next,
      previous,
      seekBy,
      seekTo,
      setVolume,
      toggleMute,
      setRate,
      stepRate,
      toggleShuffle,
      cycleRepeat,
      setPlaying,
      ended,
      helpOpen,
      setHelpOpen,
    }),
    [
      queue,
      index,
      current,
      playing,
      volume,
      muted,
      rate,
      shuffle,
      repeat,
      play,
      playNext,
      enqueue,
      remove,
      move,
      clear,
      jumpTo,
      toggle,
      next,
      previous,
      seekBy,
      seekTo,
      setVolume,
      toggleMute,
      setRate,
      stepRate,
      toggleShuffle,
      cycleRepeat,
      ended,
      helpOpen,
    ],
  );
  return <PlayerContext.Provider value={value}>{children}</PlayerContext.Provider>;
}
