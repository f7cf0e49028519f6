"use client";

// The fields every way of making a song shares, each with its counter against the chosen
// model's limit: the Create form (generation-form.tsx) and "Use my own audio" (own-audio.tsx).
import type { ReactNode } from "react";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";

export function Counter({ value, max }: { value: string; max: number }) {
  const over = value.length > max;
  return (
    <span
      className={`text-xs whitespace-nowrap tabular-nums ${over ? "font-medium text-danger" : "text-fg-muted"}`}
    >
      {value.length.toLocaleString("en")} / {max.toLocaleString("en")}
    </span>
  );
}

type Text = {
  value: string;
  onChange: (event: { target: { value: string } }) => void;
  max: number;
  error?: string[];
  hint?: ReactNode;
};

export function LyricsField({
  value,
  onChange,
  max,
  error,
  hint,
  rows = 10,
}: Text & { rows?: number }) {
  return (
    <Field label="Lyrics" aside={<Counter value={value} max={max} />} hint={hint} error={error}>
      {(control) => (
        <Textarea
          {...control}
          name="lyrics"
          rows={rows}
          value={value}
          onChange={onChange}
          className="font-mono"
        />
      )}
    </Field>
  );
}

export function StyleField({
  value,
  onChange,
  max,
  error,
  hint,
  placeholder = "indie folk, warm vocals, acoustic guitar",
}: Text & { placeholder?: string }) {
  return (
    <Field label="Style" aside={<Counter value={value} max={max} />} hint={hint} error={error}>
      {(control) => (
        <Input
          {...control}
          name="tags"
          value={value}
          onChange={onChange}
          placeholder={placeholder}
        />
      )}
    </Field>
  );
}

export function TitleField({ value, onChange, max, error }: Text) {
  return (
    <Field label="Title" aside={<Counter value={value} max={max} />} error={error}>
      {(control) => <Input {...control} name="title" value={value} onChange={onChange} />}
    </Field>
  );
}

export function ModelField({
  value,
  onChange,
  options,
  error,
  hint,
}: {
  value: string;
  onChange: (event: { target: { value: string } }) => void;
  options: { value: string; label: string }[];
  error?: string[];
  hint?: ReactNode;
}) {
  return (
    <Field label="Model" hint={hint} error={error}>
      {(control) => (
        <Select {...control} name="model" value={value} onChange={onChange} options={options} />
      )}
    </Field>
  );
}
