// What the library's browser and server both need: sorts, the URL of a library view, whether a
// view is filtered, the page's JSON shape (derived from the server's own types), and lyrics in
// sections. Pure: no zod, no server-only code.
import type { FamilyNode } from "@/lib/library/family";
import type { LibraryQuery } from "@/lib/library/query";
import type { searchLibrary } from "@/lib/library/search";
import type { Jsonify } from "@/lib/types/json";

export type { FamilyNode, LibraryQuery };

export const SORTS = ["newest", "oldest", "longest", "best", "liked", "rated"] as const;
export type LibrarySort = (typeof SORTS)[number];
export const SORT_OPTIONS: { value: LibrarySort; label: string }[] = [
  { value: "newest", label: "Newest" },
  { value: "oldest", label: "Oldest" },
  { value: "longest", label: "Longest" },
  { value: "best", label: "Best match" },
  { value: "liked", label: "Most liked" },
  { value: "rated", label: "Top rated" },
];

/** One page of a library view, as `GET /api/library` answers it. */
export type LibraryPageJson = Jsonify<Awaited<ReturnType<typeof searchLibrary>>>;
export type LibraryClipJson = LibraryPageJson["clips"][number];

/** The filters a person can set (everything but the workspace, the sort and the cursor). */
const FILTERS = [
  "q",
  "model",
  "kind",
  "liked",
  "rated",
  "min",
  "max",
  "from",
  "to",
  "creator",
  "keepers",
  "stack",
] as const;

export const isFiltered = (query: LibraryQuery) => FILTERS.some((key) => Boolean(query[key]));

/** The view's state as URL parameters: the workspace is in the path, the cursor is not state. */
export function libraryParams(query: LibraryQuery) {
  return new URLSearchParams(
    Object.entries(query).filter(
      (e): e is [string, string] =>
        typeof e[1] === "string" && e[1] !== "" && e[0] !== "cursor" && e[0] !== "team",
    ),
  );
}

/** The library's URL: the workspace is the path (/library, /teams/<slug>), the rest the query. */
export function libraryUrl(query: LibraryQuery, basePath: string) {
  const text = libraryParams(query).toString();
  return text ? `${basePath}?${text}` : basePath;
}

/** "Liked by you, Ada and 2 others" (null when nobody liked it); `likers` are the others. */
export function likedByText(r: { myLiked: boolean; likes: number; likers: string[] }) {
  if (r.likes === 0) return null;
  const names = [...(r.myLiked ? ["you"] : []), ...r.likers];
  const others = r.likes - names.length;
  if (others > 0) names.push(`${others} ${others === 1 ? "other" : "others"}`);
  const last = names.pop()!;
  return `Liked by ${names.length ? `${names.join(", ")} and ${last}` : last}`;
}

/** "[Verse]\nline\n\n[Chorus]…" → sections with their headings, for the clip page. */
export function lyricSections(
  lyrics: string | null,
): { heading: string | null; lines: string[] }[] {
  if (!lyrics) return [];
  const sections: { heading: string | null; lines: string[] }[] = [];
  let current: { heading: string | null; lines: string[] } | null = null;
  for (const raw of lyrics.split(/\r?\n/)) {
    const line = raw.trim();
    const heading = /^\[(.+)\]$/.exec(line)?.[1];
    if (heading) {
      current = { heading, lines: [] };
      sections.push(current);
    } else if (line) {
      if (!current) {
        current = { heading: null, lines: [] };
        sections.push(current);
      }
      current.lines.push(line);
    }
  }
  return sections;
}
