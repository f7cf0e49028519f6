import type { Metadata, Route } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button-classes";
import { getCurrentUser } from "@/lib/auth/session";
import { ROLE_LABEL, ROLE_SUMMARY } from "@/lib/authz/permissions";
import { parsePageInput, tokenParams, type RawParams } from "@/lib/page-input";
import { lookupInvite } from "@/lib/teams/invites";
import { INVITE_REFUSAL } from "@/lib/teams/shared";

import { AcceptInviteForm } from "./accept-form";

export const metadata: Metadata = { title: "Team invite", robots: { index: false } };

type Props = { params: Promise<RawParams> };

export default async function InvitePage({ params }: Props) {
  const { token } = await parsePageInput(tokenParams, params);
  const user = await getCurrentUser();
  const invite = await lookupInvite(token, user?.id);
  if (!invite) notFound(); // a 404, like any other address that leads nowhere
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
      {invite.isMember ? (
        <>
          <Alert tone="info">You are already in this team.</Alert>
          <Link href={`/teams/${invite.team.slug}` as Route} className={buttonClasses("primary")}>
            Open the team library
          </Link>
        </>
      ) : invite.status !== "valid" ? (
        <Alert>{INVITE_REFUSAL[invite.status]}</Alert>
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
