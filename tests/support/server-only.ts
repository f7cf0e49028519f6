// Stand-in for the `server-only` marker package inside Vitest (all of it is server code).
export {};
