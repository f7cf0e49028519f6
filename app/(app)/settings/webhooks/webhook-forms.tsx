"use client";

// Adding, testing and deleting outgoing webhooks (lib/actions/webhooks.ts).
import { useActionState } from "react";

import { ActionForm } from "@/components/action-form";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import {
  createWebhookAction,
  deleteWebhookAction,
  sendTestWebhookAction,
} from "@/lib/actions/webhooks";
import { WEBHOOK_EVENT_LABEL, WEBHOOK_EVENTS } from "@/lib/webhooks/shared";

export function CreateWebhookForm({ teams }: { teams: { id: string; name: string }[] }) {
  const [state, action] = useActionState(createWebhookAction, {});
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      {state.error && <Alert>{state.error}</Alert>}
      {state.ok && state.message && <Alert tone="success">{state.message}</Alert>}
      <Field label="Receiver address" hint="https://…" error={state.fieldErrors?.url}>
        {(control) => (
          <Input {...control} name="url" type="url" defaultValue={state.values?.url ?? ""} />
        )}
      </Field>
      {teams.length > 0 && (
        <Field label="Events of" hint="A team's webhook reports the team's songs.">
          {(control) => (
            <Select
              {...control}
              name="teamId"
              defaultValue={state.values?.teamId ?? ""}
              options={[
                { value: "", label: "Your personal library" },
                ...teams.map((t) => ({ value: t.id, label: `Team: ${t.name}` })),
              ]}
            />
          )}
        </Field>
      )}
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">Events</legend>
        {WEBHOOK_EVENTS.map((event) => (
          <label key={event} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name={`event:${event}`}
              defaultChecked={state.values?.[`event:${event}`] === "on"}
            />
            <code>{event}</code> <span className="text-fg-muted">{WEBHOOK_EVENT_LABEL[event]}</span>
          </label>
        ))}
        {state.fieldErrors?.events && (
          <p className="text-sm text-danger">{state.fieldErrors.events[0]}</p>
        )}
      </fieldset>
      <SubmitButton size="lg" className="self-start" pendingLabel="Adding…">
        Add webhook
      </SubmitButton>
    </form>
  );
}

export function SendTestButton({ endpointId }: { endpointId: string }) {
  return (
    <ActionForm
      action={sendTestWebhookAction}
      fields={{ endpointId }}
      label="Send test"
      pendingLabel="Sending…"
    />
  );
}

export function DeleteWebhookButton({ endpointId, url }: { endpointId: string; url: string }) {
  return (
    <ActionForm
      action={deleteWebhookAction}
      fields={{ endpointId }}
      label="Delete"
      pendingLabel="Deleting…"
      variant="danger"
      confirm={`Delete the webhook to ${url}? Events stop being sent to it.`}
    />
  );
}
