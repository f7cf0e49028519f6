"use client";

// Sharing: into a team (personal songs, by their creator) and by a public link (opt-in,
// revocable). Every button is a server action that checks lib/authz again.
import { useActionState, useState } from "react";

import { ActionForm } from "@/components/action-form";
import { SubmitButton } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import {
  enablePublicLinkAction,
  revokePublicLinkAction,
  shareToTeamAction,
  unshareFromTeamAction,
} from "@/lib/actions/clips";
import { setShareDownloadsAction } from "@/lib/actions/studio";

type Team = { id: string; name: string };

export function SharePanel({
  clipId,
  personal,
  shareableTeams,
  sharedInto,
  canUnshare,
  canLink,
  publicUrl,
  downloadsAllowed = false,
}: {
  clipId: string;
  /** a personal clip of the viewer: it may be shared into their teams */
  personal: boolean;
  shareableTeams: Team[];
  sharedInto: (Team & { canUnshare: boolean })[];
  canUnshare: boolean;
  canLink: boolean;
  /** built on the server from the configured public origin (lib/request-origin.ts) */
  publicUrl: string | null;
  /** the link also hands out the WAV, stems and video */
  downloadsAllowed?: boolean;
}) {
  const [state, share] = useActionState(shareToTeamAction, {});
  const [copied, setCopied] = useState(false);
  const available = shareableTeams.filter((t) => !sharedInto.some((s) => s.id === t.id));
  return (
    <section aria-labelledby="sharing" className="flex flex-col gap-4 border-t border-line pt-4">
      <h2 id="sharing" className="font-semibold">
        Sharing
      </h2>
      {sharedInto.length > 0 && (
        <ul className="flex flex-col gap-2 text-sm">
          {sharedInto.map((team) => (
            <li key={team.id} className="flex flex-wrap items-center gap-3">
              <span>
                Shared into <strong>{team.name}</strong>
              </span>
              {(canUnshare || team.canUnshare) && (
                <ActionForm
                  action={unshareFromTeamAction}
                  fields={{ clipId, teamId: team.id }}
                  label="Take out"
                  variant="ghost"
                  className="flex-row items-center"
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {personal && available.length > 0 && (
        <form action={share} className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="clipId" value={clipId} />
          <label className="flex flex-col gap-1 text-sm font-medium">
            Share into a team
            <Select
              name="teamId"
              options={available.map((t) => ({ value: t.id, label: t.name }))}
              className="w-56"
            />
          </label>
          <SubmitButton variant="secondary" size="sm" pendingLabel="Sharing…">
            Share
          </SubmitButton>
          {state.error && (
            <p role="alert" className="w-full text-sm text-danger">
              {state.error}
            </p>
          )}
          {state.message && (
            <p role="status" className="w-full text-sm text-fg-muted">
              {state.message}
            </p>
          )}
        </form>
      )}
      {canLink && (
        <div className="flex flex-col gap-2 text-sm">
          {publicUrl ? (
            <>
              <p>
                Anyone with this link can listen, read the lyrics and see the cover. Nothing else
                about you or your team is shown.
              </p>
              <div className="flex flex-wrap items-center gap-2">
                <input
                  readOnly
                  aria-label="Public link"
                  value={publicUrl}
                  onFocus={(e) => e.target.select()}
                  className="min-w-0 flex-1 rounded-md border border-line bg-muted px-2 py-1.5 font-mono text-xs"
                />
                <button
                  type="button"
                  className="font-medium text-link underline-offset-4 hover:underline"
                  onClick={() =>
                    void navigator.clipboard?.writeText(publicUrl).then(() => setCopied(true))
                  }
                >
                  {copied ? "Copied" : "Copy"}
                </button>
              </div>
              <ActionForm
                action={setShareDownloadsAction}
                fields={{ clipId, allow: String(!downloadsAllowed) }}
                label={
                  downloadsAllowed
                    ? "Stop offering the WAV, stems and video"
                    : "Also offer the WAV, stems and video"
                }
              />
              <ActionForm
                action={revokePublicLinkAction}
                fields={{ clipId }}
                label="Turn off the public link"
              />
            </>
          ) : (
            <ActionForm
              action={enablePublicLinkAction}
              fields={{ clipId }}
              label="Create a public link"
              variant="secondary"
            >
              <p className="text-fg-muted">
                Off. A public link lets anyone who has it listen without an account.
              </p>
            </ActionForm>
          )}
        </div>
      )}
    </section>
  );
}
