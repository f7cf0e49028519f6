// Lyrics in their sections ([Verse], [Chorus] …), for the clip page and the public share page.
import type { ReactNode } from "react";

import { lyricSections } from "@/lib/library/shared";

export function Lyrics({ text, empty }: { text: string | null; empty: ReactNode }) {
  const sections = lyricSections(text);
  if (sections.length === 0) return <p className="text-sm text-fg-muted">{empty}</p>;
  return (
    <div className="flex flex-col gap-4">
      {sections.map((section, i) => (
        <div key={i}>
          {section.heading && (
            <h3 className="text-xs font-semibold tracking-wide text-fg-muted uppercase">
              {section.heading}
            </h3>
          )}
          <p className="leading-relaxed whitespace-pre-line">{section.lines.join("\n")}</p>
        </div>
      ))}
    </div>
  );
}
