// notify_hook deliveries to a local receiver: order, body, recording, duplicate and
// out-of-order fault modes, unreachable receivers and clock jumps.
import { afterEach, describe, expect, it } from "vitest";

import type { Simulator } from "../../simulator/server.ts";
import { get, hookReceiver, post, start, waitFor, type Json } from "./helpers.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function setup(options: Parameters<typeof start>[0] = {}) {
  const sim = await start(options);
  const receiver = await hookReceiver();
  cleanups.push(
    () => receiver.close(),
    () => sim.stop(),
  );
  return { sim, receiver };
}

async function finalDelivered(sim: Simulator, count = 1) {
  await waitFor(
    async () =>
      sim.admin.deliveries().filter((d) => d.taskStatus === "SUCCESS" || d.taskStatus === "FAILURE")
        .length >= count,
  );
  await sim.admin.hooksIdle();
}

describe("notify_hook", () => {
  it("POSTs the task object on every status change, in order, ending with the fetch-one body", async () => {
    const { sim, receiver } = await setup();
    const id = (
      await post(sim, "/suno/submit/music", { prompt: "call me back", notify_hook: receiver.url })
    ).body.data as string;
    await finalDelivered(sim);
    expect(receiver.statuses()).toEqual(["SUBMITTED", "QUEUED", "IN_PROGRESS", "SUCCESS"]);
    for (const entry of receiver.received) {
      expect(entry.headers["content-type"]).toBe("application/json");
      expect(entry.headers.authorization).toBeUndefined();
      expect(entry.body).toMatchObject({ task_id: id, notify_hook: receiver.url, action: "MUSIC" });
    }
    const inProgress = receiver.received[2]?.body as Json;
    expect(inProgress.data[0]).toMatchObject({ status: "streaming", duration: null });
    const fetched = (await get(sim, `/suno/fetch/${id}`)).body.data as Json;
    expect(receiver.received.at(-1)?.body).toEqual(fetched);
    const deliveries = sim.admin.deliveries();
    expect(deliveries).toHaveLength(4);
    expect(
      deliveries.every(
        (d) => d.url === receiver.url && d.status === 200 && d.kind === "transition",
      ),
    ).toBe(true);
    expect(deliveries.at(-1)?.body).toEqual(fetched);
  });

  it("reports lyrics and moderation failures too", async () => {
    const { sim, receiver } = await setup();
    await post(sim, "/suno/submit/lyrics", { prompt: "ocean road", notify_hook: receiver.url });
    await post(sim, "/suno/submit/music", { prompt: "taylor swift", notify_hook: receiver.url });
    await finalDelivered(sim, 2);
    const byAction = (action: string) =>
      receiver.received.filter((r) => r.body.action === action).map((r) => r.body.status);
    expect(byAction("LYRICS")).toEqual(["IN_PROGRESS", "SUCCESS"]);
    expect(byAction("MUSIC")).toEqual(["SUBMITTED", "FAILURE"]);
  });

  it("duplicate mode delivers each callback twice", async () => {
    const { sim, receiver } = await setup({ faults: { callbacks: { duplicate: true } } });
    await post(sim, "/suno/submit/music", { prompt: "twice", notify_hook: receiver.url });
    await finalDelivered(sim, 2);
    expect(receiver.statuses()).toEqual([
      "SUBMITTED",
      "SUBMITTED",
      "QUEUED",
      "QUEUED",
      "IN_PROGRESS",
      "IN_PROGRESS",
      "SUCCESS",
      "SUCCESS",
    ]);
    expect(sim.admin.deliveries().filter((d) => d.kind === "duplicate")).toHaveLength(4);
  });

  it("out-of-order mode re-delivers a stale IN_PROGRESS after the final callback", async () => {
    const { sim, receiver } = await setup({ faults: { callbacks: { outOfOrder: true } } });
    await post(sim, "/suno/submit/music", { prompt: "late", notify_hook: receiver.url });
    await waitFor(async () => sim.admin.deliveries().some((d) => d.kind === "replay"));
    await sim.admin.hooksIdle();
    expect(receiver.statuses()).toEqual([
      "SUBMITTED",
      "QUEUED",
      "IN_PROGRESS",
      "SUCCESS",
      "IN_PROGRESS",
    ]);
    expect(receiver.received.at(-1)?.body.progress).toBe("0%");
  });

  it("delivers every missed transition in order after a clock jump or a forced completion", async () => {
    const { sim, receiver } = await setup({ stepMs: 60_000 });
    const a = (await post(sim, "/suno/submit/music", { prompt: "jump", notify_hook: receiver.url }))
      .body.data as string;
    sim.admin.advance(10 * 60_000);
    await finalDelivered(sim);
    expect(receiver.statuses()).toEqual(["SUBMITTED", "QUEUED", "IN_PROGRESS", "SUCCESS"]);
    receiver.received.length = 0;
    const b = (
      await post(sim, "/suno/submit/music", { prompt: "force", notify_hook: receiver.url })
    ).body.data as string;
    expect(a).not.toBe(b);
    const done = await fetch(`${sim.url}/__admin/tasks/${b}/complete`, { method: "POST" });
    expect(done.status).toBe(200);
    await finalDelivered(sim, 2);
    expect(receiver.statuses()).toEqual(["SUBMITTED", "QUEUED", "IN_PROGRESS", "SUCCESS"]);
  });

  it("records failed attempts to an unreachable receiver", async () => {
    const { sim, receiver } = await setup();
    await receiver.close();
    await post(sim, "/suno/submit/lyrics", { prompt: "nobody home", notify_hook: receiver.url });
    await waitFor(async () => sim.admin.deliveries().length >= 2);
    await sim.admin.hooksIdle();
    for (const delivery of sim.admin.deliveries()) {
      expect(delivery.status).toBeNull();
      expect(delivery.error).toEqual(expect.any(String));
    }
  });
});
