"use client";

// A disclosure (a button that opens a panel): focus moves into the panel when it opens,
// Escape closes it and gives focus back to the button, a click outside closes it.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";

export function useDisclosure(focusSelector = "button, a") {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    panelRef.current?.querySelector<HTMLElement>(focusSelector)?.focus();
    const onPointer = (event: PointerEvent) => {
      if (
        !panelRef.current?.contains(event.target as Node) &&
        !buttonRef.current?.contains(event.target as Node)
      )
        setOpen(false);
    };
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open, focusSelector]);

  /** for the toggle button: Enter, Space and ArrowDown open the panel */
  const buttonProps = {
    ref: buttonRef,
    type: "button" as const,
    "aria-haspopup": "true" as const,
    "aria-expanded": open,
    "aria-controls": panelId,
    onClick: () => setOpen((value) => !value),
    onKeyDown: (event: KeyboardEvent) => {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        setOpen(true);
      }
    },
  };
  return { open, setOpen, buttonProps, panelProps: { ref: panelRef, id: panelId, hidden: !open } };
}
