import { ArrowLeft } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";

import { ActionForm } from "@/components/action-form";
import { formatDate } from "@/components/format";
import {
  leaveTeamAction,
  removeMemberAction,
  revokeInviteAction,
  transferOwnershipAction,
} from "@/lib/actions/teams";
import { requireUser } from "@/lib/auth/session";
import { assignableRoles, can, ROLE_LABEL, ROLE_SUMMARY, ROLES } from "@/lib/authz/permissions";
import { currentMonth, getUsage } from "@/lib/credits/usage";
import { orNotFound, parsePageInput, slugParams, type RawParams } from "@/lib/page-input";
import { requestOrigin } from "@/lib/request-origin";
import { listInvites } from "@/lib/teams/invites";
import { getTeamOverview } from "@/lib/teams/teams";

import { DeleteTeamForm, InviteForm, QuotaForm, RenameTeamForm, RoleForm } from "./member-forms";

export const metadata: Metadata = { title: "Team members" };

type Props = { params: Promise<RawParams> };

export default async function TeamMembersPage({ params }: Props) {
  const { slug } = await parsePageInput(slugParams, params);
  const user = await requireUser(`/teams/${slug}/members`);
  const team = await orNotFound(getTeamOverview(user, slug));
  const manage = can(team.role, "members.manage");
  const [invites, usage] = await Promise.all([
    manage ? listInvites(user, team.team.id, await requestOrigin()) : [],
    getUsage(user, { teamId: team.team.id, month: currentMonth() }),
  ]);
  const spendOf = new Map(usage.byMember.map((m) => [m.userId, m]));
  const budgets = can(team.role, "budget.manage");
  const owners = team.members.filter((m) => m.role === "OWNER").length;
  const teamId = team.team.id;

  return (
    <div className="flex flex-col gap-10">
      <div>
        <Link
          href={`/teams/${team.team.slug}` as Route}
          className="inline-flex min-h-11 items-center gap-1 text-sm text-link underline-offset-4 hover:underline"
        >
          <ArrowLeft aria-hidden="true" className="size-4" />
          {team.team.name}
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight">Members</h1>
        <p className="mt-1 text-sm text-fg-muted">
          You are {ROLE_LABEL[team.role].toLowerCase()}: {ROLE_SUMMARY[team.role].toLowerCase()}
        </p>
      </div>

      <section aria-labelledby="people" className="flex flex-col gap-3">
        <h2 id="people" className="text-lg font-semibold">
          People ({team.members.length})
        </h2>
        <ul className="divide-y divide-line rounded-2xl border border-line bg-surface">
          {team.members.map((member) => {
            const self = member.id === user.id;
            const canTouch =
              manage && !self && (member.role !== "OWNER" || can(team.role, "team.transfer"));
            return (
              <li
                key={member.id}
                className="flex flex-col gap-3 px-4 py-3 md:flex-row md:items-center md:justify-between"
              >
                <div className="min-w-0">
                  <p className="truncate font-medium">
                    {member.name ?? member.email}
                    {self && " (you)"}
                  </p>
                  <p className="text-sm text-fg-muted">
                    <span className="block truncate sm:inline">{member.email}</span>
                    <span className="hidden sm:inline"> · </span>
                    {ROLE_LABEL[member.role]} · joined {formatDate(member.joinedAt)}
                  </p>
                  <p className="text-sm text-fg-muted" data-testid="member-spend">
                    This month: {spendOf.get(member.id)?.spent ?? 0} credits
                    {spendOf.get(member.id)?.quota != null
                      ? ` of a ${spendOf.get(member.id)!.quota} monthly quota`
                      : ", no quota"}
                  </p>
                </div>
                {budgets && (
                  <QuotaForm
                    teamId={teamId}
                    userId={member.id}
                    quota={spendOf.get(member.id)?.quota ?? null}
                    name={member.name ?? member.email ?? "this member"}
                  />
                )}
                {canTouch && (
                  <div className="flex flex-wrap items-start gap-3">
                    <RoleForm
                      teamId={teamId}
                      userId={member.id}
                      role={member.role}
                      roles={assignableRoles(team.role)}
                      name={member.name ?? member.email ?? "this member"}
                    />
                    {can(team.role, "team.transfer") && member.role !== "OWNER" && (
                      <ActionForm
                        action={transferOwnershipAction}
                        fields={{ teamId, userId: member.id }}
                        label="Make owner, step down"
                        variant="ghost"
                        confirm={
                          `Make ${member.name ?? member.email} an owner? ` +
                          "You will become an admin."
                        }
                      />
                    )}
                    <ActionForm
                      action={removeMemberAction}
                      fields={{ teamId, userId: member.id }}
                      label="Remove"
                      variant="danger"
                      confirm={`Remove ${member.name ?? member.email} from ${team.team.name}?`}
                    />
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      </section>

      {manage && (
        <section aria-labelledby="invites" className="flex flex-col gap-4">
          <h2 id="invites" className="text-lg font-semibold">
            Invite people
          </h2>
          <InviteForm teamId={teamId} roles={assignableRoles(team.role)} />
          <h3 className="font-semibold">Open invites ({invites.length})</h3>
          {invites.length === 0 ? (
            <p className="text-sm text-fg-muted">No open invites.</p>
          ) : (
            <ul className="divide-y divide-line rounded-2xl border border-line bg-surface">
              {invites.map((invite) => (
                <li
                  key={invite.id}
                  className="flex flex-col gap-2 px-4 py-3 md:flex-row md:items-center md:justify-between"
                >
                  <div className="min-w-0 text-sm">
                    <p className="font-medium">
                      {invite.email ?? (invite.maxUses === 1 ? "Single-use link" : "Reusable link")}{" "}
                      · {ROLE_LABEL[invite.role]}
                    </p>
                    <p className="text-fg-muted">
                      Used {invite.useCount}
                      {invite.maxUses ? ` of ${invite.maxUses}` : ""} · expires{" "}
                      {formatDate(invite.expiresAt)}
                    </p>
                    <input
                      readOnly
                      aria-label="Invite link"
                      value={invite.url}
                      className="mt-1 h-11 w-full max-w-xl truncate rounded-md border border-line bg-muted px-2 font-mono text-xs sm:h-8"
                    />
                  </div>
                  <ActionForm
                    action={revokeInviteAction}
                    fields={{ inviteId: invite.id }}
                    label="Revoke"
                    variant="ghost"
                  />
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <section aria-labelledby="settings" className="flex max-w-xl flex-col gap-6">
        <h2 id="settings" className="text-lg font-semibold">
          Team
        </h2>
        {can(team.role, "team.rename") && <RenameTeamForm teamId={teamId} name={team.team.name} />}
        {team.role === "OWNER" && owners <= 1 ? (
          <p className="text-sm text-fg-muted">
            You are the last owner, so you cannot leave. Make someone else an owner first, or delete
            the team.
          </p>
        ) : (
          <ActionForm
            action={leaveTeamAction}
            fields={{ teamId }}
            label="Leave this team"
            variant="secondary"
            confirm={`Leave ${team.team.name}? Songs you made in it stay with the team.`}
          />
        )}
        {can(team.role, "team.delete") && (
          <DeleteTeamForm teamId={teamId} name={team.team.name} slug={team.team.slug} />
        )}
      </section>
      <p className="sr-only">
        Roles: {ROLES.map((r) => `${ROLE_LABEL[r]}: ${ROLE_SUMMARY[r]}`).join(" ")}
      </p>
    </div>
  );
}
