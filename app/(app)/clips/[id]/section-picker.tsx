"use client";

// Picks a stretch of a song on its waveform (issue 16): drag across the waveform to draw it,
// drag its edges or its middle to change it, or type its start and end; the two stay in step.
// Used for a replaced section (6-60 s, at most half the song) and for a voice's window
// (10-30 s). The picked seconds are form fields (`startName`, `endName`).
import { useEffect, useId, useRef, useState } from "react";

import { formatDuration } from "@/components/format";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

type Region = {
  start: number;
  end: number;
  setOptions: (options: { start: number; end: number }) => void;
  remove: () => void;
  on: (event: "update" | "update-end", listener: () => void) => void;
};

const round = (n: number) => Math.round(n * 10) / 10;

export function SectionPicker({
  clipId,
  duration,
  min,
  max,
  startName = "startS",
  endName = "endS",
  label,
  errors,
}: {
  clipId: string;
  duration: number;
  /** shortest and longest stretch, in seconds */
  min: number;
  max: number;
  startName?: string;
  endName?: string;
  label: string;
  errors?: { start?: string[]; end?: string[] };
}) {
  const longest = Math.max(0, Math.min(max, duration));
  const [start, setStart] = useState(() => round(Math.max(0, duration * 0.25)));
  const [end, setEnd] = useState(() =>
    round(
      Math.min(
        duration,
        Math.max(0, duration * 0.25) + Math.max(min, Math.min(longest, min * 1.5)),
      ),
    ),
  );
  const container = useRef<HTMLDivElement>(null);
  const region = useRef<Region | null>(null);
  const id = useId();

  // the waveform and its one region; the region reports drags into the inputs
  useEffect(() => {
    let destroyed = false;
    let instance: { destroy: () => void } | undefined;
    void Promise.all([
      import("wavesurfer.js"),
      import("wavesurfer.js/dist/plugins/regions.esm.js"),
    ]).then(([{ default: WaveSurfer }, { default: RegionsPlugin }]) => {
      if (destroyed || !container.current) return;
      const css = getComputedStyle(document.documentElement);
      const silent = document.createElement("audio");
      silent.muted = true;
      const regions = RegionsPlugin.create();
      const surfer = WaveSurfer.create({
        container: container.current,
        media: silent,
        url: `/api/media/${clipId}/audio`,
        height: 64,
        barWidth: 2,
        barGap: 1,
        barRadius: 2,
        interact: false,
        waveColor: css.getPropertyValue("--color-line").trim() || "#dedce6",
        progressColor: css.getPropertyValue("--color-line").trim() || "#dedce6",
        plugins: [regions],
      });
      const color = "color-mix(in srgb, var(--color-accent) 28%, transparent)";
      const adopt = (created: Region) => {
        if (region.current && region.current !== created) region.current.remove();
        region.current = created;
        const report = () => {
          setStart(round(created.start));
          setEnd(round(created.end));
        };
        created.on("update", report);
        created.on("update-end", report);
        report();
      };
      surfer.on("decode", () => {
        if (destroyed) return;
        regions.clearRegions();
        adopt(
          regions.addRegion({
            start,
            end,
            color,
            drag: true,
            resize: true,
          }) as unknown as Region,
        );
        // a drag across the waveform draws a new stretch in place of the old
        regions.enableDragSelection({ color });
        regions.on("region-created", (created) => adopt(created as unknown as Region));
        container.current?.setAttribute("data-ready", "true");
      });
      instance = surfer;
    });
    return () => {
      destroyed = true;
      region.current = null;
      instance?.destroy();
    };
    // the initial stretch only: later changes move the region, not the waveform
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [clipId]);

  /** typed values move the region too */
  const move = (nextStart: number, nextEnd: number) => {
    setStart(nextStart);
    setEnd(nextEnd);
    if (Number.isFinite(nextStart) && Number.isFinite(nextEnd) && nextEnd > nextStart)
      region.current?.setOptions({ start: nextStart, end: nextEnd });
  };
  const long = round(end - start);
  const fits = long >= min && long <= longest;
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium">{label}</legend>
      <div
        ref={container}
        data-testid="section-waveform"
        aria-hidden="true"
        className="h-16 w-full cursor-crosshair touch-none"
      />
      <div className="flex flex-wrap items-end gap-3">
        <Field label="Start (seconds)" error={errors?.start}>
          {(c) => (
            <Input
              {...c}
              name={startName}
              type="number"
              min={0}
              max={duration}
              step="0.1"
              value={Number.isFinite(start) ? start : ""}
              onChange={(e) => move(Number(e.target.value), end)}
              className="w-28"
            />
          )}
        </Field>
        <Field label="End (seconds)" error={errors?.end}>
          {(c) => (
            <Input
              {...c}
              name={endName}
              type="number"
              min={0}
              max={duration}
              step="0.1"
              value={Number.isFinite(end) ? end : ""}
              onChange={(e) => move(start, Number(e.target.value))}
              className="w-28"
            />
          )}
        </Field>
        <p
          id={`${id}-length`}
          aria-live="polite"
          className={`pb-2 text-sm ${fits ? "text-fg-muted" : "text-red-700 dark:text-red-300"}`}
        >
          {Number.isFinite(long) ? `${long} s picked` : "Pick a start and an end"} · {min} to{" "}
          {Math.floor(longest)} s of {formatDuration(duration)}
        </p>
      </div>
    </fieldset>
  );
}
