// Where a JSON route's time goes, as a `Server-Timing` header (browsers' developer tools show
// it; bench:library reads it): `auth` (the session: Auth.js's cookie and the user's row), `db`
// (every statement the request sent, counted, on the pool's connections), `app` (the rest of
// the handler: building queries, shaping rows, JSON), and `total` (the handler, end to end;
// what Next.js adds around it is the client's time minus this). Timings are collected in an
// AsyncLocalStorage per request, so nothing is shared between requests; outside one, nothing
// is collected. Durations only: no statement, name or value ever goes into the header.
import "server-only";

import { AsyncLocalStorage } from "node:async_hooks";

import type pg from "pg";

type Timings = { auth: number; db: number; statements: number };

const store = new AsyncLocalStorage<Timings>();

/** Runs a handler with timings collected; the answer gets a Server-Timing header. */
export async function withServerTiming(handler: () => Promise<Response>): Promise<Response> {
  const timings: Timings = { auth: 0, db: 0, statements: 0 };
  const started = performance.now();
  const response = await store.run(timings, handler);
  const total = performance.now() - started;
  const app = Math.max(0, total - timings.auth - timings.db);
  const header = [
    `auth;dur=${timings.auth.toFixed(2)}`,
    `db;dur=${timings.db.toFixed(2)};desc="${timings.statements} statements"`,
    `app;dur=${app.toFixed(2)}`,
    `total;dur=${total.toFixed(2)}`,
  ].join(", ");
  try {
    response.headers.set("server-timing", header);
    return response;
  } catch {
    return response; // an immutable response (a redirect from elsewhere): left as it is
  }
}

/** Times the session look-up (its own statements count as auth, not db). */
export async function timedAuth<T>(work: () => Promise<T>): Promise<T> {
  const timings = store.getStore();
  if (!timings) return work();
  const started = performance.now();
  const before = { db: timings.db, statements: timings.statements };
  try {
    return await work();
  } finally {
    timings.auth += performance.now() - started;
    // the user's row is part of signing in: moved out of db
    timings.db = before.db;
    timings.statements = before.statements;
  }
}

type Query = pg.PoolClient["query"];

/** Counts every statement a pooled connection runs for the request it runs for. */
export function timeStatements(pool: pg.Pool) {
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const timings = store.getStore();
      if (!timings) return query(...args);
      const started = performance.now();
      const done = () => {
        timings.db += performance.now() - started;
        timings.statements += 1;
      };
      // pool.query (Prisma's adapter outside transactions) passes a callback; a client's
      // own callers await the promise
      const last = args.at(-1);
      if (typeof last === "function")
        return query(
          ...args.slice(0, -1),
          (...answer: unknown[]) => (done(), (last as (...a: unknown[]) => unknown)(...answer)),
        );
      const result = query(...args);
      if (result instanceof Promise) result.then(done, done);
      return result;
    }) as Query;
  });
}
