import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { requireUser } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { getSunoClient } from "@/lib/suno";

export const metadata: Metadata = { title: "Create" };

export default async function CreatePage() {
  await requireUser("/create");
  const client = getSunoClient();
  const simulated = getEnv().SUNO_SIMULATED;
  return (
    <div className="flex max-w-2xl flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Create</h1>
        <p className="mt-1 text-sm text-fg-muted">Songs from your lyrics, instrumentals, or a description of what you want to hear.</p>
      </div>
      {client ? (
        <Alert tone="info">
          {simulated
            ? "Songs are made by the local Suno simulator: real, playable audio, no key and no network needed."
            : `Songs are made through ${client.providers.map((p) => `${p.host} (${p.dialect})`).join(", then ")}.`}{" "}
          The song form arrives with the task engine.
        </Alert>
      ) : (
        <Alert tone="info">No music provider is configured on this server, so songs cannot be made yet. Your library is ready for when one is.</Alert>
      )}
    </div>
  );
}
