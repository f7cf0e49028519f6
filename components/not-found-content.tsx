import Link from "next/link";

/** The 404 page's content. Under a layout that has its own `main`, it is placed in a div:
 *  a page has exactly one main landmark. */
export function NotFoundContent({ landmark }: { landmark: "main" | "div" }) {
  const Tag = landmark;
  return (
    <Tag
      {...(landmark === "main" ? { id: "main" } : {})}
      className="mx-auto flex min-h-[50dvh] max-w-md flex-col items-center justify-center gap-3 px-4 text-center"
    >
      <p className="text-sm font-medium text-link">404</p>
      <h1 className="text-2xl font-semibold">This page does not exist</h1>
      <p className="text-sm text-fg-muted">It may have moved, or you may not have access to it.</p>
      <Link
        href="/library"
        className="mt-2 text-sm font-medium text-link underline-offset-4 hover:underline"
      >
        Go to your library
      </Link>
    </Tag>
  );
}
