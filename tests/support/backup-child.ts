// A separate process working backup runs until none is left RUNNING, for the crash test to
// kill with SIGKILL. Run with `tsx --conditions=react-server`. Prints its peak RSS at the end.
import { workBackups } from "@/lib/backup/run";
import { db } from "@/lib/db";

const leaseSeconds = Number(process.argv[2] ?? "2");
await db.backupRun.count(); // connected: what the process holds before any file moves
const baselineRssKb = Math.round(process.memoryUsage().rss / 1024);
for (;;) {
  await workBackups({ budgetMs: 3_000, leaseSeconds });
  const running = await db.backupRun.count({ where: { status: "RUNNING" } });
  if (running === 0) break;
  await new Promise((r) => setTimeout(r, 200)); // a killed worker's lease has to lapse
}
console.log(JSON.stringify({ baselineRssKb, maxRssKb: process.resourceUsage().maxRSS }));
process.exit(0);
