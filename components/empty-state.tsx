import type { ReactNode } from "react";

export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <section className="flex flex-col items-center rounded-2xl border border-dashed border-line bg-surface px-6 py-16 text-center">
      <svg
        viewBox="0 0 64 64"
        className="mb-4 size-14 text-fg-muted"
        aria-hidden="true"
        fill="none"
        stroke="currentColor"
        strokeWidth="2.5"
        strokeLinecap="round"
      >
        <path d="M24 46V16l28-6v30" />
        <circle cx="18" cy="46" r="6" />
        <circle cx="46" cy="40" r="6" />
      </svg>
      <h2 className="text-lg font-semibold">{title}</h2>
      {children && <div className="mt-2 max-w-md text-sm text-fg-muted">{children}</div>}
      {action && <div className="mt-6">{action}</div>}
    </section>
  );
}
