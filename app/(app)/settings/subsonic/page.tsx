import type { Metadata } from "next";
import Link from "next/link";

import { requireUser } from "@/lib/auth/session";
import { publicOrigin } from "@/lib/request-origin";
import { listAppPasswords } from "@/lib/subsonic/app-passwords";

import { CreateAppPasswordForm, RevokeAppPasswordButton } from "./app-password-forms";

export const metadata: Metadata = { title: "Music apps (Subsonic)" };

const when = (date: Date | null) =>
  date ? date.toISOString().slice(0, 16).replace("T", " ") + " UTC" : "never";

export default async function SubsonicPage() {
  const user = await requireUser("/settings/subsonic");
  const passwords = await listAppPasswords({ actor: user });
  return (
    <div className="mx-auto flex w-full max-w-2xl flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Music apps (Subsonic)</h1>
        <p className="mt-1 text-sm text-fg-muted">
          Play your library and your teams&apos; in OpenSubsonic apps (Symfonium, Feishin, Sonixd,
          DSub, play:Sub…). Each app signs in with an app password made here, never your account
          password.{" "}
          <Link className="underline" href="/settings">
            Back to settings
          </Link>
        </p>
      </div>
      <section
        aria-labelledby="how"
        className="flex flex-col gap-2 rounded-2xl border border-line bg-surface p-4 text-sm sm:p-6"
      >
        <h2 id="how" className="text-lg font-semibold">
          In the app
        </h2>
        <p>
          Server: <code className="select-all">{publicOrigin()}</code>
        </p>
        <p>
          Username: <code className="select-all">{user.email}</code>
        </p>
        <p>Password: an app password from below (or, where the app asks for one, an API key).</p>
      </section>
      <section
        aria-labelledby="new-app-password"
        className="flex flex-col gap-4 rounded-2xl border border-line bg-surface p-4 sm:p-6"
      >
        <h2 id="new-app-password" className="text-lg font-semibold">
          New app password
        </h2>
        <CreateAppPasswordForm />
      </section>
      <section aria-labelledby="app-passwords" className="flex flex-col gap-3">
        <h2 id="app-passwords" className="text-lg font-semibold">
          Your app passwords
        </h2>
        {passwords.length === 0 && <p className="text-sm text-fg-muted">No app passwords yet.</p>}
        <ul className="flex flex-col gap-3">
          {passwords.map((p) => (
            <li
              key={p.id}
              className="flex flex-col gap-1 rounded-xl border border-line bg-surface p-4 text-sm"
            >
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <strong>{p.name}</strong>
                <code className="text-fg-muted">{p.prefix}…</code>
              </div>
              <p className="text-fg-muted">
                {p.revokedAt ? `revoked ${when(p.revokedAt)}` : "active"} · made {when(p.createdAt)}{" "}
                · last used {when(p.lastUsedAt)}
                {p.lastUsedClient ? ` by ${p.lastUsedClient}` : ""}
              </p>
              {!p.revokedAt && <RevokeAppPasswordButton id={p.id} name={p.name} />}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
