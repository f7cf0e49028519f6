"use client";

// A menu whose code (Radix DropdownMenu and what it holds) loads on first use instead of with
// the page: until then its trigger is a plain button that looks the same. Pointing at it or
// focusing it starts the download; pressing it (pointer down, Enter, Space or ArrowDown, as
// Radix's own trigger opens) renders the real menu already open. Every song card, the player
// and the header have one, so this keeps Radix out of every page's first load.
import {
  useCallback,
  useRef,
  useState,
  type ComponentType,
  type KeyboardEvent,
  type ReactNode,
} from "react";

/** How the real menu first opens: already open, and whether a key opened it. */
export type Opened = { defaultOpen: boolean; byKeyboard?: boolean };

export function useDeferredMenu<P extends object>(load: () => Promise<ComponentType<P & Opened>>) {
  const [Menu, setMenu] = useState<ComponentType<P & Opened> | null>(null);
  const [byKeyboard, setByKeyboard] = useState(false);
  const open = useCallback(
    (keyboard: boolean) => {
      setByKeyboard(keyboard);
      void load().then((component) => setMenu(() => component));
    },
    [load],
  );
  return { Menu, byKeyboard, open, prefetch: () => void load() };
}

/**
 * A ref for the real menu's content: opened by a key, its first item takes the focus, as Radix
 * does when its own trigger is pressed (it cannot know here: the key went to the stand-in).
 * Only on that first opening (after Radix has focused the content); later ones are Radix's.
 */
export function useFirstItemFocus(byKeyboard: boolean | undefined) {
  const pending = useRef(Boolean(byKeyboard));
  return useCallback((content: HTMLElement | null) => {
    if (!content || !pending.current) return;
    pending.current = false;
    requestAnimationFrame(() =>
      content.querySelector<HTMLElement>('[role^="menuitem"]:not([data-disabled])')?.focus(),
    );
  }, []);
}

/** The stand-in trigger: a button with the real trigger's name, look and popup semantics. */
export function DeferredTrigger({
  label,
  title,
  className,
  onOpen,
  onPrefetch,
  children,
}: {
  label?: string;
  title?: string;
  className: string;
  onOpen: (byKeyboard: boolean) => void;
  onPrefetch: () => void;
  children: ReactNode;
}) {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Enter" || event.key === " " || event.key === "ArrowDown") {
      event.preventDefault();
      onOpen(true);
    }
  };
  return (
    <button
      type="button"
      aria-label={label}
      title={title}
      aria-haspopup="menu"
      aria-expanded={false}
      data-state="closed"
      className={className}
      onPointerEnter={onPrefetch}
      onFocus={onPrefetch}
      onPointerDown={(event) => {
        if (event.button === 0 && !event.ctrlKey) {
          event.preventDefault();
          onOpen(false);
        }
      }}
      onKeyDown={onKeyDown}
    >
      {children}
    </button>
  );
}
