"use client";

import { useActionState, useState } from "react";

import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

import { createTeamAction } from "./actions";

const slugify = (name: string) =>
  name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);

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
            maxLength={60}
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
            maxLength={40}
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
