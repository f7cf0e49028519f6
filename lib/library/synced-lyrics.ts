// Synced lyrics (timestamped words from the provider): lines for the karaoke view, the word
// sung at a time, and the `.lrc` text. Pure and shared by the clip page and the download.

export type SyncedWord = { word: string; startS: number; endS: number };
export type SyncedLine = { startS: number; endS: number; words: SyncedWord[] };

/**
 * Words grouped into lines. A line break inside a word (as providers send them) ends a line
 * where it stands: `"water\n"` ends the line after "water", while `"[Verse]\nLanterns "` (the
 * shape sunoapi-org sends) starts a new line with "Lanterns".
 */
export function syncedLines(words: SyncedWord[]): SyncedLine[] {
  const lines: SyncedLine[] = [];
  let current: SyncedWord[] = [];
  const flush = () => {
    if (current.length === 0) return;
    lines.push({ startS: current[0]!.startS, endS: current.at(-1)!.endS, words: current });
    current = [];
  };
  for (const raw of words) {
    raw.word.split("\n").forEach((part, index) => {
      if (index > 0) flush();
      const text = part.replace(/\[[^\]]*\]/g, ""); // section tags are not sung
      if (text.trim()) current.push({ ...raw, word: text.replace(/^\s+|\s+$/g, "") });
    });
  }
  flush();
  return lines;
}

/** The index of the word being sung at `seconds` (the last one started), or -1 before any. */
export function wordAt(words: SyncedWord[], seconds: number): number {
  let low = 0;
  let high = words.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (words[mid]!.startS <= seconds) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** `[mm:ss.xx]`, as LRC players read it. */
export function lrcTime(seconds: number): string {
  const total = Math.max(0, Math.round(seconds * 100));
  const minutes = Math.floor(total / 6000);
  const rest = (total % 6000) / 100;
  return `[${String(minutes).padStart(2, "0")}:${rest.toFixed(2).padStart(5, "0")}]`;
}

/** The enhanced LRC text: a timestamp per line, and one per word (`<mm:ss.xx>`) inside it. */
export function toLrc(title: string, words: SyncedWord[]): string {
  const head = title ? [`[ti:${title.replace(/[\r\n\]]/g, " ")}]`] : [];
  const body = syncedLines(words).map(
    (line) =>
      lrcTime(line.startS) +
      line.words
        .map((w) => `${lrcTime(w.startS).replace("[", "<").replace("]", ">")}${w.word}`)
        .join(" "),
  );
  return [...head, ...body].join("\n") + "\n";
}

/**
 * The words of an enhanced LRC as `toLrc` writes it (an import of a Chorus export reads its
 * `lyrics.lrc` back): each `<mm:ss.xx>` starts a word that runs to the next one, with the space
 * after it, or the line break where its line ends (the shape providers send). A word ends where
 * the next starts (the last: a second later), since LRC keeps no ends; section labels are gone.
 */
export function fromLrc(text: string): SyncedWord[] {
  const body = text.replace(/^\[ti:[^\]\n]*\]\n/, "");
  const tokens = [...body.matchAll(/<(\d+):(\d+(?:\.\d+)?)>/g)];
  const words = tokens.map((token, i) => {
    const end = tokens[i + 1]?.index ?? body.length;
    const word = body
      .slice(token.index + token[0].length, end)
      // the next line's own stamp is not part of the word
      .replace(/\[\d+:\d+(?:\.\d+)?\]$/, "");
    return { word, startS: Number(token[1]) * 60 + Number(token[2]) };
  });
  return words.map((w, i) => ({
    word: w.word,
    startS: Math.round(w.startS * 100) / 100,
    endS: Math.round((words[i + 1]?.startS ?? w.startS + 1) * 100) / 100,
  }));
}
