"use client";

// The family tree of a song (issue 18): nested lists of links, so a screen reader says each
// level and Tab walks it; the arrow keys move between the songs too (Up/Down in reading order,
// Home/End to the first and last). The song of this page is marked with aria-current.
import { Crown } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import type { KeyboardEvent } from "react";

import type { FamilyNode } from "@/lib/library/shared";

function Node({ node }: { node: FamilyNode }) {
  const label = (
    <>
      <span className="font-medium">{node.title ?? "Not visible to you"}</span>
      {node.id && (
        <span className="text-fg-muted">
          {" · "}
          {node.kind}
          {node.take && ` · ${node.take}`}
        </span>
      )}
      {node.isKeeper && (
        <span className="ml-1.5 inline-flex items-center gap-1 rounded-full bg-accent/15 px-1.5 text-xs font-medium text-fg">
          <Crown className="size-3" aria-hidden="true" />
          Keeper
        </span>
      )}
    </>
  );
  return (
    <li className="flex flex-col gap-1">
      {node.id ? (
        <Link
          href={`/clips/${node.id}` as Route}
          data-family-link=""
          onKeyDown={moveFocus}
          aria-current={node.isCurrent ? "page" : undefined}
          className={
            "rounded-md px-1.5 py-0.5 underline-offset-4 hover:underline focus-visible:outline-2 " +
            "focus-visible:outline-accent " +
            (node.isCurrent ? "bg-muted ring-1 ring-accent" : "text-link")
          }
        >
          {label}
          {node.isCurrent && <span className="sr-only"> (this page)</span>}
        </Link>
      ) : (
        <span className="px-1.5 py-0.5 text-fg-muted italic">{label}</span>
      )}
      {node.children.length > 0 && (
        <ul className="ml-3 flex flex-col gap-1 border-l border-line pl-3">
          {node.children.map((child) => (
            <Node key={child.key} node={child} />
          ))}
        </ul>
      )}
    </li>
  );
}

function moveFocus(event: KeyboardEvent<HTMLAnchorElement>) {
  const tree = event.currentTarget.closest("nav");
  if (!tree) return;
  const links = [...tree.querySelectorAll<HTMLAnchorElement>("a[data-family-link]")];
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next = {
    ArrowDown: at + 1,
    ArrowUp: at - 1,
    Home: 0,
    End: links.length - 1,
  }[event.key];
  if (next === undefined || at < 0) return;
  const target = links[Math.max(0, Math.min(links.length - 1, next))];
  if (!target) return;
  event.preventDefault();
  target.focus();
}

export function FamilyTree({ roots }: { roots: FamilyNode[] }) {
  return (
    <nav aria-labelledby="family-tree">
      <h2 id="family-tree" className="mb-2 text-lg font-semibold">
        Family tree
      </h2>
      <ul className="flex flex-col gap-1 text-sm">
        {roots.map((root) => (
          <Node key={root.key} node={root} />
        ))}
      </ul>
    </nav>
  );
}
