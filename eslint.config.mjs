// ESLint is the style (STYLE.md 16): Next.js's rules (core web vitals), typescript-eslint
// (type-aware only where it is cheap), jsx-a11y, React hooks, and the layer rules of
// docs/ARCHITECTURE.md as lint rules. `npm run lint` fails on any warning.
import { readdirSync } from "node:fs";
import path from "node:path";

import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import jsxA11y from "eslint-plugin-jsx-a11y";
import tseslint from "typescript-eslint";

import chorus from "./eslint/chorus-plugin.mjs";

const ROOT = import.meta.dirname;

/**
 * Route folders: the first segment below app/ or below a route group `(name)`. Computed from
 * disk, so a new route folder is covered without editing this file.
 */
function routeFolders(dir = "app") {
  const folders = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const child = `${dir}/${entry.name}`;
    if (/^\(.+\)$/.test(entry.name)) folders.push(...routeFolders(child));
    else folders.push(child);
  }
  return folders;
}

const ROUTE_ZONES = routeFolders().map((folder) => ({
  target: `./${folder}`,
  from: "./app",
  except: [`./${path.relative("app", folder)}`],
  message:
    "One route folder never imports another: move the shared piece to components/ or lib/ " +
    "(docs/ARCHITECTURE.md)",
}));

const PRODUCTION = [
  "app/**/*.{ts,tsx}",
  "components/**/*.{ts,tsx}",
  "lib/**/*.{ts,tsx}",
  "simulator/**/*.ts",
  "proxy.ts",
  "instrumentation.ts",
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".next-*/**",
      ".vercel/**",
      ".data/**",
      "lib/generated/**",
      "coverage/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  ...nextVitals,
  ...nextTypescript,
  {
    name: "chorus/base",
    linterOptions: { reportUnusedDisableDirectives: "error" },
    plugins: { chorus },
    rules: {
      ...jsxA11y.flatConfigs.recommended.rules,
      "react-hooks/exhaustive-deps": "error",
      // our form controls are components; a label may wrap one a few levels down
      "jsx-a11y/label-has-associated-control": [
        "error",
        { controlComponents: ["Input", "Select", "Textarea"], depth: 3 },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/consistent-type-imports": [
        "error",
        { fixStyle: "inline-type-imports", disallowTypeAnnotations: false },
      ],
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "server-only",
              message:
                "Only modules under lib/ are marked server-only; put the code in lib/<domain>",
            },
          ],
        },
      ],
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: "./app",
              from: ["./lib/db.ts", "./lib/generated"],
              message:
                "app/ never imports the Prisma client or lib/generated: call a lib/<domain> " +
                "function (docs/ARCHITECTURE.md)",
            },
            {
              target: "./components",
              from: "./app",
              message:
                "components/ never imports app/: pass actions through props or import them " +
                "from lib/actions",
            },
            {
              target: "./lib/suno",
              from: ["./lib/db.ts", "./lib/generated"],
              message: "lib/suno knows nothing of the database (docs/ARCHITECTURE.md)",
            },
            ...ROUTE_ZONES,
          ],
        },
      ],
      "chorus/no-server-only-in-client": "error",
    },
  },
  {
    name: "chorus/server-only-in-lib",
    files: ["lib/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    name: "chorus/type-aware",
    files: ["**/*.{ts,tsx}"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: ROOT } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": [
        "error",
        { checksVoidReturn: { attributes: false } },
      ],
      "@typescript-eslint/await-thenable": "error",
    },
  },
  {
    name: "chorus/max-len",
    files: PRODUCTION,
    rules: {
      "max-len": [
        "error",
        {
          code: 100,
          tabWidth: 2,
          ignoreUrls: true,
          ignoreStrings: true,
          ignoreRegExpLiterals: true,
          // a justified disable names its reason on its own line, however long
          ignorePattern: "eslint-disable",
        },
      ],
    },
  },
);
