import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";

import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button-classes";
import { signOutEverywhereAction } from "@/lib/actions/auth";
import { DELETE_ACCOUNT_STATEMENT, getAccount } from "@/lib/auth/account";
import { requireUser } from "@/lib/auth/session";
import { parsePageInput, settingsParams, type RawParams } from "@/lib/page-input";
import { getTheme } from "@/lib/theme";

import { DeleteAccount } from "./delete-account";
import { EmailForm, NameForm, PasswordForm, ThemeForm } from "./settings-forms";

export const metadata: Metadata = { title: "Settings" };

const SAVED = {
  name: "Your name is saved.",
  password: "Your password is changed. Every other device was signed out.",
  email: "Your email address is changed.",
  "email-sent":
    "If that address can be used, we sent it a link. Your email changes when you follow it.",
  theme: "Theme saved.",
} as const;

type Props = { searchParams: Promise<RawParams> };

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section
      aria-labelledby={id}
      className="flex flex-col gap-4 rounded-2xl border border-line bg-surface p-4 sm:p-6"
    >
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

export default async function SettingsPage({ searchParams }: Props) {
  const user = await requireUser("/settings");
  const { saved } = await parsePageInput(settingsParams, searchParams);
  const [account, theme] = await Promise.all([getAccount(user), getTheme()]);

  return (
    <div className="mx-auto flex w-full max-w-2xl flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
        <p className="mt-1 text-sm text-fg-muted">Your account, on every device you use.</p>
      </div>
      {saved && <Alert tone="success">{SAVED[saved]}</Alert>}

      <Section id="profile" title="Profile">
        <NameForm name={account.name ?? ""} />
      </Section>

      <Section id="email" title="Email">
        <p className="text-sm text-fg-muted">
          You sign in with <strong className="text-fg">{account.email ?? "no address"}</strong>. A
          new address changes only when you follow the link we mail to it.
        </p>
        <EmailForm hasPassword={account.hasPassword} />
      </Section>

      <Section id="password" title="Password">
        <PasswordForm hasPassword={account.hasPassword} />
      </Section>

      <Section id="backups" title="Backups">
        <p className="text-sm text-fg-muted">
          Copy your personal library to a bucket of your own on a schedule, incrementally.
        </p>
        <Link
          href="/settings/backups"
          className={buttonClasses("secondary", "lg", "w-full sm:w-auto")}
        >
          Set up backups
        </Link>
      </Section>

      <Section id="sessions" title="Sessions">
        <p className="text-sm text-fg-muted">
          Lost a phone or used a shared computer? End every session of your account, this one
          included.
        </p>
        <form action={signOutEverywhereAction}>
          <button type="submit" className={buttonClasses("secondary", "lg", "w-full sm:w-auto")}>
            Sign out everywhere
          </button>
        </form>
      </Section>

      <Section id="appearance" title="Appearance">
        <ThemeForm theme={theme} />
      </Section>

      <Section id="api-tokens" title="API tokens">
        <p className="text-sm text-fg-muted">
          Let scripts, automations and agents use Chorus through its REST API, each with its own
          token and scopes.
        </p>
        <div className="flex flex-wrap gap-2">
          <Link href="/settings/tokens" className={buttonClasses("secondary", "lg")}>
            Manage API tokens
          </Link>
          <Link href="/settings/webhooks" className={buttonClasses("secondary", "lg")}>
            Manage webhooks
          </Link>
        </div>
      </Section>

      <Section id="subsonic" title="Music apps (Subsonic)">
        <p className="text-sm text-fg-muted">
          Listen in OpenSubsonic players with an app password of their own, never your account
          password.
        </p>
        <Link href="/settings/subsonic" className={buttonClasses("secondary", "lg")}>
          Manage app passwords
        </Link>
      </Section>

      <Section id="credits" title="Credits">
        <p className="text-sm text-fg-muted">
          Every credit your requests spent or got back is listed with its request in History.
        </p>
        <Link href="/history" className={buttonClasses("secondary", "lg", "self-start")}>
          Open History
        </Link>
      </Section>

      <Section id="delete" title="Delete your account">
        <ul className="list-disc space-y-1 pl-5 text-sm">
          {DELETE_ACCOUNT_STATEMENT.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {account.memberships.length > 0 && (
          <p className="text-sm text-fg-muted">
            Your teams:{" "}
            {account.memberships.map((m) => `${m.team.name} (${m.role.toLowerCase()})`).join(", ")}.
          </p>
        )}
        <DeleteAccount
          email={account.email}
          hasPassword={account.hasPassword}
          personalSongs={account.personalSongs}
        />
      </Section>
    </div>
  );
}
