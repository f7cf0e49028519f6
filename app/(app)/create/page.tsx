import type { Metadata } from "next";

import { Alert } from "@/components/ui/alert";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/authz/permissions";
import { getEnv } from "@/lib/env";
import { getRemixSource } from "@/lib/library/clips";
import { getCreditBalance } from "@/lib/library/queries";
import { createParams, parsePageInput, type RawParams } from "@/lib/page-input";
import { getSunoClient } from "@/lib/suno";
import { activeCatalogue } from "@/lib/suno/catalogue";
import { commonFeatures } from "@/lib/suno/features";
import { getTaskForViewer, listWorkspaceTasks } from "@/lib/tasks/queries";
import { getWorkspace } from "@/lib/teams/workspace";
import { listVoices } from "@/lib/voices/voices";

import { CreateStudio } from "./create-studio";
import { draftForRemix, draftFromRequest, emptyDraft } from "./draft";
import { VoicesProvider } from "./voices";

export const metadata: Metadata = { title: "Create" };

type Props = { searchParams: Promise<RawParams> };

export default async function CreatePage({ searchParams }: Props) {
  const user = await requireUser("/create");
  const { reuse, remix } = await parsePageInput(createParams, searchParams);
  const client = getSunoClient();
  const env = getEnv();
  const workspace = await getWorkspace(user);
  const teamId = workspace.kind === "team" ? workspace.team.id : null;
  const [recent, balance, reused, source, voices] = await Promise.all([
    listWorkspaceTasks({ viewer: user, teamId, limit: 6 }),
    workspace.kind === "team" ? workspace.team.creditBalance : getCreditBalance({ actor: user }),
    reuse ? getTaskForViewer({ viewer: user, taskId: reuse }) : null,
    remix ? getRemixSource({ actor: user, clipId: remix }) : null,
    listVoices({ actor: user, teamId }),
  ]);
  // what the configured providers can do, on which model: the form offers only this
  const offer = client?.offerings();
  const offered = offer?.models ?? [];
  const defaultModel = offer?.defaultModel ?? activeCatalogue().defaultModel;
  const draftOptions = { offered: offered.map((m) => m.id), defaultModel };
  // an extension reused: its source, when the viewer may still continue it
  const reusedSource =
    reused?.operation === "EXTEND" && reused.sourceClipId
      ? await getRemixSource({ actor: user, clipId: reused.sourceClipId })
      : null;
  const initialDraft = source
    ? draftForRemix(source, emptyDraft(defaultModel))
    : reused
      ? draftFromRequest(
          { ...reused.asked, operation: reused.operation },
          { ...draftOptions, source: reusedSource },
        )
      : null;
  const viewerOnly = workspace.kind === "team" && !can(workspace.role, "clip.create");
  // every key of every provider resting (out of credits, refused): say why, not "busy"
  const providers = client?.status() ?? [];
  const unavailable = providers.length > 0 && providers.every((p) => p.allKeysResting);
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
        <VoicesProvider voices={voices}>
          <CreateStudio
            initialTaskIds={recent.map((t) => t.id)}
            initialDraft={initialDraft}
            features={commonFeatures(providers.map((p) => p.dialect))}
            balance={balance}
            costs={{ music: env.CREDIT_COSTS.music, lyrics: env.CREDIT_COSTS.lyrics }}
            workspace={
              workspace.kind === "team"
                ? { teamId: workspace.team.id, name: workspace.team.name }
                : { teamId: null, name: "Personal" }
            }
            models={offer!.models.map(({ id, label, description, routes }) => ({
              id,
              label,
              description,
              // the limits the form counts against: a song's on the first provider that runs it
              limits: (routes.CUSTOM_SONG ?? Object.values(routes)[0])!.limits,
            }))}
            defaultModel={offer!.defaultModel}
            operations={offer!.operations}
            ownAudio={offer!.ownAudio}
            lyricsPromptMax={offer!.lyricsPromptMax}
          />
        </VoicesProvider>
      ) : (
        <Alert tone="info">
          No music provider is configured on this server, so songs cannot be made yet. Your library
          is ready for when one is.
        </Alert>
      )}
    </div>
  );
}
