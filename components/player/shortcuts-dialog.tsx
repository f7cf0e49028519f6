"use client";

// "?" shows the player's keyboard shortcuts.
import { Dialog } from "@/components/ui/dialog";

import { SHORTCUTS } from "./keyboard";
import { usePlayer } from "./player-context";

export function ShortcutsDialog() {
  const { helpOpen, setHelpOpen } = usePlayer();
  return (
    <Dialog
      open={helpOpen}
      onClose={() => setHelpOpen(false)}
      title="Keyboard shortcuts"
      description="They work anywhere in Chorus, except while you type in a field."
      footer={
        <button
          type="button"
          onClick={() => setHelpOpen(false)}
          className="rounded-lg px-3 py-2 text-sm font-medium hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent"
        >
          Close
        </button>
      }
    >
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        {SHORTCUTS.map((shortcut) => (
          <div key={shortcut.does} className="contents">
            <dt className="flex gap-1">
              {shortcut.keys.map((key) => (
                <kbd
                  key={key}
                  className="rounded border border-line bg-muted px-1.5 py-0.5 font-mono text-xs"
                >
                  {key}
                </kbd>
              ))}
            </dt>
            <dd>{shortcut.does}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
