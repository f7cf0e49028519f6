// The placeholder a list page shows while its data loads. Used as `loading.tsx` only by pages
// that never answer "not found": a loading boundary streams the page after a 200 has been
// sent, so pages that can be missing (a clip, a team) render without one and answer 404.
export function PageSkeleton() {
  return (
    <div role="status" aria-label="Loading" className="flex flex-col gap-4">
      <div className="h-8 w-48 animate-pulse rounded-lg bg-muted" />
      <div className="h-40 animate-pulse rounded-2xl bg-muted" />
    </div>
  );
}
