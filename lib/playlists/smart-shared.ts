// Smart playlists' rules as the rule editor and the server both see them (pure: no zod, no
// server-only code; lib/playlists/rules.ts validates the same shape with zod).
export const SMART_SORTS = ["newest", "oldest", "longest", "liked", "rated"] as const;
export type SmartSort = (typeof SMART_SORTS)[number];
export const SMART_SORT_LABEL: Record<SmartSort, string> = {
  newest: "Newest first",
  oldest: "Oldest first",
  longest: "Longest first",
  liked: "Most liked first",
  rated: "Top rated first",
};
/** At most this many songs in a smart playlist (a plain one holds as many). */
export const SMART_LIMIT_MAX = 500;
export const SMART_RULES_MAX = 20;

/** One condition on a song. A place for "keeper" (h18keep's stacks) is kept in RULE_KINDS. */
export type Rule =
  | { kind: "model"; op: "is" | "not"; value: string }
  | { kind: "tags"; op: "has" | "lacks"; value: string }
  | { kind: "duration"; op: "under" | "over"; seconds: number }
  | { kind: "type"; value: "vocal" | "instrumental" }
  | { kind: "creator"; value: string }
  | { kind: "created"; op: "after" | "before"; date: string }
  | { kind: "recent"; days: number }
  | { kind: "liked"; by: "me" | "anyone" }
  | { kind: "rated"; by: "me" | "anyone"; min: number }
  | { kind: "playlist"; op: "in" | "notIn"; playlistId: string };
export type RuleKind = Rule["kind"];
/** A group of conditions inside the top level: all of them, or any of them. */
export type RuleGroup = { kind: "group"; match: "all" | "any"; rules: Rule[] };
export type SmartRules = {
  match: "all" | "any";
  rules: (Rule | RuleGroup)[];
  sort: SmartSort;
  limit: number;
};

export const RULE_KINDS: { kind: RuleKind; label: string }[] = [
  { kind: "model", label: "Model" },
  { kind: "tags", label: "Style tags" },
  { kind: "duration", label: "Length" },
  { kind: "type", label: "Vocal or instrumental" },
  { kind: "creator", label: "Made by" },
  { kind: "created", label: "Made on a date" },
  { kind: "recent", label: "Made in the last days" },
  { kind: "liked", label: "Liked by" },
  { kind: "rated", label: "Rated by" },
  { kind: "playlist", label: "In a playlist" },
  // "keeper" (issue 18, item 2) joins here once takes have a keeper
];

/** A new rule of a kind, with sensible values to edit. */
export function blankRule(kind: RuleKind): Rule {
  switch (kind) {
    case "model":
      return { kind, op: "is", value: "chirp-hawk" };
    case "tags":
      return { kind, op: "has", value: "" };
    case "duration":
      return { kind, op: "under", seconds: 180 };
    case "type":
      return { kind, value: "vocal" };
    case "creator":
      return { kind, value: "" };
    case "created":
      return { kind, op: "after", date: new Date().toISOString().slice(0, 10) };
    case "recent":
      return { kind, days: 30 };
    case "liked":
      return { kind, by: "anyone" };
    case "rated":
      return { kind, by: "anyone", min: 4 };
    case "playlist":
      return { kind, op: "in", playlistId: "" };
  }
}

export const DEFAULT_SMART_RULES: SmartRules = {
  match: "all",
  rules: [blankRule("liked")],
  sort: "newest",
  limit: 100,
};

const minutes = (s: number) =>
  s % 60 === 0 ? `${s / 60} min` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;

/** "rated 4+ by anyone", for the playlist's page and the list. */
export function describeRule(rule: Rule | RuleGroup, names: Record<string, string> = {}): string {
  switch (rule.kind) {
    case "group":
      return `(${rule.rules.map((r) => describeRule(r, names)).join(rule.match === "all" ? " and " : " or ")})`;
    case "model":
      return `${rule.op === "is" ? "model" : "model not"} ${names[rule.value] ?? rule.value}`;
    case "tags":
      return `style ${rule.op === "has" ? "has" : "lacks"} “${rule.value}”`;
    case "duration":
      return `${rule.op} ${minutes(rule.seconds)}`;
    case "type":
      return rule.value;
    case "creator":
      return `made by ${names[rule.value] ?? "a member"}`;
    case "created":
      return `made ${rule.op} ${rule.date}`;
    case "recent":
      return `made in the last ${rule.days} days`;
    case "liked":
      return `liked by ${rule.by === "me" ? "me" : "anyone"}`;
    case "rated":
      return `rated ${rule.min}+ by ${rule.by === "me" ? "me" : "anyone"}`;
    case "playlist":
      return `${rule.op === "in" ? "in" : "not in"} ${names[rule.playlistId] ?? "a playlist"}`;
  }
}

export function describeRules(rules: SmartRules, names: Record<string, string> = {}) {
  const parts = rules.rules.map((r) => describeRule(r, names));
  const what = parts.length ? parts.join(rules.match === "all" ? ", " : " or ") : "every song";
  return `${what} · ${SMART_SORT_LABEL[rules.sort].toLowerCase()} · at most ${rules.limit}`;
}
