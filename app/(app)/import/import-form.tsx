"use client";

// The import's upload: drop a folder or a ZIP here (or pick one with the buttons), choose the
// library, and the ZIP goes to `POST /api/imports` as the body. A folder (or loose files) is
// zipped in the browser first with client-zip (stored, not compressed: audio is compressed
// already), so the server always reads one ZIP. XMLHttpRequest, for upload progress.
import { downloadZip } from "client-zip";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, type DragEvent } from "react";

import { formatBytes } from "@/components/format";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Select, type SelectOption } from "@/components/ui/select";
import { cn } from "@/lib/cn";
import type { ImportJobView } from "@/lib/imports/shared";

type Picked =
  { name: string; files: { name: string; input: File }[] } | { name: string; zip: File };

/** The files under a dropped folder, with their paths (FileSystemEntry, as browsers give them). */
async function filesOf(
  entry: FileSystemEntry,
  prefix = "",
): Promise<{ name: string; input: File }[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    return [{ name: `${prefix}${entry.name}`, input: file }];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries answers in batches until an empty one
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) break;
    children.push(...batch);
  }
  const nested = await Promise.all(children.map((c) => filesOf(c, `${prefix}${entry.name}/`)));
  return nested.flat();
}

const isZip = (file: File) => /\.zip$/i.test(file.name) || file.type === "application/zip";

export function ImportForm({ workspaces }: { workspaces: SelectOption[] }) {
  const router = useRouter();
  const id = useId();
  const zipInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [team, setTeam] = useState("");
  const [picked, setPicked] = useState<Picked | null>(null);
  const [over, setOver] = useState(false);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const pickFiles = (list: FileList | null) => {
    const files = [...(list ?? [])];
    if (files.length === 0) return;
    setError(null);
    if (files.length === 1 && isZip(files[0]!)) setPicked({ name: files[0]!.name, zip: files[0]! });
    else {
      const top = files[0]!.webkitRelativePath.split("/")[0] || "files";
      setPicked({
        name: `${top}.zip`,
        files: files.map((f) => ({ name: f.webkitRelativePath || f.name, input: f })),
      });
    }
  };

  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const entries = [...event.dataTransfer.items]
      .map((item) => item.webkitGetAsEntry?.())
      .filter((e): e is FileSystemEntry => !!e);
    const single = event.dataTransfer.files.length === 1 ? event.dataTransfer.files[0]! : null;
    if (single && isZip(single) && entries[0]?.isFile !== false) {
      setPicked({ name: single.name, zip: single });
      return;
    }
    if (entries.length === 0) return pickFiles(event.dataTransfer.files);
    const files = (await Promise.all(entries.map((e) => filesOf(e)))).flat();
    setError(null);
    setPicked({ name: `${entries[0]!.name.replace(/\.[^.]+$/, "")}.zip`, files });
  };

  const upload = async () => {
    if (!picked) return;
    setError(null);
    const body = "zip" in picked ? picked.zip : await downloadZip(picked.files).blob();
    setProgress({ sent: 0, total: body.size });
    const params = new URLSearchParams({ name: picked.name });
    if (team) params.set("team", team);
    const request = new XMLHttpRequest();
    request.open("POST", `/api/imports?${params}`);
    request.setRequestHeader("content-type", "application/zip");
    request.upload.onprogress = (e) => setProgress({ sent: e.loaded, total: e.total || body.size });
    request.onerror = () => {
      setProgress(null);
      setError("The upload was interrupted. Check your connection and try again.");
    };
    request.onload = () => {
      setProgress(null);
      let answer: { job?: ImportJobView; error?: { message?: string } } = {};
      try {
        answer = JSON.parse(request.responseText);
      } catch {}
      if (request.status === 201 && answer.job) {
        setPicked(null);
        router.push(`/import?job=${answer.job.id}`);
        router.refresh();
      } else setError(answer.error?.message ?? `The upload failed (${request.status}).`);
    };
    request.send(body);
  };

  const count = picked && "files" in picked ? picked.files.length : null;
  return (
    <section
      aria-labelledby={`${id}-title`}
      className="flex flex-col gap-4 rounded-xl border border-line bg-surface p-4"
    >
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        New import
      </h2>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-workspace`} className="text-sm font-medium">
          Into
        </label>
        <Select
          id={`${id}-workspace`}
          options={workspaces}
          value={team}
          onChange={(e) => setTeam(e.target.value)}
          className="max-w-xs"
        />
      </div>
      <div
        role="group"
        aria-label="Drop a folder or a ZIP here"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => void onDrop(e)}
        className={cn(
          "flex flex-col items-center gap-3 rounded-lg border-2 border-dashed p-6 text-center",
          over ? "border-accent bg-muted" : "border-line",
        )}
      >
        <p className="text-sm text-fg-muted">Drop a folder or a ZIP here, or</p>
        <div className="flex flex-wrap justify-center gap-2">
          <Button variant="secondary" size="sm" onClick={() => zipInput.current?.click()}>
            Choose a ZIP
          </Button>
          <Button variant="secondary" size="sm" onClick={() => folderInput.current?.click()}>
            Choose a folder
          </Button>
        </div>
        <input
          ref={zipInput}
          type="file"
          accept=".zip,application/zip"
          className="sr-only"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => pickFiles(e.target.files)}
        />
        <input
          ref={folderInput}
          type="file"
          multiple
          className="sr-only"
          tabIndex={-1}
          aria-hidden="true"
          // a folder picker (every browser that matters has it, under this name)
          {...{ webkitdirectory: "" }}
          onChange={(e) => pickFiles(e.target.files)}
        />
      </div>
      <div aria-live="polite" className="text-sm">
        {picked && (
          <p>
            Ready: <strong>{picked.name}</strong>
            {count !== null
              ? ` (${count.toLocaleString("en")} files, zipped as it uploads)`
              : ` (${formatBytes((picked as { zip: File }).zip.size)})`}
          </p>
        )}
        {progress && (
          <p className="flex items-center gap-2">
            <progress
              max={progress.total || 1}
              value={progress.sent}
              aria-label="Uploaded"
              className="h-2 w-48 accent-[var(--color-accent)]"
            />
            {formatBytes(progress.sent)} of {formatBytes(progress.total)}
          </p>
        )}
      </div>
      {error && <Alert>{error}</Alert>}
      <div>
        <Button onClick={() => void upload()} disabled={!picked} pending={progress !== null}>
          {progress ? "Uploading…" : "Import"}
        </Button>
      </div>
    </section>
  );
}
