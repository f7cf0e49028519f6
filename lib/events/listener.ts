// One LISTEN connection per server process (postgres.js's listen/notify), fanned out to the
// event streams open in this process. Lazy: opened by the first subscriber. postgres.js
// re-listens by itself when the connection drops; when it cannot (the database is away), or
// when the connection silently stops hearing (a pooler in transaction mode drops LISTEN), a
// liveness ping that does not come back restarts it with backoff. Every (re)connect tells
// the subscribers to resync: news sent while nobody listened is not replayed.
// Who hears a change is decided here, per user: a personal task only its owner (as the
// committed row names them), a team task each member the task reads' own rule
// (tasksVisibleTo) lets see it, asked of the database. A stream never carries another user's
// task.
import "server-only";

import { randomUUID } from "node:crypto";

import postgres from "postgres";

import { tasksVisibleTo } from "@/lib/authz";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { changeSchema, EVENTS_CHANNEL, pingSchema, type Change } from "@/lib/events/notify";
import type { TaskEvent } from "@/lib/events/shared";
import { log } from "@/lib/log";

export type Subscriber = {
  userId: string;
  /** the teams the user was in when the stream opened (a reconnect refreshes them) */
  teamIds: ReadonlySet<string>;
  onTask: (event: TaskEvent) => void;
  /** the listener (re)connected: anything may have changed meanwhile */
  onResync: () => void;
};

const PING_EVERY_MS = 20_000;
const PING_TIMEOUT_MS = 10_000;
/** a user's access to a task, once checked, holds this long (several news of one task in a
 *  row cost one check; a member removed from the team stops hearing within it) */
const ACCESS_TTL_MS = 10_000;
const MAX_BACKOFF_MS = 30_000;

type State = {
  subscribers: Set<Subscriber>;
  sql: postgres.Sql | null;
  starting: boolean;
  retries: number;
  ping: { nonce: string; timer: NodeJS.Timeout } | null;
  pinger: NodeJS.Timeout | null;
  /** (re)connects so far: tests and the benchmark read it */
  connects: number;
  stopped: boolean;
};

const globalForEvents = globalThis as unknown as { chorusEvents?: State };
const state: State = (globalForEvents.chorusEvents ??= {
  subscribers: new Set(),
  sql: null,
  starting: false,
  retries: 0,
  ping: null,
  pinger: null,
  connects: 0,
  stopped: false,
});

/** Adds a stream's subscriber, starting the listener if needed: its unsubscribe, and
 *  whether the listener hears the channel already (if not, onResync says when it does). */
export function subscribe(subscriber: Subscriber) {
  state.subscribers.add(subscriber);
  void start();
  return {
    unsubscribe: () => void state.subscribers.delete(subscriber),
    listening: state.sql !== null && !state.starting,
  };
}

/** What the listener is doing (tests and the benchmark read it). */
export function listenerStatus() {
  return { listening: state.sql !== null && !state.starting, connects: state.connects };
}

async function start() {
  if (state.sql || state.starting || state.stopped) return;
  state.starting = true;
  const env = getEnv();
  const sql = postgres(env.DIRECT_DATABASE_URL ?? env.DATABASE_URL, {
    max: 1,
    onnotice: () => {},
    connection: { application_name: "chorus-events" },
  });
  try {
    await sql.listen(EVENTS_CHANNEL, onMessage, onListen);
    state.sql = sql;
    state.retries = 0;
    state.pinger ??= setInterval(() => void ping(), PING_EVERY_MS);
    state.pinger.unref();
  } catch (error) {
    await sql.end({ timeout: 0 }).catch(() => {});
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** state.retries++);
    log.warn("push channel: listening failed, retrying", { delayMs: delay, error });
    setTimeout(() => void start(), delay).unref();
  } finally {
    state.starting = false;
  }
}

/** Each (re)connect of the LISTEN connection, including postgres.js's own reconnects. */
function onListen() {
  state.connects++;
  for (const subscriber of state.subscribers) subscriber.onResync();
}

/** Sends a ping on its own connection (a busy pool must not look like a dead listener);
 *  unless it comes back, the listener restarts. */
async function ping() {
  const sql = state.sql;
  if (!sql || state.ping || state.subscribers.size === 0) return;
  const nonce = randomUUID();
  state.ping = { nonce, timer: setTimeout(() => {}, 0) };
  const lost = () => void restart("no answer to the liveness ping");
  try {
    await sql.notify(EVENTS_CHANNEL, JSON.stringify({ kind: "ping", nonce }));
  } catch {
    // the database is away: restart, with backoff
    if (state.ping?.nonce === nonce) lost();
    return;
  }
  if (state.ping?.nonce !== nonce) return; // it came back already
  state.ping.timer = setTimeout(lost, PING_TIMEOUT_MS);
  state.ping.timer.unref();
}

/** Ends listening in this process (tests and scripts, before their database goes). */
export async function stopListening() {
  state.stopped = true;
  if (state.pinger) clearInterval(state.pinger);
  if (state.ping) clearTimeout(state.ping.timer);
  state.pinger = null;
  state.ping = null;
  const sql = state.sql;
  state.sql = null;
  await sql?.end({ timeout: 0 }).catch(() => {});
}

/** Drops the LISTEN connection and opens a new one (subscribers resync when it is back). */
export async function restart(reason: string) {
  if (state.ping) clearTimeout(state.ping.timer);
  state.ping = null;
  const sql = state.sql;
  state.sql = null;
  log.warn("push channel: restarting the listener", { reason });
  await sql?.end({ timeout: 0 }).catch(() => {});
  await start();
}

function onMessage(raw: string) {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return;
  }
  const pong = pingSchema.safeParse(json);
  if (pong.success) {
    if (state.ping?.nonce === pong.data.nonce) {
      clearTimeout(state.ping.timer);
      state.ping = null;
    }
    return;
  }
  const change = changeSchema.safeParse(json);
  if (change.success)
    void fanOut(change.data).catch((error: unknown) =>
      log.error("push channel: fan-out failed", { error }),
    );
}

/** Sends the change to the streams of the users who may see the task, checked now. */
async function fanOut(change: Change) {
  const candidates = new Map<string, Subscriber[]>();
  for (const subscriber of state.subscribers) {
    const concerned = change.teamId
      ? subscriber.teamIds.has(change.teamId)
      : subscriber.userId === change.ownerId;
    if (!concerned) continue;
    candidates.set(subscriber.userId, [...(candidates.get(subscriber.userId) ?? []), subscriber]);
  }
  if (candidates.size === 0) return;
  const event: TaskEvent = {
    taskId: change.taskId,
    status: change.status as TaskEvent["status"],
  };
  await Promise.all(
    [...candidates].map(async ([userId, subscribers]) => {
      // a personal task is its owner's for good: the committed row says whose it is. A team
      // task is asked of the database for each user, as membership changes
      if (change.teamId && !(await maySee(userId, change.taskId))) return;
      for (const subscriber of subscribers) subscriber.onTask(event);
    }),
  );
}

const access = new Map<string, { until: number; visible: Promise<boolean> }>();

/** The task reads' own rule (tasksVisibleTo), asked of the database, briefly remembered. */
function maySee(userId: string, taskId: string): Promise<boolean> {
  const now = Date.now();
  const key = `${userId}:${taskId}`;
  const known = access.get(key);
  if (known && known.until > now) return known.visible;
  if (access.size > 10_000) for (const [k, v] of access) if (v.until <= now) access.delete(k);
  const visible = db.task
    .count({ where: { id: taskId, ...tasksVisibleTo({ id: userId }) } })
    .then((n) => n > 0);
  access.set(key, { until: now + ACCESS_TTL_MS, visible });
  // a failed check is not remembered
  visible.catch(() => access.delete(key));
  return visible;
}
