"use client";

import { useActionState } from "react";

import { SubmitButton } from "@/components/ui/button";
import { restoreClipAction } from "@/lib/actions/clips";

export function RestoreButton({ clipId }: { clipId: string }) {
  const [state, restore] = useActionState(restoreClipAction, {});
  return (
    <form action={restore} className="flex items-center gap-2">
      <input type="hidden" name="clipId" value={clipId} />
      {state.error && (
        <span role="alert" className="text-sm text-danger">
          {state.error}
        </span>
      )}
      <SubmitButton variant="secondary" size="sm" pendingLabel="Restoring…">
        Restore
      </SubmitButton>
    </form>
  );
}
