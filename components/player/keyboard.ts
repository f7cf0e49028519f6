// The player's keyboard shortcuts, and when they must stay out of the way.
export const SHORTCUTS: { keys: string[]; does: string }[] = [
  { keys: ["Space", "K"], does: "Play or pause" },
  { keys: ["←", "→"], does: "Back or forward 5 seconds" },
  { keys: ["J", "L"], does: "Back or forward 10 seconds" },
  { keys: ["Shift ←", "P"], does: "Previous song" },
  { keys: ["Shift →", "N"], does: "Next song" },
  { keys: ["M"], does: "Mute or unmute" },
  { keys: ["<", ">"], does: "Slower or faster" },
  { keys: ["?"], does: "Show these shortcuts" },
];

/** Someone is typing or using a control that owns these keys: a text field, a select, a slider. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (["INPUT", "TEXTAREA", "SELECT", "AUDIO", "VIDEO"].includes(target.tagName)) return true;
  const role = target.getAttribute("role");
  return role === "slider" || role === "textbox" || role === "combobox" || role === "listbox";
}
