"use client";

// Where new songs go: the personal workspace (teamId "") or a team, charged to its budget.
import { createContext } from "react";

export const WorkspaceContext = createContext<{ teamId: string; name: string }>({
  teamId: "",
  name: "Personal",
});
