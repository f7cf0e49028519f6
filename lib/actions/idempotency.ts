// Idempotency keys of generation forms (pure, shared with the browser). A form keeps its key
// while a request is retried, and gets a new one after every submit that made a task, so a
// second "Extend from here" is a second task and not the first one again.
import type { ActionState } from "@/lib/actions/safe-action";

export function nextIdempotencyKey(base: string, form: string, state: ActionState): string {
  const taskId = state.data?.taskId;
  return `${base}-${form}-${typeof taskId === "string" ? taskId : "0"}`;
}
