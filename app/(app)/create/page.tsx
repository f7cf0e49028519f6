import type { Metadata } from "next";

import { Alert } from "@/components/ui/alert";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/authz/permissions";
import { getEnv } from "@/lib/env";
import { getCreditBalance } from "@/lib/library/queries";
import { getSunoClient } from "@/lib/suno";
import { listPendingTasks } from "@/lib/tasks/queries";
import { getWorkspace } from "@/lib/teams/workspace";

import { CreateStudio } from "./create-studio";

export const metadata: Metadata = { title: "Create" };

export default async function CreatePage() {
  const user = await requireUser("/create");
  const client = getSunoClient();
  const env = getEnv();
  const workspace = await getWorkspace(user);
  const [pending, balance] = await Promise.all([
    listPendingTasks({ viewer: user, limit: 10 }),
    workspace.kind === "team" ? workspace.team.creditBalance : getCreditBalance({ actor: user }),
  ]);
  const viewerOnly = workspace.kind === "team" && !can(workspace.role, "clip.create");
  // every key of every provider resting (out of credits, refused): say why, not "busy"
  const providers = client?.status() ?? [];
  const unavailable = providers.length > 0 && providers.every((p) => p.allKeysResting);
  // what the configured providers can do, on which model: the form offers only this
  const offer = client?.offerings();
  const notice = unavailable ? providers.find((p) => p.reason !== "RATE_LIMITED")?.message : null;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Create</h1>
        <p className="mt-1 text-sm text-fg-muted">
          Songs from your lyrics, instrumentals, or a description of what you want to hear.
          {env.SUNO_SIMULATED &&
            " Made by the local Suno simulator: real, playable audio, no key and no network."}
        </p>
      </div>
      {notice && <Alert tone="error">{notice}</Alert>}
      {viewerOnly ? (
        <Alert tone="info">
          You are a viewer in {workspace.team.name}: you can listen to, search and download its
          songs, but not make new ones. Switch to your personal workspace to make songs of your own.
        </Alert>
      ) : client ? (
        <CreateStudio
          initialTaskIds={pending.map((t) => t.id)}
          balance={balance}
          costs={{ music: env.CREDIT_COSTS.music, lyrics: env.CREDIT_COSTS.lyrics }}
          workspace={
            workspace.kind === "team"
              ? { teamId: workspace.team.id, name: workspace.team.name }
              : { teamId: null, name: "Personal" }
          }
          models={offer!.models}
          defaultModel={offer!.defaultModel}
          operations={offer!.operations}
          ownAudio={{
            files: client.canUploadFiles(),
            cover: client.supports("UPLOAD_COVER"),
            extend: client.supports("UPLOAD_EXTEND"),
            link: client.supports("UPLOAD_AUDIO"),
          }}
        />
      ) : (
        <Alert tone="info">
          No music provider is configured on this server, so songs cannot be made yet. Your library
          is ready for when one is.
        </Alert>
      )}
    </div>
  );
}
