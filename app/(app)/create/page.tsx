import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Create" };

export default async function CreatePage() {
  await requireUser("/create");
  return (
    <div className="flex max-w-2xl flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Create</h1>
        <p className="mt-1 text-sm text-fg-muted">Songs from your lyrics, instrumentals, or a description of what you want to hear.</p>
      </div>
      <Alert tone="info">
        Song generation is not connected on this server yet: no music provider is configured. Your account and library are ready for when it is.
      </Alert>
    </div>
  );
}
