// The push path under load, for `npm run bench:engine`: the event stream of lib/events served
// over HTTP from the bench's own process (as the route serves it; only the session read is
// left out: each listener names its user), and listeners that behave like a browser's
// EventSource: one long-lived GET each, the stream parsed into events, a reconnect after the
// `retry:` hint when it ends. Each listener records when it first heard each task succeed.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { ReadableStream as WebStream } from "node:stream/web";

type OpenEventStream = (options: {
  user: { id: string };
  signal: AbortSignal;
}) => Promise<Response>;

export async function startEventServer(openEventStream: OpenEventStream) {
  const server: Server = createServer((req, res) => {
    const user = new URL(req.url ?? "/", "http://bench").searchParams.get("user");
    if (!user) return void res.writeHead(401).end();
    const abort = new AbortController();
    res.on("close", () => abort.abort());
    void openEventStream({ user: { id: user }, signal: abort.signal }).then((response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      Readable.fromWeb(response.body as WebStream).pipe(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type Listener = {
  /** task id → when this listener first heard it succeed (ms since the epoch) */
  succeeded: Map<string, number>;
  /** resolves at the stream's first `ready` */
  ready: Promise<void>;
  events: () => number;
  reconnects: () => number;
  close: () => void;
};

export function connectListener(baseUrl: string, userId: string): Listener {
  const succeeded = new Map<string, number>();
  let count = 0;
  let reconnects = -1;
  let retryMs = 1000;
  let closed = false;
  const abort = new AbortController();
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const onBlock = (block: string) => {
    let event = "message";
    let data = "";
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) continue;
      if (line.startsWith("retry: ")) retryMs = Number(line.slice(7)) || retryMs;
      if (line.startsWith("event: ")) event = line.slice(7);
      if (line.startsWith("data: ")) data += line.slice(6);
    }
    if (!data) return;
    count++;
    if (event === "ready") markReady();
    if (event !== "task") return;
    const news = JSON.parse(data) as { taskId: string; status: string | null };
    if (news.status === "SUCCEEDED" && !succeeded.has(news.taskId))
      succeeded.set(news.taskId, Date.now());
  };

  void (async () => {
    while (!closed) {
      reconnects++;
      try {
        const response = await fetch(`${baseUrl}/events?user=${encodeURIComponent(userId)}`, {
          headers: { accept: "text/event-stream" },
          signal: abort.signal,
        });
        const decoder = new TextDecoder();
        let text = "";
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          text += decoder.decode(chunk, { stream: true });
          let end;
          while ((end = text.indexOf("\n\n")) >= 0) {
            onBlock(text.slice(0, end));
            text = text.slice(end + 2);
          }
        }
      } catch {
        // closed, or the connection dropped: reconnect as EventSource does
      }
      if (!closed) await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  })();

  return {
    succeeded,
    ready,
    events: () => count,
    reconnects: () => Math.max(0, reconnects),
    close: () => {
      closed = true;
      abort.abort();
    },
  };
}
