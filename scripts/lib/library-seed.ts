// The library benchmark's data set: users, teams with memberships, and clips with varied
// titles, styles, lyrics and descriptions, generated from word lists. Every row is a pure
// function of its index and SEED (its own PRNG), so any number of COPY streams produce the
// same data, and the searched words, phrase and typo have the same hit counts on every run.
import { mulberry32 } from "../../simulator/hash.ts";

export const SEED = 20261122;
export const USERS = 1000;
export const TEAMS = 100;
/** the benchmark user's clips at any size (every 300th of 1,000,000, every 30th of 100,000) */
export const BENCH_USER_CLIPS = 3334;
export const benchEvery = (total: number) => Math.max(2, Math.round(total / BENCH_USER_CLIPS));
export const BENCH_USER_EMAIL = "bench@chorus.test";
export const BENCH_PASSWORD = "bench library password";
/** the data set's "now": clips are spread over the year before it */
export const END = Date.UTC(2026, 10, 1);
const YEAR_MS = 365 * 86_400_000;

/** mulberry32, the simulator's: small, fast, good enough for test data */
export const prng = mulberry32;
const rowRandom = (kind: number, i: number) =>
  prng(Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(kind, 0x85ebca6b) ^ SEED);
const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

const ADJECTIVES = [
  "golden",
  "broken",
  "electric",
  "silent",
  "wild",
  "lonely",
  "neon",
  "velvet",
  "burning",
  "frozen",
  "hidden",
  "restless",
  "crimson",
  "distant",
  "endless",
  "gentle",
  "hollow",
  "lucky",
  "mellow",
  "paper",
  "quiet",
  "rusty",
  "sacred",
  "shiny",
  "silver",
  "sleepy",
  "stormy",
  "sweet",
  "tender",
  "twisted",
  "violet",
  "wicked",
  "young",
  "bitter",
  "brave",
  "cosmic",
  "dusty",
  "faded",
  "fragile",
  "glass",
  "heavy",
  "honest",
  "lazy",
  "little",
  "magic",
  "painted",
  "purple",
  "secret",
  "summer",
  "winter",
] as const;
const NOUNS = [
  "heart",
  "river",
  "highway",
  "city",
  "fire",
  "rain",
  "moon",
  "dream",
  "ocean",
  "shadow",
  "garden",
  "mirror",
  "window",
  "train",
  "letter",
  "sky",
  "road",
  "night",
  "summer",
  "storm",
  "star",
  "echo",
  "harbor",
  "mountain",
  "desert",
  "island",
  "forest",
  "whisper",
  "thunder",
  "ghost",
  "angel",
  "diamond",
  "feather",
  "lantern",
  "meadow",
  "morning",
  "orchard",
  "paradise",
  "rose",
  "satellite",
  "signal",
  "song",
  "stone",
  "sunrise",
  "sunset",
  "tide",
  "valley",
  "wave",
  "wind",
  "wolf",
  "horizon",
  "skyline",
  "carousel",
  "compass",
  "engine",
  "galaxy",
  "glacier",
  "kingdom",
  "lighthouse",
  "memory",
] as const;
const TITLE_EXTRAS = [
  "Midnight",
  "Tonight",
  "Forever",
  "Again",
  "Goodbye",
  "Home",
  "Alive",
  "Runaway",
  "Daydream",
  "Overdrive",
] as const;
const GENRES = [
  "synthwave",
  "lo-fi hip hop",
  "indie folk",
  "dream pop",
  "drum and bass",
  "jazz",
  "blues",
  "country",
  "techno",
  "house",
  "ambient",
  "post-rock",
  "k-pop",
  "reggae",
  "soul",
  "funk",
  "metal",
  "punk",
  "trap",
  "bossa nova",
  "gospel",
  "bluegrass",
  "disco",
  "shoegaze",
  "orchestral",
  "cinematic",
  "chiptune",
  "afrobeat",
  "grunge",
  "r&b",
] as const;
const MOODS = [
  "dreamy",
  "uplifting",
  "melancholic",
  "energetic",
  "dark",
  "chill",
  "romantic",
  "epic",
  "nostalgic",
  "groovy",
  "haunting",
  "playful",
  "aggressive",
  "peaceful",
  "hopeful",
] as const;
const VOICES = [
  "female vocals",
  "male vocals",
  "choir",
  "duet",
  "whispered vocals",
  "raspy male voice",
  "soft female voice",
  "spoken word",
] as const;
const INSTRUMENTS = [
  "piano",
  "acoustic guitar",
  "808s",
  "strings",
  "saxophone",
  "analog synths",
  "electric guitar",
  "harp",
  "violin",
  "brass section",
  "ukulele",
  "cello",
] as const;
const SUBJECTS = ["I", "we", "you", "they", "she", "he"] as const;
const VERBS = [
  "run",
  "dance",
  "fall",
  "wait",
  "drive",
  "sing",
  "burn",
  "hide",
  "shine",
  "drift",
  "dream",
  "wander",
  "break",
  "pray",
  "fly",
  "sail",
  "chase",
  "remember",
  "forget",
  "follow",
] as const;
const PREPOSITIONS = [
  "under",
  "beyond",
  "across",
  "through",
  "into",
  "beneath",
  "along",
  "toward",
  "behind",
  "above",
] as const;
// whole lines that recur across songs, so phrases ("neon lights") have real hits
const HOOKS = [
  "under the neon lights",
  "hold me till the morning comes",
  "we were young and reckless",
  "take me back to the river",
  "dancing in the dark again",
  "the city never sleeps",
  "let the thunder roll",
  "every road leads home",
  "burning like a wildfire",
  "whisper my name tonight",
] as const;
const SECTIONS = ["Verse", "Chorus", "Verse 2", "Bridge", "Outro"] as const;

export const MODELS = [
  "chirp-v3-5",
  "chirp-v4",
  "chirp-auk",
  "chirp-bluejay",
  "chirp-crow",
] as const;
const MODEL_WEIGHTS = [0.15, 0.3, 0.25, 0.2, 0.1];
const MAJOR = {
  "chirp-v3-5": "v3.5",
  "chirp-v4": "v4",
  "chirp-auk": "v4.5",
  "chirp-bluejay": "v4.5+",
  "chirp-crow": "v5",
} as const;

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function title(r: () => number): string {
  const a = cap(pick(r, ADJECTIVES));
  const n = cap(pick(r, NOUNS));
  switch (Math.floor(r() * 7)) {
    case 0:
      return `${a} ${n}`;
    case 1:
      return `${n} of the ${cap(pick(r, NOUNS))}`;
    case 2:
      return `${pick(r, TITLE_EXTRAS)} ${n}`;
    case 3:
      return `${n} ${pick(r, TITLE_EXTRAS)}`;
    case 4:
      return `The ${a} ${n}`;
    case 5:
      return `${cap(pick(r, VERBS))}ing ${cap(pick(r, PREPOSITIONS))} the ${n}`;
    default:
      return n;
  }
}

function lyricLine(r: () => number): string {
  if (r() < 0.12) return cap(pick(r, HOOKS));
  return `${cap(pick(r, SUBJECTS))} ${pick(r, VERBS)} ${pick(r, PREPOSITIONS)} the ${pick(r, ADJECTIVES)} ${pick(r, NOUNS)}`;
}

function lyrics(r: () => number): string {
  const parts: string[] = [];
  const sections = 2 + Math.floor(r() * 3);
  for (let s = 0; s < sections; s++) {
    const lines = [`[${SECTIONS[s]}]`];
    const count = 2 + Math.floor(r() * 3);
    for (let l = 0; l < count; l++) lines.push(lyricLine(r));
    parts.push(lines.join("\n"));
  }
  return parts.join("\n\n");
}

function weighted<T>(r: () => number, list: readonly T[], weights: number[]): T {
  let x = r();
  for (let k = 0; k < list.length; k++) if ((x -= weights[k]!) < 0) return list[k]!;
  return list[list.length - 1]!;
}

export const userId = (u: number) => `bench-user-${String(u).padStart(4, "0")}`;
export const teamId = (t: number) => `bench-team-${String(t).padStart(3, "0")}`;
/** cuid-like: hashed prefix so that ids do not follow time, index suffix for uniqueness */
export const clipId = (i: number) =>
  `cl${(Math.imul(i + 1, 0x2c1b3c6d) >>> 0).toString(36).padStart(7, "0")}${i.toString(36).padStart(6, "0")}`;

/** Team t: an owner and 2-20 members; the benchmark user (user 0) is in teams 0, 1 and 2. */
export function teamsAndMemberships() {
  const teams: { id: string; name: string; slug: string }[] = [];
  const memberships: { id: string; team: string; user: string; role: string }[] = [];
  const teamsOf = new Map<number, number[]>();
  for (let t = 0; t < TEAMS; t++) {
    const r = rowRandom(1, t);
    teams.push({
      id: teamId(t),
      name: `${cap(pick(r, ADJECTIVES))} ${cap(pick(r, NOUNS))} Collective`,
      slug: `bench-team-${t}`,
    });
    const members = new Set<number>([t < 3 ? 0 : 1 + Math.floor(r() * (USERS - 1))]);
    const size = 3 + Math.floor(r() * 19);
    while (members.size < size) members.add(1 + Math.floor(r() * (USERS - 1)));
    [...members].forEach((u, k) => {
      memberships.push({
        id: `bench-member-${t}-${u}`,
        team: teamId(t),
        user: userId(u),
        role: k === 0 ? "OWNER" : pick(r, ["ADMIN", "MEMBER", "MEMBER", "MEMBER", "VIEWER"]),
      });
      teamsOf.set(u, [...(teamsOf.get(u) ?? []), t]);
    });
  }
  return { teams, memberships, teamsOf };
}

export type ClipRow = (string | number | boolean | null)[];
export const CLIP_COLUMNS = [
  "id",
  "owner_id",
  "team_id",
  "provider",
  "upstream_id",
  "title",
  "tags",
  "lyrics",
  "description",
  "is_instrumental",
  "model",
  "major_model_version",
  "duration",
  "status",
  "clip_type",
  "audio_url",
  "image_url",
  "image_large_url",
  "parent_clip_id",
  "trashed_at",
  "archive_status",
  "archived_at",
  "completed_at",
  "created_at",
  "updated_at",
] as const;

/** Clip i of `total`: created in time order (the table's physical order, as real inserts). */
export function clipRow(i: number, total: number, teamsOf: Map<number, number[]>): ClipRow {
  const r = rowRandom(2, i);
  const every = benchEvery(total);
  const owner = i % every === 0 ? 0 : 1 + Math.floor(Math.pow(r(), 1.5) * (USERS - 1));
  const ownerTeams = teamsOf.get(owner);
  const team = ownerTeams && r() < 0.12 ? teamId(pick(r, ownerTeams)) : null;
  const instrumental = r() < 0.2;
  const model = weighted(r, MODELS, MODEL_WEIGHTS);
  const created = END - YEAR_MS + Math.floor(((i + r()) / total) * YEAR_MS);
  const status = r() < 0.97 ? "COMPLETE" : "ERROR";
  const complete = status === "COMPLETE";
  const archived = complete && r() < 0.8;
  const tags = [
    `${pick(r, MOODS)} ${pick(r, GENRES)}`,
    instrumental ? pick(r, INSTRUMENTS) : pick(r, VOICES),
    pick(r, INSTRUMENTS),
    `${70 + Math.floor(r() * 100)} bpm`,
  ].join(", ");
  const description =
    r() < 0.3
      ? `A ${pick(r, MOODS)} ${pick(r, GENRES)} song about ${pick(r, ADJECTIVES)} ${pick(r, NOUNS)}s and the ${pick(r, NOUNS)}`
      : null;
  // the benchmark user's songs form lineages: about one in ten extends the one before it
  const extendsPrevious = owner === 0 && i >= every && r() < 0.1;
  const id = clipId(i);
  const iso = (ms: number) => new Date(ms).toISOString();
  return [
    id,
    userId(owner),
    team,
    "bench",
    `up-${i}`,
    title(r),
    tags,
    instrumental ? null : lyrics(r),
    description,
    instrumental,
    model,
    MAJOR[model],
    complete ? Math.round((30 + r() * 210) * 100) / 100 : null,
    status,
    extendsPrevious ? "extend" : "gen",
    complete ? `https://cdn.example.test/${id}.mp3` : null,
    complete ? `https://cdn.example.test/${id}.png` : null,
    complete ? `https://cdn.example.test/${id}-large.png` : null,
    extendsPrevious ? clipId(i - every) : null,
    // trashed for 1 in 100; the draw before it was the old shared like (clips.liked, now each
    // person's reaction), still made so every later value of the seed stays the same
    [r(), r()][1]! < 0.01 ? iso(created + 86_400_000) : null,
    archived ? "ARCHIVED" : "PENDING",
    archived ? iso(created + 120_000) : null,
    complete ? iso(created + 90_000) : null,
    iso(created),
    iso(created + 120_000),
  ];
}

/** One row in COPY text format. */
export function copyLine(values: ClipRow): string {
  return (
    values
      .map((v) =>
        v === null
          ? "\\N"
          : typeof v === "string"
            ? v.replace(
                /[\\\t\n\r]/g,
                (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c]!,
              )
            : String(v),
      )
      .join("\t") + "\n"
  );
}

export function userRow(u: number, passwordHash: string | null): ClipRow {
  const r = rowRandom(3, u);
  const first = [
    "Ada",
    "Ben",
    "Chloe",
    "Dev",
    "Eun",
    "Farah",
    "Gus",
    "Hana",
    "Ivo",
    "Jun",
    "Kemi",
    "Leo",
    "Mia",
    "Noor",
    "Omar",
    "Pia",
  ];
  const last = [
    "Rivers",
    "Stone",
    "Vega",
    "Moreau",
    "Okafor",
    "Tanaka",
    "Silva",
    "Novak",
    "Haddad",
    "Berg",
  ];
  const now = new Date(END).toISOString();
  return [
    userId(u),
    u === 0 ? "Bench User" : `${pick(r, first)} ${pick(r, last)}`,
    u === 0 ? BENCH_USER_EMAIL : `user${u}@bench.test`,
    passwordHash,
    now,
    now,
  ];
}

/** The big teams of the team-scale cases (issue 21): the benchmark user is a member of each. */
export const BIG_TEAMS = [
  { id: "bench-team-big", slug: "bench-big", name: "Big Label", clips: 100_000, members: 20 },
  { id: "bench-team-huge", slug: "bench-huge", name: "Huge Label", clips: 1_000_000, members: 40 },
] as const;
/** the members of big team k: the benchmark user and users after the small teams' owners */
export const bigTeamMembers = (k: number, members: number) =>
  Array.from({ length: members }, (_, m) => (m === 0 ? 0 : 1 + ((k * 97 + m * 13) % (USERS - 1))));

/**
 * Clip i of a big team of `total`: the same generator as the library's clips (titles, tags,
 * lyrics, descriptions), its own ids, owned by one of the team's members, in the team.
 */
export function teamClipRow(
  k: number,
  i: number,
  total: number,
  members: readonly number[],
): ClipRow {
  const row = clipRow(i, total, new Map());
  const id = `cl${k}t${(Math.imul(i + 1, 0x2c1b3c6d) >>> 0).toString(36)}${i.toString(36)}`;
  const column = (name: (typeof CLIP_COLUMNS)[number]) => CLIP_COLUMNS.indexOf(name);
  row[column("id")] = id;
  row[column("owner_id")] = userId(members[i % members.length]!);
  row[column("team_id")] = BIG_TEAMS[k]!.id;
  row[column("upstream_id")] = `up-${k}t-${i}`;
  row[column("parent_clip_id")] = null;
  row[column("clip_type")] = "gen";
  // a team making songs today makes them with v6 (the seed's newest model stands in for it)
  if (row[column("model")] === "chirp-crow") {
    row[column("model")] = "chirp-hawk";
    row[column("major_model_version")] = "v6";
  }
  for (const name of ["audio_url", "image_url", "image_large_url"] as const)
    if (row[column(name)]) row[column(name)] = `https://cdn.example.test/${id}.bin`;
  return row;
}
