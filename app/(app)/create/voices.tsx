"use client";

// The workspace's voices (issue 16: personas made from its songs on their pages), handed down
// by the Create page and offered as "Sing with a voice" for a song from lyrics or a description
// and for an extension. Uncontrolled: the select's value goes with the form as `voiceId`.
import { createContext, use, type ReactNode } from "react";

import { Field } from "@/components/ui/field";

export type VoiceChoice = { id: string; name: string; songTitle: string };

const Voices = createContext<VoiceChoice[]>([]);

export function VoicesProvider({
  voices,
  children,
}: {
  voices: VoiceChoice[];
  children: ReactNode;
}) {
  return <Voices value={voices}>{children}</Voices>;
}

export function VoiceSelect({ error }: { error?: string[] }) {
  const voices = use(Voices);
  if (voices.length === 0) return null;
  return (
    <Field
      label="Sing with a voice"
      hint="Voices are made from songs, on their pages"
      error={error}
    >
      {(c) => (
        <select
          {...c}
          name="voiceId"
          defaultValue=""
          className="min-h-11 rounded-lg border border-line bg-surface px-3 text-sm"
        >
          <option value="">The model&apos;s own</option>
          {voices.map((voice) => (
            <option key={voice.id} value={voice.id}>
              {voice.name} (from {voice.songTitle || "Untitled"})
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
