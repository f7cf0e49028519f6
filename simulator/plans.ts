// What a new task will produce, decided once at submit time: its clips (text fields, final
// duration, audio and cover seeds, lineage) or its lyrics, and whether moderation rejects it.
// Progress over time is state.ts's business; this module only plans.
import { planDuration, styleSeedOf, type AudioPlan } from "./audio.ts";
import { digest, newClipId, round2, seedAt, seedOf } from "./hash.ts";
import { tagsFrom, titleFrom, writeLyrics } from "./lyrics.ts";
import type { LineageEntry, SimClip } from "./types.ts";

export type MusicRequest = {
  mv: string;
  prompt: string;
  tags: string;
  title: string;
  description: string;
  instrumental: boolean;
  parent: { clip: SimClip; at: number } | null;
};

type Base = { taskId: string; clipSeconds: number };

/** A generated clip lasts clipSeconds, give or take 15%, decided by its seed. */
function variedSeconds(clipSeconds: number, seed: number): number {
  return Math.max(1, round2(clipSeconds * (0.85 + 0.3 * (seed / 2 ** 32))));
}

function clip(
  base: Base,
  index: number,
  fields: Omit<SimClip, "id" | "taskId" | "index">,
): SimClip {
  return { id: newClipId(), taskId: base.taskId, index, ...fields };
}

function lineage(entry: SimClip, continueAt: number | null): LineageEntry {
  return { id: entry.id, continue_at: continueAt, type: entry.kind, source: "web", infill: false };
}

/** Two takes of a song (gen) or of a continuation (extend). */
export function planMusicClips(base: Base, request: MusicRequest): SimClip[] {
  const { parent, description, instrumental } = request;
  const describedOnly = description !== "" && request.prompt === "";
  const written = describedOnly && !instrumental ? writeLyrics(description) : null;
  const title =
    request.title || parent?.clip.title || (describedOnly ? titleFrom(description) : "");
  const tags = request.tags || parent?.clip.tags || (describedOnly ? tagsFrom(description) : "");
  const prompt = written?.text ?? request.prompt;
  return [0, 1].map((index) => {
    const hash = digest(request.prompt, description, request.tags, request.title, index);
    const seconds = variedSeconds(base.clipSeconds, seedAt(hash, 8));
    const audio: AudioPlan = {
      kind: "synth",
      styleSeed: parent ? styleSeedOf(parent.clip.audio) : seedAt(hash, 0),
      melodySeed: seedAt(hash, 4),
      instrumental,
      seconds,
    };
    return clip(base, index, {
      kind: parent ? "extend" : "gen",
      title,
      tags,
      prompt,
      gptDescriptionPrompt: description,
      mv: request.mv,
      duration: seconds,
      continueClipId: parent?.clip.id ?? null,
      continueAt: parent?.at ?? null,
      history: parent ? [...(parent.clip.history ?? []), lineage(parent.clip, parent.at)] : null,
      concatHistory: null,
      audio,
      coverSeed: seedAt(hash, 12),
      error: null,
    });
  });
}

/** The chain of `continue_clip_id` parents, root first, ending with `target`. */
export function chainOf(target: SimClip, lookup: (id: string) => SimClip | undefined): SimClip[] {
  const chain = [target];
  for (let head = target; head.continueClipId;) {
    const parent = lookup(head.continueClipId);
    if (!parent || chain.includes(parent)) break;
    chain.unshift(parent);
    head = parent;
  }
  return chain;
}

/** One clip holding the whole song: each part up to where the next one continues it. */
export function planConcatClip(
  base: Base,
  target: SimClip,
  lookup: (id: string) => SimClip | undefined,
): SimClip {
  const chain = chainOf(target, lookup);
  const parts = chain.map((part, i) => ({
    plan: part.audio,
    seconds: chain[i + 1]?.continueAt ?? part.duration,
  }));
  const audio: AudioPlan = { kind: "concat", parts };
  return clip(base, 0, {
    kind: "concat",
    title: target.title,
    tags: target.tags,
    prompt: chain
      .map((part) => part.prompt)
      .filter(Boolean)
      .join("\n\n"),
    gptDescriptionPrompt: chain[0]?.gptDescriptionPrompt ?? "",
    mv: target.mv,
    duration: planDuration(audio),
    continueClipId: null,
    continueAt: null,
    history: null,
    concatHistory: chain.map((part) => lineage(part, part.continueAt)),
    audio,
    coverSeed: chain[0]?.coverSeed ?? target.coverSeed,
    error: null,
  });
}

/** A stand-in seeded by the URL (what it fetched, with fetchUploadLinks, is checked, not used). */
export function planUploadClip(base: Base, url: string): SimClip {
  const hash = digest("upload", url);
  const seconds = variedSeconds(base.clipSeconds, seedAt(hash, 8));
  const name = decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "").replace(
    /\.[a-z0-9]+$/i,
    "",
  );
  return clip(base, 0, {
    kind: "upload",
    title: name.slice(0, 80) || "Uploaded audio",
    tags: "",
    prompt: "",
    gptDescriptionPrompt: "",
    mv: "chirp-v3-5",
    duration: seconds,
    continueClipId: null,
    continueAt: null,
    history: null,
    concatHistory: null,
    audio: {
      kind: "synth",
      styleSeed: seedAt(hash, 0),
      melodySeed: seedAt(hash, 4),
      instrumental: true,
      seconds,
    },
    coverSeed: seedAt(hash, 12),
    error: null,
  });
}

/** What a moderated task shows: one error clip, as the proxies report it. */
export function planRejectedClip(base: Base, request: MusicRequest, reason: string): SimClip {
  return clip(base, 0, {
    kind: request.parent ? "extend" : "gen",
    title: "",
    tags: request.tags,
    prompt: request.prompt,
    gptDescriptionPrompt: request.description,
    mv: request.mv,
    duration: 0,
    continueClipId: request.parent?.clip.id ?? null,
    continueAt: request.parent?.at ?? null,
    history: null,
    concatHistory: null,
    audio: { kind: "synth", styleSeed: 0, melodySeed: 0, instrumental: true, seconds: 1 },
    coverSeed: seedOf(reason),
    error: { type: "moderation_failure", message: reason },
  });
}

/** The first field naming the banned word, worded like the proxies' fail_reason. */
export function moderationReason(
  word: string,
  fields: { description?: string; prompt?: string; tags?: string; title?: string },
): string {
  const needle = word.trim().toLowerCase();
  if (!needle) return "";
  const labels: Array<[keyof typeof fields, string]> = [
    ["description", "Song Description"],
    ["prompt", "Lyrics"],
    ["tags", "Style"],
    ["title", "Title"],
  ];
  for (const [key, label] of labels) {
    if (fields[key]?.toLowerCase().includes(needle))
      return `${label} contained artist name: ${needle}`;
  }
  return "";
}
