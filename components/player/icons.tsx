// Player icons as inline SVG: symbol characters (⏮ ⏸) are missing from many system fonts.
const base = {
  viewBox: "0 0 24 24",
  className: "size-5",
  fill: "currentColor",
  "aria-hidden": true,
} as const;

export const PlayIcon = ({ small = false }: { small?: boolean }) => (
  <svg {...base} className={small ? "size-3.5" : base.className}>
    <path d="M8 5.5v13a1 1 0 0 0 1.5.86l10.5-6.5a1 1 0 0 0 0-1.72L9.5 4.64A1 1 0 0 0 8 5.5Z" />
  </svg>
);
export const PauseIcon = () => (
  <svg {...base}>
    <rect x="6" y="5" width="4" height="14" rx="1" />
    <rect x="14" y="5" width="4" height="14" rx="1" />
  </svg>
);
export const PreviousIcon = () => (
  <svg {...base}>
    <rect x="5" y="5" width="2.5" height="14" rx="1" />
    <path d="M19 6.2v11.6a1 1 0 0 1-1.55.83L9.2 13.1a1.3 1.3 0 0 1 0-2.2l8.25-5.53A1 1 0 0 1 19 6.2Z" />
  </svg>
);
export const NextIcon = () => (
  <svg {...base}>
    <rect x="16.5" y="5" width="2.5" height="14" rx="1" />
    <path d="M5 6.2v11.6a1 1 0 0 0 1.55.83l8.25-5.53a1.3 1.3 0 0 0 0-2.2L6.55 5.37A1 1 0 0 0 5 6.2Z" />
  </svg>
);

// Stroke icons for the player's secondary controls (24-unit grid, 2-unit strokes).
const line = {
  viewBox: "0 0 24 24",
  className: "size-5",
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 2,
  strokeLinecap: "round",
  strokeLinejoin: "round",
  "aria-hidden": true,
} as const;

export const ShuffleIcon = () => (
  <svg {...line}>
    <path d="M16 3h5v5M4 20 21 3M21 16v5h-5M15 15l6 6M4 4l5 5" />
  </svg>
);
export const RepeatIcon = ({ one = false }: { one?: boolean }) => (
  <svg {...line}>
    <path d="m17 2 4 4-4 4M3 11v-1a4 4 0 0 1 4-4h14M7 22l-4-4 4-4M21 13v1a4 4 0 0 1-4 4H3" />
    {one && <path d="M11 10h1v4" />}
  </svg>
);
export const VolumeIcon = ({ muted = false }: { muted?: boolean }) => (
  <svg {...line}>
    <path d="M11 5 6 9H2v6h4l5 4V5Z" />
    {muted ? (
      <path d="m22 9-6 6M16 9l6 6" />
    ) : (
      <path d="M15.5 8.5a5 5 0 0 1 0 7M19 5a10 10 0 0 1 0 14" />
    )}
  </svg>
);
export const QueueIcon = () => (
  <svg {...line}>
    <path d="M3 6h13M3 12h13M3 18h9M17 15v6l4-3-4-3Z" />
  </svg>
);
export const ExpandIcon = () => (
  <svg {...line}>
    <path d="m18 15-6-6-6 6" />
  </svg>
);
export const CollapseIcon = () => (
  <svg {...line}>
    <path d="m6 9 6 6 6-6" />
  </svg>
);
export const UpIcon = () => (
  <svg {...line} className="size-4">
    <path d="M12 19V5M5 12l7-7 7 7" />
  </svg>
);
export const DownIcon = () => (
  <svg {...line} className="size-4">
    <path d="M12 5v14M19 12l-7 7-7-7" />
  </svg>
);
export const RemoveIcon = () => (
  <svg {...line} className="size-4">
    <path d="M18 6 6 18M6 6l12 12" />
  </svg>
);
export const GripIcon = () => (
  <svg {...line} className="size-4">
    <path d="M9 6h.01M15 6h.01M9 12h.01M15 12h.01M9 18h.01M15 18h.01" />
  </svg>
);
