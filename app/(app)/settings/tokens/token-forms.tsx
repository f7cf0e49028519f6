"use client";

// Making and revoking API tokens. The new token's secret is shown once, from the action's
// answer; reloading the page forgets it.
import { useActionState } from "react";

import { ActionForm } from "@/components/action-form";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { createApiTokenAction, revokeApiTokenAction } from "@/lib/actions/tokens";
import { EXPIRY_DAYS, SCOPE_LABEL, SCOPES } from "@/lib/api-tokens/shared";

const EXPIRY_LABEL: Record<(typeof EXPIRY_DAYS)[number], string> = {
  7: "In 7 days",
  30: "In 30 days",
  90: "In 90 days",
  365: "In a year",
  0: "Never",
};

export function CreateTokenForm({ teams }: { teams: { id: string; name: string }[] }) {
  const [state, action] = useActionState(createApiTokenAction, {});
  const secret = typeof state.data?.secret === "string" ? state.data.secret : null;
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      {state.error && <Alert>{state.error}</Alert>}
      {secret && (
        <Alert tone="success">
          <span className="flex flex-col gap-2">
            <span>{state.message}</span>
            <code className="break-all select-all" data-testid="new-token">
              {secret}
            </code>
          </span>
        </Alert>
      )}
      <Field label="Name" hint="What uses it, e.g. “n8n flow”." error={state.fieldErrors?.name}>
        {(control) => (
          <Input {...control} name="name" maxLength={80} defaultValue={state.values?.name ?? ""} />
        )}
      </Field>
      {teams.length > 0 && (
        <Field label="Acts as" hint="A team token spends the team's credits.">
          {(control) => (
            <Select
              {...control}
              name="teamId"
              defaultValue={state.values?.teamId ?? ""}
              options={[
                { value: "", label: "You (personal token)" },
                ...teams.map((t) => ({ value: t.id, label: `Team: ${t.name}` })),
              ]}
            />
          )}
        </Field>
      )}
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">Scopes</legend>
        {SCOPES.map((scope) => (
          <label key={scope} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name={`scope:${scope}`}
              defaultChecked={state.values?.[`scope:${scope}`] === "on"}
            />
            <code>{scope}</code> <span className="text-fg-muted">{SCOPE_LABEL[scope]}</span>
          </label>
        ))}
        {state.fieldErrors?.scopes && (
          <p className="text-sm text-danger">{state.fieldErrors.scopes[0]}</p>
        )}
      </fieldset>
      <Field label="Expires" error={state.fieldErrors?.expiresInDays}>
        {(control) => (
          <Select
            {...control}
            name="expiresInDays"
            defaultValue={state.values?.expiresInDays ?? "90"}
            options={EXPIRY_DAYS.map((d) => ({ value: String(d), label: EXPIRY_LABEL[d] }))}
          />
        )}
      </Field>
      <SubmitButton size="lg" className="self-start" pendingLabel="Making…">
        Make token
      </SubmitButton>
    </form>
  );
}

export function RevokeTokenButton({ tokenId, name }: { tokenId: string; name: string }) {
  return (
    <ActionForm
      action={revokeApiTokenAction}
      fields={{ tokenId }}
      label="Revoke"
      pendingLabel="Revoking…"
      variant="danger"
      confirm={`Revoke “${name}”? Anything using it stops working at once.`}
    />
  );
}
