"use client";

import { useActionState, useState } from "react";

import { ActionForm } from "@/components/action-form";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import {
  changeRoleAction,
  createInviteAction,
  deleteTeamAction,
  renameTeamAction,
  setMemberQuotaAction,
} from "@/lib/actions/teams";
import { ROLE_LABEL, ROLE_SUMMARY, type Role } from "@/lib/authz/permissions";
import { TEAM_NAME_MAX } from "@/lib/teams/shared";

export function RoleForm({
  teamId,
  userId,
  role,
  roles,
  name,
}: {
  teamId: string;
  userId: string;
  role: Role;
  roles: Role[];
  name: string;
}) {
  const [state, action] = useActionState(changeRoleAction, {});
  return (
    <form action={action} className="flex flex-col gap-1">
      <input type="hidden" name="teamId" value={teamId} />
      <input type="hidden" name="userId" value={userId} />
      <div className="flex items-center gap-2">
        <Select
          name="role"
          aria-label={`Role of ${name}`}
          defaultValue={role}
          options={roles.map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
          className="w-32"
        />
        <SubmitButton variant="secondary" size="sm" pendingLabel="Saving…">
          Change role
        </SubmitButton>
      </div>
      {state.error && (
        <p role="alert" className="text-sm text-danger">
          {state.error}
        </p>
      )}
      {state.message && (
        <p role="status" className="text-sm text-fg-muted">
          {state.message}
        </p>
      )}
    </form>
  );
}

export function InviteForm({ teamId, roles }: { teamId: string; roles: Role[] }) {
  const [state, action] = useActionState(createInviteAction, {});
  const [role, setRole] = useState<Role>("MEMBER");
  const url = typeof state.data?.url === "string" ? state.data.url : null;
  const [copied, setCopied] = useState(false);
  return (
    <form
      action={action}
      className="grid max-w-2xl gap-4 rounded-2xl border border-line bg-surface p-4 sm:grid-cols-2"
      noValidate
    >
      <input type="hidden" name="teamId" value={teamId} />
      {state.error && (
        <div className="sm:col-span-2">
          <Alert>{state.error}</Alert>
        </div>
      )}
      <Field label="Role" hint={ROLE_SUMMARY[role]} error={state.fieldErrors?.role}>
        {(c) => (
          <Select
            {...c}
            name="role"
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            options={roles.map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
          />
        )}
      </Field>
      <Field label="Expires after" error={state.fieldErrors?.days}>
        {(c) => (
          <Select
            {...c}
            name="days"
            defaultValue="7"
            options={[
              { value: "1", label: "1 day" },
              { value: "7", label: "7 days" },
              { value: "30", label: "30 days" },
            ]}
          />
        )}
      </Field>
      <Field
        label="Email (optional)"
        hint="Leave empty to make a link you can send yourself."
        error={state.fieldErrors?.email}
      >
        {(c) => (
          <Input
            {...c}
            name="email"
            type="email"
            autoComplete="off"
            defaultValue={state.values?.email}
          />
        )}
      </Field>
      <label className="flex items-center gap-2 self-center text-sm">
        <input
          type="checkbox"
          name="reusable"
          value="1"
          className="size-4 accent-[var(--color-accent)]"
        />{" "}
        Reusable link (until it expires)
      </label>
      <div className="sm:col-span-2">
        <SubmitButton pendingLabel="Creating…">Create invite</SubmitButton>
      </div>
      {state.message && (
        <p role="status" className="text-sm sm:col-span-2">
          {state.message}
        </p>
      )}
      {url && (
        <div className="flex flex-wrap items-center gap-2 sm:col-span-2">
          <input
            readOnly
            aria-label="New invite link"
            value={url}
            className="min-w-0 flex-1 rounded-md border border-line bg-muted px-2 py-1.5 font-mono text-xs"
            onFocus={(e) => e.target.select()}
          />
          <button
            type="button"
            className="text-sm font-medium text-link underline-offset-4 hover:underline"
            onClick={() => void navigator.clipboard?.writeText(url).then(() => setCopied(true))}
          >
            {copied ? "Copied" : "Copy link"}
          </button>
        </div>
      )}
    </form>
  );
}

export function RenameTeamForm({ teamId, name }: { teamId: string; name: string }) {
  return (
    <ActionForm action={renameTeamAction} fields={{ teamId }} label="Rename">
      {(state) => (
        <Field label="Team name" error={state.fieldErrors?.name}>
          {(c) => (
            <Input
              {...c}
              name="name"
              defaultValue={state.values?.name ?? name}
              maxLength={TEAM_NAME_MAX}
              required
            />
          )}
        </Field>
      )}
    </ActionForm>
  );
}

export function DeleteTeamForm({
  teamId,
  name,
  slug,
}: {
  teamId: string;
  name: string;
  slug: string;
}) {
  return (
    <ActionForm
      action={deleteTeamAction}
      fields={{ teamId }}
      label="Delete the team and its songs"
      variant="danger"
    >
      {(state) => (
        <Field
          label={`To delete ${name} with all its songs, type its address`}
          hint={slug}
          error={state.fieldErrors?.confirm}
        >
          {(c) => <Input {...c} name="confirm" autoComplete="off" />}
        </Field>
      )}
    </ActionForm>
  );
}

/** An admin's form for one member's monthly quota ("" lifts it). */
export function QuotaForm({
  teamId,
  userId,
  quota,
  name,
}: {
  teamId: string;
  userId: string;
  quota: number | null;
  name: string;
}) {
  const [state, action] = useActionState(setMemberQuotaAction, {});
  return (
    <form action={action} className="flex flex-col gap-1">
      <input type="hidden" name="teamId" value={teamId} />
      <input type="hidden" name="userId" value={userId} />
      <div className="flex items-center gap-2">
        <Input
          name="quota"
          inputMode="numeric"
          aria-label={`Monthly quota of ${name} (credits; empty for no limit)`}
          aria-invalid={state.fieldErrors?.quota ? true : undefined}
          defaultValue={state.values?.quota ?? (quota === null ? "" : String(quota))}
          placeholder="No limit"
          className="w-28"
        />
        <SubmitButton variant="secondary" size="sm" pendingLabel="Saving…">
          Set quota
        </SubmitButton>
      </div>
      {(state.fieldErrors?.quota?.[0] ?? state.error) && (
        <p role="alert" className="text-sm text-danger">
          {state.fieldErrors?.quota?.[0] ?? state.error}
        </p>
      )}
      {state.message && (
        <p role="status" className="text-sm text-fg-muted">
          {state.message}
        </p>
      )}
    </form>
  );
}
