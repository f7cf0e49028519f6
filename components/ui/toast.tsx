"use client";

// Toasts for one-click actions (sonner): announced politely to screen readers.
import { Toaster as Sonner, toast } from "sonner";

export { toast };

export function Toaster() {
  return (
    <Sonner
      position="bottom-right"
      theme="system"
      richColors
      closeButton
      toastOptions={{ duration: 5000 }}
    />
  );
}
