"use client";

// A smart playlist's rules: match all or any, rules and groups of rules, the sort and the
// limit. Native selects, inputs and buttons in reading order, each labelled with its rule's
// number, so it is all usable by keyboard and screen reader. The rules travel as JSON in a
// hidden field; the server validates them (lib/playlists/rules.ts).
import { Plus, X } from "lucide-react";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import {
  blankRule,
  RULE_KINDS,
  SMART_LIMIT_MAX,
  SMART_SORT_LABEL,
  SMART_SORTS,
  type Rule,
  type RuleGroup,
  type RuleKind,
  type SmartRules,
  type SmartSort,
} from "@/lib/playlists/smart-shared";

export type RuleChoices = {
  models: { id: string; label: string }[];
  creators: { id: string; name: string }[];
  playlists: { id: string; name: string }[];
};

const MATCH = [
  { value: "all", label: "all of" },
  { value: "any", label: "any of" },
];

export function RuleEditor({ initial, choices }: { initial: SmartRules; choices: RuleChoices }) {
  const [rules, setRules] = useState<SmartRules>(initial);
  const set = (change: Partial<SmartRules>) => setRules((r) => ({ ...r, ...change }));
  const setAt = (index: number, next: Rule | RuleGroup | null) =>
    set({
      rules: next
        ? rules.rules.map((r, i) => (i === index ? next : r))
        : rules.rules.filter((_, i) => i !== index),
    });
  const kinds = RULE_KINDS.filter((k) => k.kind !== "creator" || choices.creators.length > 0);

  return (
    <fieldset className="flex flex-col gap-3 rounded-xl border border-line p-3">
      <legend className="px-1 text-sm font-semibold">Rules</legend>
      <input type="hidden" name="rules" value={JSON.stringify(rules)} />
      <label className="flex flex-wrap items-center gap-2 text-sm">
        Songs that match
        <Select
          value={rules.match}
          onChange={(e) => set({ match: e.target.value as "all" | "any" })}
          options={MATCH}
          className="sm:w-28"
          aria-label="Match all or any of the rules"
        />
        these rules:
      </label>
      <ol className="flex flex-col gap-2" aria-label="Rules">
        {rules.rules.map((rule, index) => (
          <li key={index} className="flex flex-col gap-2">
            {rule.kind === "group" ? (
              <GroupRow
                group={rule}
                label={`Rule ${index + 1}`}
                kinds={kinds}
                choices={choices}
                onChange={(g) => setAt(index, g)}
              />
            ) : (
              <RuleRow
                rule={rule}
                label={`Rule ${index + 1}`}
                kinds={kinds}
                choices={choices}
                onChange={(r) => setAt(index, r)}
              />
            )}
          </li>
        ))}
      </ol>
      {rules.rules.length === 0 && (
        <p className="text-sm text-fg-muted">No rules: every song of the workspace.</p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          variant="secondary"
          size="sm"
          onClick={() => set({ rules: [...rules.rules, blankRule("model")] })}
        >
          <Plus className="size-4" aria-hidden="true" /> Add a rule
        </Button>
        <Button
          type="button"
          variant="secondary"
          size="sm"
          onClick={() =>
            set({
              rules: [...rules.rules, { kind: "group", match: "any", rules: [blankRule("tags")] }],
            })
          }
        >
          <Plus className="size-4" aria-hidden="true" /> Add a group
        </Button>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-sm font-medium">
          Order
          <Select
            value={rules.sort}
            onChange={(e) => set({ sort: e.target.value as SmartSort })}
            options={SMART_SORTS.map((s) => ({ value: s, label: SMART_SORT_LABEL[s] }))}
            className="sm:w-48"
          />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          At most (songs)
          <Input
            type="number"
            min={1}
            max={SMART_LIMIT_MAX}
            value={rules.limit}
            onChange={(e) =>
              set({
                limit: Math.max(
                  1,
                  Math.min(SMART_LIMIT_MAX, Math.trunc(Number(e.target.value) || 1)),
                ),
              })
            }
            className="sm:w-28"
          />
        </label>
      </div>
    </fieldset>
  );
}

function GroupRow({
  group,
  label,
  kinds,
  choices,
  onChange,
}: {
  group: RuleGroup;
  label: string;
  kinds: typeof RULE_KINDS;
  choices: RuleChoices;
  onChange: (group: RuleGroup | null) => void;
}) {
  const setAt = (index: number, next: Rule | null) => {
    const rules = next
      ? group.rules.map((r, i) => (i === index ? next : r))
      : group.rules.filter((_, i) => i !== index);
    onChange(rules.length ? { ...group, rules } : null);
  };
  return (
    <div
      role="group"
      aria-label={`${label}: a group`}
      className="rounded-lg border border-line p-2"
    >
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span>{label}: songs that match</span>
        <Select
          value={group.match}
          onChange={(e) => onChange({ ...group, match: e.target.value as "all" | "any" })}
          options={MATCH}
          className="sm:w-28"
          aria-label={`${label}: match all or any`}
        />
        <span>these:</span>
        <RemoveButton label={`Remove ${label}`} onClick={() => onChange(null)} />
      </div>
      <ol className="mt-2 flex flex-col gap-2 border-l-2 border-line pl-3">
        {group.rules.map((rule, index) => (
          <li key={index}>
            <RuleRow
              rule={rule}
              label={`${label}.${index + 1}`}
              kinds={kinds}
              choices={choices}
              onChange={(r) => setAt(index, r)}
            />
          </li>
        ))}
      </ol>
      <Button
        type="button"
        variant="ghost"
        size="sm"
        className="mt-1"
        onClick={() => onChange({ ...group, rules: [...group.rules, blankRule("tags")] })}
      >
        <Plus className="size-4" aria-hidden="true" /> Add to {label}
      </Button>
    </div>
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button
      type="button"
      aria-label={label}
      onClick={onClick}
      className="inline-flex size-10 items-center justify-center rounded-md text-fg-muted hover:bg-muted hover:text-danger focus-visible:outline-2 focus-visible:outline-accent"
    >
      <X className="size-4" aria-hidden="true" />
    </button>
  );
}

function RuleRow({
  rule,
  label,
  kinds,
  choices,
  onChange,
}: {
  rule: Rule;
  label: string;
  kinds: typeof RULE_KINDS;
  choices: RuleChoices;
  onChange: (rule: Rule | null) => void;
}) {
  const sel = (
    name: string,
    value: string,
    options: { value: string; label: string }[],
    apply: (v: string) => Rule,
    width = "sm:w-36",
  ) => (
    <Select
      aria-label={`${label}: ${name}`}
      value={value}
      onChange={(e) => onChange(apply(e.target.value))}
      options={options}
      className={width}
    />
  );
  const fields = (() => {
    switch (rule.kind) {
      case "model":
        return (
          <>
            {sel(
              "is or is not",
              rule.op,
              [
                { value: "is", label: "is" },
                { value: "not", label: "is not" },
              ],
              (v) => ({ ...rule, op: v as "is" | "not" }),
              "sm:w-28",
            )}
            {sel(
              "model",
              rule.value,
              choices.models.map((m) => ({ value: m.id, label: m.label })),
              (v) => ({ ...rule, value: v }),
            )}
          </>
        );
      case "tags":
        return (
          <>
            {sel(
              "has or lacks",
              rule.op,
              [
                { value: "has", label: "has" },
                { value: "lacks", label: "lacks" },
              ],
              (v) => ({ ...rule, op: v as "has" | "lacks" }),
              "sm:w-28",
            )}
            <Input
              aria-label={`${label}: style`}
              value={rule.value}
              maxLength={100}
              placeholder="e.g. lofi"
              onChange={(e) => onChange({ ...rule, value: e.target.value })}
              className="sm:w-40"
            />
          </>
        );
      case "duration":
        return (
          <>
            {sel(
              "under or over",
              rule.op,
              [
                { value: "under", label: "under" },
                { value: "over", label: "over" },
              ],
              (v) => ({ ...rule, op: v as "under" | "over" }),
              "sm:w-28",
            )}
            <Input
              type="number"
              aria-label={`${label}: minutes`}
              min={0.5}
              step={0.5}
              value={rule.seconds / 60}
              onChange={(e) =>
                onChange({
                  ...rule,
                  seconds: Math.max(1, Math.round(Number(e.target.value) * 60) || 1),
                })
              }
              className="sm:w-24"
            />
            <span className="text-sm">minutes</span>
          </>
        );
      case "type":
        return sel(
          "vocal or instrumental",
          rule.value,
          [
            { value: "vocal", label: "with vocals" },
            { value: "instrumental", label: "instrumental" },
          ],
          (v) => ({ ...rule, value: v as "vocal" | "instrumental" }),
        );
      case "creator":
        return sel(
          "member",
          rule.value,
          [
            { value: "", label: "Pick a member" },
            ...choices.creators.map((c) => ({ value: c.id, label: c.name })),
          ],
          (v) => ({ ...rule, value: v }),
          "sm:w-44",
        );
      case "created":
        return (
          <>
            {sel(
              "after or before",
              rule.op,
              [
                { value: "after", label: "on or after" },
                { value: "before", label: "before" },
              ],
              (v) => ({ ...rule, op: v as "after" | "before" }),
            )}
            <Input
              type="date"
              aria-label={`${label}: date`}
              value={rule.date}
              onChange={(e) => onChange({ ...rule, date: e.target.value })}
              className="sm:w-44"
            />
          </>
        );
      case "recent":
        return (
          <>
            <Input
              type="number"
              aria-label={`${label}: days`}
              min={1}
              max={3650}
              value={rule.days}
              onChange={(e) =>
                onChange({ ...rule, days: Math.max(1, Math.trunc(Number(e.target.value)) || 1) })
              }
              className="sm:w-24"
            />
            <span className="text-sm">days</span>
          </>
        );
      case "liked":
        return sel(
          "by whom",
          rule.by,
          [
            { value: "anyone", label: "anyone" },
            { value: "me", label: "me" },
          ],
          (v) => ({ ...rule, by: v as "me" | "anyone" }),
          "sm:w-28",
        );
      case "rated":
        return (
          <>
            {sel(
              "by whom",
              rule.by,
              [
                { value: "anyone", label: "anyone" },
                { value: "me", label: "me" },
              ],
              (v) => ({ ...rule, by: v as "me" | "anyone" }),
              "sm:w-28",
            )}
            {sel(
              "at least",
              String(rule.min),
              [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: `${n}+ stars` })),
              (v) => ({ ...rule, min: Number(v) }),
              "sm:w-32",
            )}
          </>
        );
      case "playlist":
        return (
          <>
            {sel(
              "in or not in",
              rule.op,
              [
                { value: "in", label: "is in" },
                { value: "notIn", label: "is not in" },
              ],
              (v) => ({ ...rule, op: v as "in" | "notIn" }),
              "sm:w-28",
            )}
            {sel(
              "playlist",
              rule.playlistId,
              [
                { value: "", label: "Pick a playlist" },
                ...choices.playlists.map((p) => ({ value: p.id, label: p.name })),
              ],
              (v) => ({ ...rule, playlistId: v }),
              "sm:w-44",
            )}
          </>
        );
    }
  })();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <span className="w-14 text-sm text-fg-muted">{label}</span>
      <Select
        aria-label={`${label}: kind`}
        value={rule.kind}
        onChange={(e) => onChange(blankRule(e.target.value as RuleKind))}
        options={kinds.map((k) => ({ value: k.kind, label: k.label }))}
        className="sm:w-48"
      />
      {fields}
      <RemoveButton label={`Remove ${label}`} onClick={() => onChange(null)} />
    </div>
  );
}
