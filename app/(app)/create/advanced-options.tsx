"use client";

// The Create form's advanced options, behind a native disclosure: exclude styles, the voice,
// style weight and weirdness, each shown only when every configured provider takes it.
import { ChevronDown } from "lucide-react";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { StyleFeatures } from "@/lib/suno/features";

import type { Draft } from "./draft";

export function AdvancedOptions({
  draft,
  field,
  features,
  errors,
}: {
  draft: Draft;
  field: (key: keyof Draft) => (e: { target: { value: string } }) => void;
  features: StyleFeatures;
  errors: Record<string, string[] | undefined>;
}) {
  const set = [draft.negativeTags, draft.vocalGender, draft.styleWeight, draft.weirdness].filter(
    Boolean,
  ).length;
  return (
    <details
      className="group rounded-xl border border-line px-3 py-2"
      open={set > 0 || Object.keys(errors).some((k) => k in draft) || undefined}
    >
      <summary className="flex min-h-10 cursor-pointer list-none items-center justify-between text-sm font-medium">
        Advanced options{set > 0 ? ` (${set} set)` : ""}
        <ChevronDown
          className="size-4 transition-transform group-open:rotate-180"
          aria-hidden="true"
        />
      </summary>
      <div className="flex flex-col gap-4 py-2">
        {features.negativeTags && (
          <Field
            label="Exclude styles"
            hint="Styles to keep out, e.g. “heavy metal, autotune”."
            error={errors.negativeTags}
          >
            {(control) => (
              <Input
                {...control}
                name="negativeTags"
                value={draft.negativeTags}
                onChange={field("negativeTags")}
              />
            )}
          </Field>
        )}
        {features.vocalGender && draft.mode === "song" && (
          <Field label="Voice" error={errors.vocalGender}>
            {(control) => (
              <Select
                {...control}
                name="vocalGender"
                value={draft.vocalGender}
                onChange={field("vocalGender")}
                options={[
                  { value: "", label: "Let the model choose" },
                  { value: "f", label: "Female" },
                  { value: "m", label: "Male" },
                ]}
              />
            )}
          </Field>
        )}
        {features.weights && (
          <>
            <Weight
              name="styleWeight"
              label="Style weight"
              hint="How closely to follow the style: low is loose, high is strict."
              value={draft.styleWeight}
              onChange={field("styleWeight")}
              error={errors.styleWeight}
            />
            <Weight
              name="weirdness"
              label="Weirdness"
              hint="How far from the expected to go."
              value={draft.weirdness}
              onChange={field("weirdness")}
              error={errors.weirdness}
            />
          </>
        )}
      </div>
    </details>
  );
}

/** A 0-1 control: a native range (keyboard and screen readers for free), unset until moved. */
function Weight({
  name,
  label,
  hint,
  value,
  onChange,
  error,
}: {
  name: string;
  label: string;
  hint: string;
  value: string;
  onChange: (e: { target: { value: string } }) => void;
  error?: string[];
}) {
  return (
    <Field
      label={label}
      hint={hint}
      error={error}
      aside={
        <span className="text-xs text-fg-muted tabular-nums">
          {value === "" ? "model’s choice" : Math.round(Number(value) * 100) + "%"}
        </span>
      }
    >
      {(control) => (
        <div className="flex items-center gap-3">
          <input
            {...control}
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={value === "" ? 0.5 : value}
            onChange={onChange}
            className="h-10 flex-1 accent-[var(--color-accent)]"
          />
          <input type="hidden" name={name} value={value} />
          {value !== "" && (
            <button
              type="button"
              onClick={() => onChange({ target: { value: "" } })}
              className="text-xs font-medium text-link underline-offset-4 hover:underline"
            >
              Reset
            </button>
          )}
        </div>
      )}
    </Field>
  );
}
