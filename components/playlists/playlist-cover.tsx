// A playlist's cover: a mosaic of its first four songs' covers (one cover fills it; none, a
// plain tile). Images come from /api/media, which checks the reader may see each song.
import { ListMusic, Sparkles } from "lucide-react";

export function PlaylistCover({
  covers,
  size,
  smart = false,
}: {
  covers: string[];
  size: "sm" | "lg";
  /** a smart playlist without covers shows its own mark */
  smart?: boolean;
}) {
  const box = size === "lg" ? "size-40 sm:size-48" : "size-20";
  if (covers.length === 0 && smart)
    return (
      <div
        aria-hidden="true"
        className={`${box} flex shrink-0 items-center justify-center rounded-xl bg-accent/10`}
      >
        <Sparkles className={`text-accent ${size === "lg" ? "size-12" : "size-7"}`} />
      </div>
    );
  if (covers.length === 0)
    return (
      <div
        aria-hidden="true"
        className={`${box} flex shrink-0 items-center justify-center rounded-xl bg-muted`}
      >
        <ListMusic className={`text-fg-muted ${size === "lg" ? "size-12" : "size-7"}`} />
      </div>
    );
  const tiles = covers.length >= 4 ? covers.slice(0, 4) : covers.slice(0, 1);
  return (
    <div
      aria-hidden="true"
      data-testid="playlist-cover"
      className={`${box} grid shrink-0 overflow-hidden rounded-xl bg-muted ${tiles.length === 4 ? "grid-cols-2" : ""}`}
    >
      {tiles.map((id) => (
        // eslint-disable-next-line @next/next/no-img-element -- served by /api/media
        <img
          key={id}
          src={`/api/media/${id}/image`}
          alt=""
          loading="lazy"
          className="size-full object-cover"
        />
      ))}
    </div>
  );
}
