// Chorus's own lint rules: the layer rules of docs/ARCHITECTURE.md that no published rule
// expresses. One rule today: client code never imports a `server-only` module of lib/.
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const EXTENSIONS = [".ts", ".tsx", "/index.ts", "/index.tsx"];
const serverOnlyCache = new Map();

/** The file an import names, for `@/…` and relative specifiers; null for packages. */
function resolveSource(specifier, fromFile) {
  let base;
  if (specifier.startsWith("@/")) base = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(fromFile), specifier);
  else return null;
  if (existsSync(base) && statSync(base).isFile()) return base;
  for (const ext of EXTENSIONS) if (existsSync(base + ext)) return base + ext;
  return null;
}

/** Does the module start with `import "server-only"`? */
function isServerOnly(file) {
  if (!serverOnlyCache.has(file)) {
    const text = readFileSync(file, "utf8");
    serverOnlyCache.set(file, /^\s*import\s+["']server-only["'];?\s*$/m.test(text));
  }
  return serverOnlyCache.get(file);
}

function isClientFile(context) {
  const file = context.filename;
  if (path.relative(ROOT, file).startsWith(`components${path.sep}`)) return true;
  const first = context.sourceCode.ast.body[0];
  return first?.type === "ExpressionStatement" && first.directive === "use client";
}

const noServerOnlyInClient = {
  meta: {
    type: "problem",
    docs: { description: "Client code never imports a server-only module of lib/" },
    schema: [],
    messages: {
      serverOnly:
        "'{{source}}' is a server-only module of lib/: components/ and \"use client\" files " +
        "may import only modules without server-only. Move what both sides need into " +
        "lib/<domain>/shared.ts (docs/ARCHITECTURE.md)",
    },
  },
  create(context) {
    if (!isClientFile(context)) return {};
    const check = (node) => {
      if (!node.source || node.importKind === "type" || node.exportKind === "type") return;
      const specifiers = node.specifiers ?? [];
      if (specifiers.length > 0 && specifiers.every((s) => s.importKind === "type")) return;
      const source = node.source.value;
      const file = resolveSource(source, context.filename);
      if (!file || !path.relative(ROOT, file).startsWith(`lib${path.sep}`)) return;
      if (isServerOnly(file)) context.report({ node, messageId: "serverOnly", data: { source } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

const plugin = {
  meta: { name: "chorus" },
  rules: { "no-server-only-in-client": noServerOnlyInClient },
};

export default plugin;
