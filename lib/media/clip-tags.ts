// The tags a clip's audio carries when Chorus hands it out (lib/media/tags.ts): the song's
// title, its creator as artist, its workspace as album (the team, or the creator's personal
// library), its styles as genre, its creation date, lyrics, cover, model and Chorus id.
import "server-only";

import { syncedLines, type SyncedWord } from "@/lib/library/synced-lyrics";
import type { MediaStorage } from "@/lib/media/storage";
import { tagging, type SongTags } from "@/lib/media/tags";
import { modelLabel } from "@/lib/suno/catalogue";

export type TaggableClip = {
  id: string;
  title: string;
  tags: string;
  lyrics: string | null;
  model: string | null;
  createdAt: Date;
  owner: { name: string | null };
  team: { name: string } | null;
  media: { kind: string; storageKey: string; byteSize: bigint; contentType: string }[];
  /** the song's synced words (its `lrc` attachment), written as SYLT when there are any */
  syncedWords?: SyncedWord[];
};

/** Synced words as SYLT lines: one per sung line, at its first word's time. */
export function syncedTagLines(words: SyncedWord[]) {
  return syncedLines(words).map((line) => ({
    ms: Math.round(line.startS * 1000),
    text: line.words.map((w) => w.word.trim()).join(" "),
  }));
}

/** `part` names an attachment ("Vocals", "WAV") whose title then says which part it is. */
export function songTags(clip: TaggableClip, storage: MediaStorage, part?: string): SongTags {
  const image =
    clip.media.find((m) => m.kind === "IMAGE") ?? clip.media.find((m) => m.kind === "IMAGE_LARGE");
  const creator = clip.owner.name || "Chorus";
  return {
    title: `${clip.title || "Untitled"}${part ? ` (${part})` : ""}`,
    artist: creator,
    album: clip.team?.name ?? `${creator} (personal library)`,
    genre: clip.tags || null,
    date: clip.createdAt,
    lyrics: clip.lyrics,
    syncedLyrics: clip.syncedWords?.length ? syncedTagLines(clip.syncedWords) : null,
    extra: {
      CHORUS_CLIP_ID: clip.id,
      ...(clip.model ? { MODEL: `${modelLabel(clip.model)} (${clip.model})` } : {}),
    },
    cover: image
      ? {
          mime: image.contentType,
          size: Number(image.byteSize),
          read: async () => {
            const chunks: Buffer[] = [];
            for await (const chunk of storage.read(image.storageKey)) chunks.push(chunk as Buffer);
            return Buffer.concat(chunks);
          },
        }
      : null,
  };
}

/** How this clip's stored audio is tagged on the way out (null: handed out as stored). */
export function clipAudioTagging(
  clip: TaggableClip,
  audio: { contentType: string; byteSize: bigint },
  storage: MediaStorage,
  part?: string,
) {
  return tagging(audio.contentType, Number(audio.byteSize), songTags(clip, storage, part));
}
