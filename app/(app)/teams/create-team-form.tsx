"use client";

import { useActionState, useState } from "react";

import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { createTeamAction } from "@/lib/actions/teams";
import { slugify, TEAM_NAME_MAX, TEAM_SLUG_MAX } from "@/lib/teams/shared";

export function CreateTeamForm() {
  const [state, action] = useActionState(createTeamAction, {});
  const [name, setName] = useState(state.values?.name ?? "");
  const [slug, setSlug] = useState(state.values?.slug ?? "");
  const [slugEdited, setSlugEdited] = useState(Boolean(state.values?.slug));
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      {state.error && <Alert>{state.error}</Alert>}
      <Field label="Team name" error={state.fieldErrors?.name}>
        {(c) => (
          <Input
            {...c}
            name="name"
            required
            maxLength={TEAM_NAME_MAX}
            value={name}
            onChange={(e) => (
              setName(e.target.value),
              slugEdited || setSlug(slugify(e.target.value))
            )}
            autoComplete="off"
          />
        )}
      </Field>
      <Field
        label="Address"
        hint={`Your team's page: /teams/${slug || "…"}`}
        error={state.fieldErrors?.slug}
      >
        {(c) => (
          <Input
            {...c}
            name="slug"
            maxLength={TEAM_SLUG_MAX}
            value={slug}
            onChange={(e) => (setSlug(e.target.value), setSlugEdited(true))}
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      <div>
        <SubmitButton pendingLabel="Creating…">Create team</SubmitButton>
      </div>
    </form>
  );
}
