"use client";

// A playlist's name, description and (in a team) whether it is collaborative; and deleting
// it (its songs stay). Shown to those who may manage it: its creator and the team's admins.
import type { Route } from "next";
import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";

import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { deletePlaylistAction, updatePlaylistAction } from "@/lib/actions/playlists";
import { PLAYLIST_DESCRIPTION_MAX, PLAYLIST_NAME_MAX } from "@/lib/playlists/shared";

type Props = {
  playlist: {
    id: string;
    name: string;
    description: string;
    collaborative: boolean;
    isTeam: boolean;
  };
};

export function PlaylistSettings({ playlist }: Props) {
  const [state, save] = useActionState(updatePlaylistAction, {});
  const [deleted, remove] = useActionState(deletePlaylistAction, {});
  const router = useRouter();
  useEffect(() => {
    if (deleted.ok) router.push("/playlists" as Route);
  }, [deleted.ok, router]);
  return (
    <section
      aria-labelledby="playlist-settings"
      className="flex max-w-2xl flex-col gap-4 rounded-xl border border-line bg-surface p-4"
    >
      <h2 id="playlist-settings" className="text-lg font-semibold">
        Playlist settings
      </h2>
      {state.error && <Alert>{state.error}</Alert>}
      {state.ok && state.message && <Alert tone="success">{state.message}</Alert>}
      <form action={save} className="flex flex-col gap-3" noValidate>
        <input type="hidden" name="playlistId" value={playlist.id} />
        <Field label="Name" error={state.fieldErrors?.name}>
          {(c) => (
            <Input
              {...c}
              name="name"
              maxLength={PLAYLIST_NAME_MAX}
              defaultValue={state.values?.name ?? playlist.name}
            />
          )}
        </Field>
        <Field label="Description" error={state.fieldErrors?.description}>
          {(c) => (
            <Textarea
              {...c}
              name="description"
              rows={2}
              maxLength={PLAYLIST_DESCRIPTION_MAX}
              defaultValue={state.values?.description ?? playlist.description}
            />
          )}
        </Field>
        {playlist.isTeam && (
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="collaborative"
              defaultChecked={playlist.collaborative}
              className="size-4 accent-[var(--color-accent)]"
            />{" "}
            Collaborative: everyone in the team may add songs and change the order
          </label>
        )}
        <div>
          <SubmitButton variant="secondary">Save</SubmitButton>
        </div>
      </form>
      <form
        action={remove}
        onSubmit={(e) => {
          if (!window.confirm(`Delete the playlist ${playlist.name}? Its songs stay.`))
            e.preventDefault();
        }}
      >
        <input type="hidden" name="playlistId" value={playlist.id} />
        {deleted.error && <Alert>{deleted.error}</Alert>}
        <SubmitButton variant="danger" size="sm">
          Delete playlist
        </SubmitButton>
      </form>
    </section>
  );
}
