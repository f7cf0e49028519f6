// Tasks and clips in memory, and the clock that moves them. Nothing is stored about progress:
// every status is a pure function of (task, time), so a fetch, a callback snapshot or the admin
// view at any instant agree, no timers are needed, and the clock can be advanced at will.
import type { ClipStatus, RelayStatus, SimClip, SimTask } from "./types.ts";

const CLIP_STEPS: readonly ClipStatus[] = ["submitted", "queued", "streaming", "complete"];

export class Store {
  private readonly tasks = new Map<string, SimTask>();
  private readonly clips = new Map<string, SimClip>();
  private offsetMs = 0;

  constructor(readonly stepMs: number) {}

  /** Simulator time: wall time plus whatever the admin API advanced. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += Math.max(0, ms);
  }

  add(task: SimTask): SimTask {
    this.tasks.set(task.id, task);
    for (const clip of task.clips) this.clips.set(clip.id, clip);
    return task;
  }

  task(id: string): SimTask | undefined {
    return this.tasks.get(id);
  }

  clip(id: string): SimClip | undefined {
    return this.clips.get(id);
  }

  taskOf(clip: SimClip): SimTask | undefined {
    return this.tasks.get(clip.taskId);
  }

  allTasks(): SimTask[] {
    return [...this.tasks.values()];
  }

  reset(): void {
    this.tasks.clear();
    this.clips.clear();
    this.offsetMs = 0;
  }

  step(task: SimTask, at = this.now()): number {
    return Math.max(0, Math.floor((at - task.createdAt) / this.stepMs));
  }

  timeOfStep(task: SimTask, step: number): number {
    return task.createdAt + step * this.stepMs;
  }

  /**
   * Music: NOT_START, SUBMITTED, QUEUED, then IN_PROGRESS while the clips stream one step
   * apart, SUCCESS when the last is complete. Moderated: SUBMITTED then FAILURE. Lyrics:
   * IN_PROGRESS then SUCCESS. `neverFinish` holds a task at IN_PROGRESS.
   */
  finalStep(task: SimTask): number {
    if (task.failReason) return 2;
    if (task.action === "LYRICS") return 2;
    return task.clips.length + 3;
  }

  /** The steps at which the relay task status changes (what notify_hook reports). */
  transitions(task: SimTask): number[] {
    const all =
      task.action === "LYRICS" || task.failReason ? [1, 2] : [1, 2, 3, this.finalStep(task)];
    return task.neverFinish && !task.failReason ? all.slice(0, -1) : all;
  }

  status(task: SimTask, at = this.now()): RelayStatus {
    const k = this.step(task, at);
    if (k < 1) return "NOT_START";
    if (task.failReason) return k >= 2 ? "FAILURE" : "SUBMITTED";
    const done = k >= this.finalStep(task) && !task.neverFinish;
    if (task.action === "LYRICS") return done ? "SUCCESS" : "IN_PROGRESS";
    if (done) return "SUCCESS";
    return k === 1 ? "SUBMITTED" : k === 2 ? "QUEUED" : "IN_PROGRESS";
  }

  isFinal(task: SimTask, at = this.now()): boolean {
    const status = this.status(task, at);
    return status === "SUCCESS" || status === "FAILURE";
  }

  /** null while the clip does not exist yet (the task has not started). */
  clipStatus(task: SimTask, clip: SimClip, at = this.now()): ClipStatus | null {
    const k = this.step(task, at);
    if (k < 1) return null;
    if (clip.error) return k >= 2 ? "error" : "submitted";
    let index = Math.min(3, Math.max(0, k - 1 - clip.index));
    if (task.neverFinish) index = Math.min(index, 2);
    return CLIP_STEPS[index] ?? "submitted";
  }

  /** When the clip last changed state, for `update_time`. */
  clipUpdatedAt(task: SimTask, clip: SimClip, at = this.now()): number {
    const last = clip.error ? 2 : 1 + clip.index + 3;
    return this.timeOfStep(task, Math.max(1, Math.min(this.step(task, at), last)));
  }

  /** Finish now: the task's history is moved back so that every step has already happened. */
  completeNow(task: SimTask): void {
    task.neverFinish = false;
    task.createdAt = Math.min(task.createdAt, this.now() - this.finalStep(task) * this.stepMs);
  }
}
