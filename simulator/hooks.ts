// notify_hook callbacks (relay dialect). Statuses are computed from time, so a light ticker
// notices each transition and POSTs the task object as it stood at that instant, in order,
// one task at a time; a clock jump delivers every missed transition. Every attempt is recorded
// for the admin API. Faults can duplicate deliveries or replay an earlier one after the final.
import type { Faults } from "./faults.ts";
import type { Store } from "./state.ts";
import type { RelayStatus, SimTask } from "./types.ts";

export type Delivery = {
  taskId: string;
  url: string;
  taskStatus: RelayStatus;
  kind: "transition" | "duplicate" | "replay";
  /** HTTP status of the receiver, null when it could not be reached. */
  status: number | null;
  error: string | null;
  body: Record<string, unknown>;
  at: string;
};

type Deps = {
  store: Store;
  faults: Faults;
  /** The callback body at `at` (relay: the task as fetch-one shows it); null: nothing to send. */
  view: (task: SimTask, at: number) => Record<string, unknown> | null;
  /** The steps at which a callback is due (relay: each task status change). */
  transitions?: (task: SimTask) => number[];
  log: ((line: string) => void) | null;
  timeoutMs?: number;
};

const MAX_DELIVERIES = 2000;

export class HookDispatcher {
  private readonly watched = new Set<string>();
  private readonly sent = new Map<string, number>();
  private readonly busy = new Set<string>();
  private readonly inflight = new Set<Promise<void>>();
  private deliveries: Delivery[] = [];
  private timer: NodeJS.Timeout | null = null;
  private abort = new AbortController();

  constructor(private readonly deps: Deps) {}

  watch(task: SimTask): void {
    this.watched.add(task.id);
    if (!this.timer) {
      const period = Math.max(5, Math.min(250, this.deps.store.stepMs / 2));
      this.timer = setInterval(() => this.tick(), period);
      this.timer.unref();
    }
  }

  /** Delivers whatever transitions are due; also called after admin clock changes. */
  tick(): void {
    const { store } = this.deps;
    const now = store.now();
    for (const id of this.watched) {
      const task = store.task(id);
      if (!task) {
        this.watched.delete(id);
        continue;
      }
      if (this.busy.has(id)) continue;
      const steps = this.transitionsOf(task);
      const done = this.sent.get(id) ?? 0;
      const due = steps.slice(done).filter((step) => store.timeOfStep(task, step) <= now);
      if (due.length === 0) {
        if (done >= steps.length && store.isFinal(task, now)) this.watched.delete(id);
        continue;
      }
      this.busy.add(id);
      const run = this.deliverSteps(task, due, done).finally(() => {
        this.busy.delete(id);
        this.inflight.delete(run);
      });
      this.inflight.add(run);
    }
    if (this.watched.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private transitionsOf(task: SimTask): number[] {
    return this.deps.transitions?.(task) ?? this.deps.store.transitions(task);
  }

  private async deliverSteps(task: SimTask, due: number[], alreadySent: number): Promise<void> {
    const { store, faults, view } = this.deps;
    let sent = alreadySent;
    const signal = this.abort.signal;
    for (const step of due) {
      if (signal.aborted) return;
      const body = view(task, store.timeOfStep(task, step));
      if (body) {
        await this.post(task, body, "transition", signal);
        if (faults.callbacks().duplicate) await this.post(task, body, "duplicate", signal);
      }
      this.sent.set(task.id, ++sent);
      if (store.isFinal(task, store.timeOfStep(task, step)) && faults.callbacks().outOfOrder) {
        // A stale IN_PROGRESS (or the latest earlier) snapshot arriving after the final one.
        const earlier = this.transitionsOf(task).filter((s) => s < step);
        const stale =
          earlier.find((s) => store.status(task, store.timeOfStep(task, s)) === "IN_PROGRESS") ??
          earlier.pop();
        const staleBody = stale === undefined ? null : view(task, store.timeOfStep(task, stale));
        if (staleBody) await this.post(task, staleBody, "replay", signal);
      }
    }
  }

  private async post(
    task: SimTask,
    body: Record<string, unknown>,
    kind: Delivery["kind"],
    signal: AbortSignal,
  ): Promise<void> {
    if (signal.aborted) return;
    const record: Delivery = {
      taskId: task.id,
      url: task.notifyHook,
      // relay bodies carry the task status; sunoapi-org callbacks their stage
      taskStatus: (body.status ??
        (body.data as { callbackType?: string } | null)?.callbackType) as RelayStatus,
      kind,
      status: null,
      error: null,
      body,
      at: new Date().toISOString(),
    };
    try {
      const response = await fetch(task.notifyHook, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.deps.timeoutMs ?? 3000)]),
      });
      record.status = response.status;
      await response.body?.cancel();
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    if (signal.aborted) return; // a reset happened meanwhile: this attempt belongs to the past
    this.deliveries.push(record);
    if (this.deliveries.length > MAX_DELIVERIES)
      this.deliveries.splice(0, this.deliveries.length - MAX_DELIVERIES);
    this.deps.log?.(`hook ${record.taskStatus} ${kind} -> ${record.status ?? record.error}`);
  }

  list(): Delivery[] {
    return [...this.deliveries];
  }

  /** Resolves when no delivery is running (tests use it after completing a task). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  reset(): void {
    this.abort.abort();
    this.abort = new AbortController();
    this.watched.clear();
    this.sent.clear();
    this.deliveries = [];
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.abort.abort();
    await this.idle();
  }
}
