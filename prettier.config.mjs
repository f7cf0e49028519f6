// Prettier is the style (STYLE.md 16): 100 columns as documenso, imports and Tailwind classes sorted.
/** @type {import("prettier").Config} */
const config = {
  printWidth: 100,
  plugins: ["@ianvs/prettier-plugin-sort-imports", "prettier-plugin-tailwindcss"],
  importOrder: ["<BUILTIN_MODULES>", "", "<THIRD_PARTY_MODULES>", "", "^@/(.*)$", "", "^[.]"],
  importOrderTypeScriptVersion: "5.9.3",
  tailwindStylesheet: "./app/globals.css",
  tailwindFunctions: ["cn"],
};

export default config;
