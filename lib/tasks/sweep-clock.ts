// When this process's sweeper last ran a pass. While it runs, a viewer's poll need not
// fetch anything itself: due tasks are in the next pass (issue 13 item 10).
const state = { lastPassAt: 0, intervalMs: 0 };

export function markSweepPass(intervalMs?: number, now = Date.now()) {
  state.lastPassAt = now;
  if (intervalMs !== undefined) state.intervalMs = intervalMs;
}

/** A sweeper is alive here when a pass ran within two of its intervals (at least 10 s). */
export function sweeperIsLive(now = Date.now()): boolean {
  if (state.lastPassAt === 0) return false;
  return now - state.lastPassAt <= Math.max(10_000, 2 * state.intervalMs);
}

/** Tests only: forget the sweeper. */
export function resetSweepClock() {
  state.lastPassAt = 0;
  state.intervalMs = 0;
}
