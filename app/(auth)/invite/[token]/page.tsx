import type { Metadata, Route } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button-classes";
import { getCurrentUser } from "@/lib/auth/session";
import { ROLE_LABEL, ROLE_SUMMARY } from "@/lib/authz/permissions";
import { db } from "@/lib/db";
import { parsePageInput, tokenParams, type RawParams } from "@/lib/page-input";
import { lookupInvite } from "@/lib/teams/invites";

import { AcceptInviteForm } from "./accept-form";

export const metadata: Metadata = { title: "Team invite", robots: { index: false } };

type Props = { params: Promise<RawParams> };

const STATE_MESSAGE = {
  expired: "This invite has expired. Ask the team for a new one.",
  revoked: "This invite was withdrawn. Ask the team for a new one.",
  used: "This invite has already been used. Ask the team for a new one.",
} as const;

export default async function InvitePage({ params }: Props) {
  const { token } = await parsePageInput(tokenParams, params);
  const [invite, user] = await Promise.all([lookupInvite(token), getCurrentUser()]);
  if (!invite) notFound(); // a 404, like any other address that leads nowhere
  const member = user
    ? await db.membership.findUnique({
        where: { teamId_userId: { teamId: invite.team.id, userId: user.id } },
        select: { role: true },
      })
    : null;
  const back = encodeURIComponent(`/invite/${token}`);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <p className="text-sm text-fg-muted">You are invited to join</p>
        <h1 className="text-2xl font-semibold tracking-tight">{invite.team.name}</h1>
        <p className="mt-2 text-sm">
          as <strong>{ROLE_LABEL[invite.role].toLowerCase()}</strong>:{" "}
          {ROLE_SUMMARY[invite.role].toLowerCase()}
        </p>
      </div>
      {member ? (
        <>
          <Alert tone="info">You are already in this team.</Alert>
          <Link href={`/teams/${invite.team.slug}` as Route} className={buttonClasses("primary")}>
            Open the team library
          </Link>
        </>
      ) : invite.status !== "valid" ? (
        <Alert>{STATE_MESSAGE[invite.status]}</Alert>
      ) : user ? (
        <AcceptInviteForm token={token} email={user.email} teamName={invite.team.name} />
      ) : (
        <div className="flex flex-col gap-3">
          <p className="text-sm text-fg-muted">
            Sign in or create an account to accept. You will come straight back here.
          </p>
          <Link href={`/sign-up?callbackUrl=${back}` as Route} className={buttonClasses("primary")}>
            Create an account
          </Link>
          <Link
            href={`/sign-in?callbackUrl=${back}` as Route}
            className={buttonClasses("secondary")}
          >
            Sign in
          </Link>
        </div>
      )}
    </div>
  );
}
