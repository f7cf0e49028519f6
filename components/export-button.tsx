"use client";

// "Export all (ZIP)" with progress. The server streams the ZIP in constant memory and says its
// exact size in X-Export-Size (Next.js drops Content-Length on streamed bodies, so a browser's
// own download bar could show no percentage). Where the browser can write to a file the user
// picks (the File System Access API), the ZIP streams straight to disk; elsewhere it is
// gathered in memory up to a limit, and beyond that the plain link takes over. An export too
// large for one download (409 EXPORT_TOO_LARGE) is started in the background instead and
// found under Exports. Without JavaScript it is a plain download link.
import type { Route } from "next";
import Link from "next/link";
import { useRef, useState, type MouseEvent } from "react";

import { formatBytes } from "@/components/format";
import { buttonClasses } from "@/components/ui/button-classes";
import { startExportAction } from "@/lib/actions/exports";

const MEMORY_LIMIT = 1_000_000_000;

type State =
  | { phase: "idle" }
  | { phase: "running"; received: number; total: number | null }
  | { phase: "done"; bytes: number }
  | { phase: "background"; message: string }
  | { phase: "error"; message: string };

type SavePicker = (options: {
  suggestedName: string;
  types: { description: string; accept: Record<string, string[]> }[];
}) => Promise<{
  createWritable(): Promise<{
    write(chunk: Uint8Array): Promise<void>;
    close(): Promise<void>;
    abort(): Promise<void>;
  }>;
}>;

function fileName(response: Response) {
  return (
    /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ??
    "chorus-songs.zip"
  );
}

export function ExportButton({
  href,
  label = "Export all (ZIP)",
}: {
  href: string;
  label?: string;
}) {
  const [state, setState] = useState<State>({ phase: "idle" });
  const abort = useRef<AbortController | null>(null);

  async function start(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    if (state.phase === "running") return;
    const controller = new AbortController();
    abort.current = controller;
    const picker = (window as unknown as { showSaveFilePicker?: SavePicker }).showSaveFilePicker;
    let file: Awaited<ReturnType<Awaited<ReturnType<SavePicker>>["createWritable"]>> | null = null;
    try {
      if (picker) {
        const stamp = new Date().toISOString().slice(0, 10);
        file = await (
          await picker({
            suggestedName: `chorus-songs-${stamp}.zip`,
            types: [{ description: "ZIP archive", accept: { "application/zip": [".zip"] } }],
          })
        ).createWritable();
      }
    } catch (error) {
      if ((error as Error).name === "AbortError") return; // the user closed the save dialog
      file = null;
    }
    setState({ phase: "running", received: 0, total: null });
    try {
      const response = await fetch(href, { signal: controller.signal });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as {
          error?: { code?: string; message?: string };
        } | null;
        if (body?.error?.code === "EXPORT_TOO_LARGE") {
          await file?.abort().catch(() => undefined);
          const form = new FormData();
          form.set("query", new URL(href, window.location.href).search.slice(1));
          const started = await startExportAction({}, form);
          if (started.error) throw new Error(started.error);
          setState({
            phase: "background",
            message: `${body.error.message} ${started.message ?? ""}`.trim(),
          });
          return;
        }
        throw new Error(body?.error?.message ?? "The export could not start. Nothing was saved.");
      }
      const total = Number(response.headers.get("x-export-size")) || null;
      if (!file && total !== null && total > MEMORY_LIMIT) {
        // too large to gather in this browser's memory: its own downloader takes over
        controller.abort();
        window.location.assign(href);
        setState({ phase: "idle" });
        return;
      }
      const reader = response.body.getReader();
      const chunks: Uint8Array[] = [];
      let received = 0;
      let shown = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.length;
        if (file) await file.write(value);
        else chunks.push(value);
        if (received - shown > 256 * 1024 || received === total) {
          shown = received;
          setState({ phase: "running", received, total });
        }
      }
      if (file) await file.close();
      else {
        const url = URL.createObjectURL(
          new Blob(chunks as BlobPart[], { type: "application/zip" }),
        );
        const link = Object.assign(document.createElement("a"), {
          href: url,
          download: fileName(response),
        });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      }
      setState({ phase: "done", bytes: received });
    } catch (error) {
      await file?.abort().catch(() => undefined);
      setState(
        controller.signal.aborted
          ? { phase: "idle" }
          : {
              phase: "error",
              message:
                error instanceof Error ? error.message : "The export failed. Nothing was saved.",
            },
      );
    } finally {
      abort.current = null;
    }
  }

  const percent =
    state.phase === "running" && state.total
      ? Math.floor((state.received / state.total) * 100)
      : null;
  return (
    <div className="flex items-center gap-3">
      <a
        href={href}
        download
        onClick={start}
        className={buttonClasses("secondary")}
        aria-disabled={state.phase === "running" || undefined}
      >
        {label}
      </a>
      <div
        role="status"
        aria-live="polite"
        className="flex items-center gap-2 text-sm text-fg-muted"
      >
        {state.phase === "running" && (
          <>
            <progress
              max={100}
              value={percent ?? undefined}
              aria-label="Export progress"
              className="h-2 w-28 accent-[var(--color-accent)]"
            />
            <span>
              {state.total
                ? `${formatBytes(state.received)} of ${formatBytes(state.total)} (${percent}%)`
                : `${formatBytes(state.received)}…`}
            </span>
            <button
              type="button"
              onClick={() => abort.current?.abort()}
              className="font-medium text-link underline-offset-4 hover:underline"
            >
              Cancel
            </button>
          </>
        )}
        {state.phase === "done" && <span>Export ready: {formatBytes(state.bytes)}.</span>}
        {state.phase === "background" && (
          <span>
            {state.message}{" "}
            <Link
              href={"/exports" as Route}
              className="font-medium text-link underline-offset-4 hover:underline"
            >
              See your exports
            </Link>
          </span>
        )}
        {state.phase === "error" && <span className="text-danger">{state.message}</span>}
      </div>
    </div>
  );
}
