"use client";

// Makes a smart playlist, or saves a smart playlist's new rules: the rule editor in a form
// whose action validates the rules again on the server.
import type { Route } from "next";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";

import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { createSmartPlaylistAction, updateSmartRulesAction } from "@/lib/actions/playlists";
import { PLAYLIST_NAME_MAX } from "@/lib/playlists/shared";
import { DEFAULT_SMART_RULES, type SmartRules } from "@/lib/playlists/smart-shared";

import { RuleEditor, type RuleChoices } from "./rule-editor";

export type SmartFormProps =
  | {
      mode: "create";
      teams: { id: string; name: string; creators: RuleChoices["creators"] }[];
      choices: RuleChoices;
    }
  | { mode: "edit"; playlistId: string; rules: SmartRules; choices: RuleChoices };

export function SmartPlaylistForm(props: SmartFormProps) {
  const [state, action] = useActionState(
    props.mode === "create" ? createSmartPlaylistAction : updateSmartRulesAction,
    {},
  );
  const [teamId, setTeamId] = useState("");
  const router = useRouter();
  const created = state.data?.playlistId;
  useEffect(() => {
    if (typeof created === "string") router.push(`/playlists/${created}` as Route);
  }, [created, router]);
  const creators =
    props.mode === "create"
      ? (props.teams.find((t) => t.id === teamId)?.creators ?? [])
      : props.choices.creators;
  const errors = Object.values(state.fieldErrors ?? {}).flat();
  return (
    <form
      action={action}
      aria-label={props.mode === "create" ? "New smart playlist" : "Smart playlist rules"}
      className="flex max-w-4xl flex-col gap-3 rounded-2xl border border-line bg-surface p-4"
      noValidate
    >
      {state.error && (
        <Alert>
          {state.error} {errors.join(" ")}
        </Alert>
      )}
      {state.ok && state.message && props.mode === "edit" && (
        <p role="status" className="text-sm">
          {state.message}
        </p>
      )}
      {props.mode === "edit" ? (
        <input type="hidden" name="playlistId" value={props.playlistId} />
      ) : (
        <div className="grid gap-3 sm:grid-cols-[2fr_1fr]">
          <Field label="Smart playlist name" error={state.fieldErrors?.name}>
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
          <Field label="Songs of" error={state.fieldErrors?.teamId}>
            {(c) => (
              <Select
                {...c}
                name="teamId"
                value={teamId}
                onChange={(e) => setTeamId(e.target.value)}
                options={[
                  { value: "", label: "My library" },
                  ...props.teams.map((t) => ({ value: t.id, label: t.name })),
                ]}
              />
            )}
          </Field>
          {teamId && (
            <label className="flex items-center gap-2 text-sm sm:col-span-2">
              <input
                type="checkbox"
                name="collaborative"
                className="size-4 accent-[var(--color-accent)]"
              />{" "}
              Collaborative: everyone in the team may change the rules
            </label>
          )}
        </div>
      )}
      <RuleEditor
        key={teamId}
        initial={props.mode === "edit" ? props.rules : DEFAULT_SMART_RULES}
        choices={{ ...props.choices, creators }}
      />
      <div>
        <SubmitButton pendingLabel="Saving…">
          {props.mode === "create" ? "Make smart playlist" : "Save rules"}
        </SubmitButton>
      </div>
    </form>
  );
}
