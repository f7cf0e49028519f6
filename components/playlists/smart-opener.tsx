"use client";

// "New smart playlist…" and "Edit rules…": the rule editor's code loads when opened.
import dynamic from "next/dynamic";
import { useState } from "react";

import { Button } from "@/components/ui/button";

import type { SmartFormProps } from "./smart-playlist-form";

const SmartPlaylistForm = dynamic(
  () => import("./smart-playlist-form").then((m) => m.SmartPlaylistForm),
  { ssr: false, loading: () => <p className="text-sm text-fg-muted">Loading the rules…</p> },
);

export function SmartOpener({ label, ...props }: SmartFormProps & { label: string }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="flex flex-col gap-3">
      <div>
        <Button variant="secondary" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {label}
        </Button>
      </div>
      {open && <SmartPlaylistForm {...(props as SmartFormProps)} />}
    </div>
  );
}
