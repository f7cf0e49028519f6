// The simulator's HTTP server: one loopback port speaking both proxy dialects, the media
// "CDN" and the admin API. Owns the request pipeline (admin, faults, media, auth, routes), the
// request log and a prompt shutdown even while requests are deliberately hanging.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { adminRoutes, createAdmin, RequestLog, type AdminApi } from "./admin.ts";
import { faultReply, Faults, parseFaultConfig } from "./faults.ts";
import { HookDispatcher } from "./hooks.ts";
import {
  ApiError,
  isLoopback,
  jsonReader,
  match,
  send,
  sendError,
  sendJson,
  type Route,
} from "./http.ts";
import { MediaCache, mediaRoutes } from "./media.ts";
import { relayRoutes } from "./relay.ts";
import { Store } from "./state.ts";
import { uploadMediaRoutes } from "./sunoapi-org-uploads.ts";
import { ORG_PREFIX, sunoapiOrgRoutes } from "./sunoapi-org.ts";
import { sunoapiRoutes } from "./sunoapi.ts";
import type { SimEnv } from "./tasks.ts";
import type { Dialect, ResolvedOptions, SimulatorOptions } from "./types.ts";
import { orgCallback, orgTransitions } from "./views-org.ts";
import { echoed, relayTask, requestKey, type ViewContext } from "./views.ts";

export type { AdminApi, RequestLogEntry } from "./admin.ts";
export type { FaultAction, FaultConfig, FaultRule } from "./faults.ts";
export type { Delivery } from "./hooks.ts";
export type { SimulatorOptions } from "./types.ts";

export type Simulator = {
  url: string;
  port: number;
  stop(): Promise<void>;
  admin: AdminApi;
};

export const DEFAULT_KEYS = ["sim-key-1", "sim-key-2"];

function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const positive = (value: number | undefined, fallback: number, name: string) => {
    if (value === undefined) return fallback;
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`simulator: ${name} must be a positive number`);
    return value;
  };
  const keys = (options.keys ?? DEFAULT_KEYS).map((key) => key.trim()).filter(Boolean);
  if (keys.length === 0) throw new Error("simulator: at least one key is required");
  const idStyle = options.idStyle ?? "uuid";
  if (!["uuid", "dashless", "prefixed"].includes(idStyle))
    throw new Error(`simulator: unknown idStyle ${idStyle}`);
  return {
    port: options.port ?? 0,
    keys,
    stepMs: positive(options.stepMs, 2500, "stepMs"),
    clipSeconds: Math.min(480, positive(options.clipSeconds, 20, "clipSeconds")),
    publicUrl: options.publicUrl?.replace(/\/+$/, "") || null,
    moderationWord: options.moderationWord ?? "taylor swift",
    idStyle,
    log: options.log ?? null,
    fetchUploadLinks: options.fetchUploadLinks ?? false,
  };
}

function dialectOf(path: string): Dialect | null {
  if (path.startsWith(`${ORG_PREFIX}/`)) return "sunoapi-org";
  if (path.startsWith("/suno/")) return "relay";
  if (path.startsWith("/api/")) return "sunoapi";
  return null;
}

function pathOf(rawUrl: string | undefined): string {
  try {
    return new URL(rawUrl ?? "/", "http://simulator").pathname;
  } catch {
    return "/";
  }
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const resolved = resolveOptions(options);
  const store = new Store(resolved.stepMs);
  const faults = new Faults(options.faults ? parseFaultConfig(options.faults) : undefined);
  let mediaBase = "";
  const views: ViewContext = { store, mediaBase: () => mediaBase, faults };
  const hooks = new HookDispatcher({
    store,
    faults,
    view: (task, at) =>
      task.dialect === "sunoapi-org"
        ? orgCallback(views, task, at)
        : relayTask(views, task, "flat", at),
    transitions: (task) =>
      task.dialect === "sunoapi-org" ? orgTransitions(views, task) : store.transitions(task),
    log: resolved.log,
  });
  const env: SimEnv = { store, options: resolved, faults, hooks, views };
  const requests = new RequestLog();
  const cache = new MediaCache();
  const admin = createAdmin(env, requests, cache);
  const routes = {
    admin: adminRoutes(admin),
    media: [...uploadMediaRoutes(env), ...mediaRoutes(env, cache)],
    relay: relayRoutes(env),
    sunoapi: sunoapiRoutes(env),
    "sunoapi-org": sunoapiOrgRoutes(env),
  };

  const authorized = (req: IncomingMessage) => {
    const found = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    return found !== null && resolved.keys.includes(found[1] ?? "");
  };

  async function dispatch(
    table: readonly Route[],
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
  ) {
    const found = match(table, method, path);
    if (found === null) throw new ApiError(404, "not_found", `no route for ${method} ${path}`);
    if (found === "method-not-allowed")
      throw new ApiError(405, "method_not_allowed", `${method} is not allowed on ${path}`);
    await found.route.handler({ req, res, path, params: found.params, json: jsonReader(req) });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const started = Date.now();
    const method = (req.method ?? "GET").toUpperCase();
    const path = pathOf(req.url);
    const dialect = dialectOf(path);
    const isAdmin = path === "/__admin" || path.startsWith("/__admin/");
    let fault: string | null = null;
    res.on("close", () => {
      if (isAdmin) return; // the log is about the API under test, not about its inspection
      const status = res.headersSent ? res.statusCode : 0;
      const ms = Date.now() - started;
      requests.add({ at: new Date(started).toISOString(), method, path, status, ms, fault });
      resolved.log?.(
        `${method} ${path} ${status || "(no answer)"} ${ms}ms${fault ? ` [${fault}]` : ""}`,
      );
    });
    try {
      if (isAdmin) {
        if (!isLoopback(req.socket.remoteAddress))
          throw new ApiError(403, "forbidden", "the admin API is loopback-only");
        return await dispatch(routes.admin, req, res, method, path);
      }
      if (path === "/healthz")
        return sendJson(res, 200, { ok: true, dialects: ["sunoapi", "relay", "sunoapi-org"] });
      const decision = faults.decide(method, path);
      if (decision.latencyMs > 0) {
        fault = "latency";
        await new Promise((resolve) => setTimeout(resolve, decision.latencyMs).unref());
      }
      if (decision.rule) {
        fault = decision.rule.action;
        const key = /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
        const rule = decision.rule.message
          ? {
              ...decision.rule,
              message: requestKey.run(key, () => echoed(views, decision.rule!.message!)),
            }
          : decision.rule;
        const reply = faultReply(rule, dialect);
        if (!reply) {
          req.resume(); // "hang": read the body, never answer; stop() closes the socket
          return;
        }
        return send(
          res,
          reply.status,
          reply.body,
          reply.headers["Content-Type"] ?? "application/json",
          reply.headers,
        );
      }
      if (path.startsWith("/media/")) return await dispatch(routes.media, req, res, method, path);
      if (!dialect) throw new ApiError(404, "not_found", `no route for ${method} ${path}`);
      if (!authorized(req)) {
        if (dialect === "relay")
          return sendJson(res, 401, { error: { message: "Invalid token", type: "new_api_error" } });
        if (dialect === "sunoapi-org")
          return sendJson(res, 401, {
            code: 401,
            msg: "You do not have access permissions",
            data: null,
          });
        return sendJson(res, 401, { code: 401, message: "Unauthorized", data: null });
      }
      const key = /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
      await requestKey.run(key, () => dispatch(routes[dialect], req, res, method, path));
    } catch (error) {
      if (error instanceof ApiError) {
        const key = /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
        const message = requestKey.run(key, () => echoed(views, error.message));
        const said = new ApiError(error.status, error.code, message, error.headers);
        return sendError(res, isAdmin ? null : dialect, said);
      }
      resolved.log?.(
        `error on ${method} ${path}: ${error instanceof Error ? error.stack : String(error)}`,
      );
      sendError(
        res,
        isAdmin ? null : dialect,
        new ApiError(500, "internal_error", "simulator error"),
      );
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(resolved.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  mediaBase = resolved.publicUrl ?? url;

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await hooks.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // includes deliberately hanging requests
      });
    })();
    return stopping;
  };
  return { url, port, stop, admin };
}
