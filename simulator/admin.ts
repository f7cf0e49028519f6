// The control surface for tests and demos: state inspection (tasks, callbacks, a request log
// that never holds credentials), fault configuration, reset, finishing a task and moving the
// clock. Offered both as `/__admin/*` routes (loopback only) and as in-process methods.
import { parseFaultConfig, type FaultConfig } from "./faults.ts";
import { asBody } from "./fields.ts";
import type { Delivery } from "./hooks.ts";
import { ApiError, badRequest, route, sendJson, type Route } from "./http.ts";
import type { MediaCache } from "./media.ts";
import type { SimEnv } from "./tasks.ts";
import { relayTask } from "./views.ts";

/** Method, path without query string, status: never headers, so never a key. */
export type RequestLogEntry = {
  at: string;
  method: string;
  path: string;
  status: number;
  ms: number;
  fault: string | null;
};

const MAX_REQUESTS = 2000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_REQUESTS)
      this.entries.splice(0, this.entries.length - MAX_REQUESTS);
  }

  list(): RequestLogEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}

export type AdminApi = ReturnType<typeof createAdmin>;

export function createAdmin(env: SimEnv, requests: RequestLog, cache: MediaCache) {
  const { store, hooks, faults } = env;
  const api = {
    state() {
      const now = store.now();
      return {
        now: new Date(now).toISOString(),
        stepMs: store.stepMs,
        faults: faults.snapshot(),
        tasks: store.allTasks().map((task) => ({
          id: task.id,
          dialect: task.dialect,
          action: task.action,
          kind: task.kind,
          /** the engine the task was made with */
          mv: task.mv,
          status: store.status(task, now),
          failReason: task.failReason,
          notifyHook: task.notifyHook,
          neverFinish: task.neverFinish,
          fetchedUpload: task.fetchedUpload ?? null,
          createdAt: new Date(task.createdAt).toISOString(),
          clips: task.clips.map((clip) => ({
            id: clip.id,
            index: clip.index,
            kind: clip.kind,
            status: store.clipStatus(task, clip, now),
            title: clip.title,
            duration: clip.duration,
            continueClipId: clip.continueClipId,
            continueAt: clip.continueAt,
          })),
          relay: relayTask(env.views, task, "flat", now),
        })),
        deliveries: hooks.list(),
        requests: requests.list(),
      };
    },
    /** Replaces the whole fault configuration; throws on an invalid one. */
    setFaults(config: FaultConfig): ReturnType<typeof faults.snapshot> {
      const parsed = parseFaultConfig(config);
      faults.set(parsed);
      return faults.snapshot();
    },
    faults: () => faults.snapshot(),
    reset(): void {
      faults.set({});
      hooks.reset();
      store.reset();
      requests.clear();
      cache.clear();
    },
    /** Finishes a task now (success, or failure for a moderated one); false if unknown. */
    complete(taskId: string): boolean {
      const task = store.task(taskId);
      if (!task) return false;
      store.completeNow(task);
      hooks.tick();
      return true;
    },
    advance(ms: number): void {
      store.advance(ms);
      hooks.tick();
    },
    deliveries: (): Delivery[] => hooks.list(),
    requests: (): RequestLogEntry[] => requests.list(),
    /** Waits until no callback is being delivered. */
    hooksIdle: () => hooks.idle(),
  };
  return api;
}

export function adminRoutes(admin: AdminApi): Route[] {
  return [
    route("GET", "/__admin/state", (ctx) => sendJson(ctx.res, 200, admin.state())),
    route("GET", "/__admin/faults", (ctx) => sendJson(ctx.res, 200, admin.faults())),
    ...["PUT", "POST"].map((method) =>
      route(method, "/__admin/faults", async (ctx) => {
        try {
          sendJson(ctx.res, 200, admin.setFaults((await ctx.json()) as FaultConfig));
        } catch (error) {
          if (error instanceof ApiError) throw error;
          throw badRequest(error instanceof Error ? error.message : String(error));
        }
      }),
    ),
    route("POST", "/__admin/reset", (ctx) => {
      admin.reset();
      sendJson(ctx.res, 200, { ok: true });
    }),
    route("POST", "/__admin/tasks/:taskId/complete", (ctx) => {
      const taskId = ctx.params.taskId ?? "";
      if (!admin.complete(taskId))
        throw new ApiError(404, "task_not_exist", `task ${taskId} not found`);
      sendJson(ctx.res, 200, {
        ok: true,
        task: admin.state().tasks.find((task) => task.id === taskId),
      });
    }),
    route("POST", "/__admin/advance", async (ctx) => {
      const ms = asBody(await ctx.json()).ms;
      if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0)
        throw badRequest("ms must be a non-negative number");
      admin.advance(ms);
      sendJson(ctx.res, 200, { ok: true, now: admin.state().now });
    }),
  ];
}
