// The web app manifest (/manifest.webmanifest): name, colours and icons for "Add to Home
// Screen" and installed use.
import type { MetadataRoute } from "next";

export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Chorus",
    short_name: "Chorus",
    description: "Make, keep and find AI-generated songs, alone or with your team.",
    start_url: "/library",
    display: "standalone",
    background_color: "#0c0b10",
    theme_color: "#6d28d9",
    icons: [
      { src: "/icon.svg", type: "image/svg+xml", sizes: "any" },
      { src: "/icon-192.png", type: "image/png", sizes: "192x192", purpose: "maskable" },
      { src: "/icon-512.png", type: "image/png", sizes: "512x512" },
    ],
  };
}
