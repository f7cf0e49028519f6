// Lyrics, titles and style tags "written" from a prompt: sectioned like Suno's ([Verse],
// [Chorus], [Verse 2], [Bridge], [Chorus]), every line built around a word of the prompt so
// a reader can tell which request a song came from. Deterministic in the prompt.
import { mulberry32, seedOf } from "./hash.ts";

const STOP_WORDS = new Set(
  "the and for with that this from into about your you are was were but not all any can had her his him its our out they them then than too very just like song songs music about some make made want over under".split(
    " ",
  ),
);
const FALLBACK_WORDS = [
  "night",
  "river",
  "light",
  "heart",
  "road",
  "summer",
  "city",
  "fire",
  "ocean",
  "home",
];

const VERSE = [
  "Walking where the {a} meets the {b}",
  "I keep the {a} close inside my chest",
  "Every {a} tells me where you've been",
  "Under a sky of {a} and {b}",
  "We were {a}, we were young",
  "Counting every {a} on the long way home",
  "The {a} is calling out my name",
  "Shadows of the {a} on the wall",
  "Morning comes with {a} in the air",
  "I wrote your {a} on the back of my hand",
];
const CHORUS = [
  "Oh {A}, {A}",
  "Sing it loud for the {a}",
  "We will never lose the {a}",
  "{A} and {B} forever",
  "Hold on to the {a} tonight",
  "Take me back to the {a}",
];
const BRIDGE = [
  "And if the {a} falls down",
  "I'll be the {b} you found",
  "Slow it down, let the {a} breathe",
  "Nothing left but {a} and me",
];
const GENRES = [
  "pop",
  "rock",
  "jazz",
  "folk",
  "funk",
  "soul",
  "blues",
  "reggae",
  "punk",
  "metal",
  "edm",
  "lo-fi",
  "synthwave",
  "ambient",
  "country",
  "disco",
  "hip hop",
  "orchestral",
];
const MOODS = ["upbeat", "dreamy", "melancholic", "energetic", "chill", "epic", "warm", "gritty"];

export function keywords(prompt: string): string[] {
  const words = (prompt.toLowerCase().match(/[\p{L}][\p{L}'-]*/gu) ?? []).filter(
    (word) => word.length >= 3 && !STOP_WORDS.has(word),
  );
  return [...new Set(words)];
}

export function writeLyrics(prompt: string): { title: string; text: string } {
  const rand = mulberry32(seedOf("lyrics", prompt));
  const words = keywords(prompt);
  while (words.length < 3) {
    const extra = FALLBACK_WORDS[Math.floor(rand() * FALLBACK_WORDS.length)]!;
    if (!words.includes(extra)) words.push(extra);
  }
  const pick = () => words[Math.floor(rand() * words.length)]!;
  const line = (templates: readonly string[]) => {
    const a = pick();
    let b = pick();
    if (b === a) b = words.find((word) => word !== a) ?? b;
    return templates[Math.floor(rand() * templates.length)]!.replaceAll("{a}", a)
      .replaceAll("{b}", b)
      .replaceAll("{A}", capitalise(a))
      .replaceAll("{B}", capitalise(b));
  };
  const lines = (templates: readonly string[], count: number) =>
    Array.from({ length: count }, () => line(templates));
  const chorus = lines(CHORUS, 4);
  const sections: Array<[string, string[]]> = [
    ["[Verse]", lines(VERSE, 4)],
    ["[Chorus]", chorus],
    ["[Verse 2]", lines(VERSE, 4)],
    ["[Bridge]", lines(BRIDGE, 2)],
    ["[Chorus]", chorus],
  ];
  return {
    title: titleFrom(prompt),
    text: sections.map(([header, body]) => [header, ...body].join("\n")).join("\n\n"),
  };
}

/** Two strong words of the prompt, title-cased ("Harbor Light"). */
export function titleFrom(prompt: string): string {
  const words = keywords(prompt).sort((a, b) => b.length - a.length || a.localeCompare(b));
  const chosen = words.slice(0, 2);
  if (chosen.length === 0)
    chosen.push(FALLBACK_WORDS[seedOf("title", prompt) % FALLBACK_WORDS.length]!);
  return chosen.map(capitalise).join(" ").slice(0, 80);
}

/** Style tags for description mode: genres named in the description win, else a seeded pick. */
export function tagsFrom(description: string): string {
  const lower = description.toLowerCase();
  const rand = mulberry32(seedOf("tags", description));
  const named = GENRES.filter((genre) => lower.includes(genre));
  const genre = named[0] ?? GENRES[Math.floor(rand() * GENRES.length)]!;
  const mood = MOODS.find((m) => lower.includes(m)) ?? MOODS[Math.floor(rand() * MOODS.length)]!;
  return `${genre}, ${mood}`;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
