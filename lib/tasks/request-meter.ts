// "Requests in the last hour" per key for the status page, counted across every server instance
// in Postgres: one row per key fingerprint and minute (upstream_request_counts), incremented by
// each request and kept two hours. The limiter's upstream_calls cannot serve: it holds only the
// dialects with published limits, and a minute of them. Counting is best effort: a request
// never fails because its count could not be written.
import "server-only";

import { db } from "@/lib/db";
import { log } from "@/lib/log";
import type { RequestMeter } from "@/lib/suno/client";

export function postgresRequestMeter(): RequestMeter {
  return {
    async record(fingerprint) {
      try {
        await db.$executeRaw`
          INSERT INTO upstream_request_counts (fingerprint, minute, count)
          VALUES (${fingerprint}, date_trunc('minute', now()), 1)
          ON CONFLICT (fingerprint, minute)
          DO UPDATE SET count = upstream_request_counts.count + 1`;
        if (Math.random() < 0.01)
          await db.$executeRaw`
            DELETE FROM upstream_request_counts WHERE minute < now() - interval '2 hours'`;
      } catch (error) {
        log.warn("could not count a request to a provider", { error });
      }
    },
    async lastHour(fingerprints) {
      const rows = await db.$queryRaw<{ fingerprint: string; n: number }[]>`
        SELECT fingerprint, sum(count)::int AS n FROM upstream_request_counts
        WHERE fingerprint = ANY(${fingerprints}::text[])
          AND minute > date_trunc('minute', now()) - interval '60 minutes'
        GROUP BY fingerprint`;
      const counts = new Map(fingerprints.map((f) => [f, 0]));
      for (const row of rows) counts.set(row.fingerprint, row.n);
      return counts;
    },
  };
}
