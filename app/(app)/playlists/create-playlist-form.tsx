"use client";

// Makes a playlist, personal or (for a team's members) the team's, and opens it.
import type { Route } from "next";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";

import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { createPlaylistAction } from "@/lib/actions/playlists";
import { PLAYLIST_NAME_MAX } from "@/lib/playlists/shared";

export function CreatePlaylistForm({ teams }: { teams: { id: string; name: string }[] }) {
  const [state, action] = useActionState(createPlaylistAction, {});
  const [teamId, setTeamId] = useState("");
  const router = useRouter();
  const created = state.data?.playlistId;
  useEffect(() => {
    if (typeof created === "string") router.push(`/playlists/${created}` as Route);
  }, [created, router]);
  return (
    <form
      action={action}
      aria-label="New playlist"
      className="grid max-w-3xl gap-3 rounded-2xl border border-line bg-surface p-4 sm:grid-cols-[2fr_1fr_auto] sm:items-end"
      noValidate
    >
      {state.error && (
        <div className="sm:col-span-3">
          <Alert>{state.error}</Alert>
        </div>
      )}
      <Field label="Playlist name" error={state.fieldErrors?.name}>
        {(c) => (
          <Input
            {...c}
            name="name"
            maxLength={PLAYLIST_NAME_MAX}
            defaultValue={state.values?.name}
            required
          />
        )}
      </Field>
      <Field label="For" error={state.fieldErrors?.teamId}>
        {(c) => (
          <Select
            {...c}
            name="teamId"
            value={teamId}
            onChange={(e) => setTeamId(e.target.value)}
            options={[
              { value: "", label: "Just me" },
              ...teams.map((t) => ({ value: t.id, label: t.name })),
            ]}
          />
        )}
      </Field>
      <SubmitButton pendingLabel="Making…">Make playlist</SubmitButton>
      {teamId && (
        <label className="flex items-center gap-2 text-sm sm:col-span-3">
          <input
            type="checkbox"
            name="collaborative"
            className="size-4 accent-[var(--color-accent)]"
          />{" "}
          Collaborative: everyone in the team may add songs and change the order
        </label>
      )}
    </form>
  );
}
