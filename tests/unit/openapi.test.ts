// REST v1's OpenAPI document (issue 19, item 3): it validates as OpenAPI 3.1, and it lists
// exactly the routes that exist under app/api/v1 (each method of each route.ts), each route
// built from the operation the document describes.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";

import { openApiDocument, referenceHtml } from "@/lib/api/v1/openapi";
import { OPERATIONS } from "@/lib/api/v1/operations";

const V1 = path.resolve(import.meta.dirname, "../../app/api/v1");

/** Every `METHOD /api/v1/...` a route.ts under app/api/v1 exports, with the operation it uses. */
function routesOnDisk() {
  return readdirSync(V1, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name === "route.ts")
    .flatMap((e) => {
      const file = path.join(e.parentPath, e.name);
      const dir = path.relative(V1, e.parentPath).split(path.sep).filter(Boolean);
      const route = "/api/v1" + dir.map((s) => "/" + s.replace(/^\[(\w+)\]$/, "{$1}")).join("");
      const source = readFileSync(file, "utf8");
      return [
        ...source.matchAll(
          /export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b([\s\S]{0,80})/g,
        ),
      ].map((m) => ({
        key: `${m[1]} ${route}`,
        operation: /OPERATIONS\.(\w+)/.exec(m[2]!)?.[1] ?? null,
      }));
    });
}

describe("the OpenAPI document", () => {
  const document = openApiDocument("http://localhost:3000");

  it("validates as OpenAPI 3.1", async () => {
    expect(document.openapi).toBe("3.1.0");
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
  });

  it("documents every route under app/api/v1, and no route that does not exist", () => {
    const documented = Object.entries(document.paths).flatMap(([p, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`),
    );
    const onDisk = routesOnDisk();
    expect(onDisk.length).toBeGreaterThan(10);
    expect(onDisk.map((r) => r.key).sort()).toEqual(documented.sort());
  });

  it("builds each scoped route from the operation documented for its method and path", () => {
    for (const route of routesOnDisk()) {
      const op = Object.values(OPERATIONS).find((o) => `${o.method} ${o.path}` === route.key)!;
      if (op.scopes === null) continue; // the document and its page describe themselves
      expect(route.operation, route.key).toBe(op.id);
    }
  });

  it("says which scope each operation needs, and the reference page shows every path", () => {
    const html = referenceHtml();
    for (const op of Object.values(OPERATIONS)) {
      const described = (document.paths as Record<string, Record<string, { description: string }>>)[
        op.path
      ]![op.method.toLowerCase()]!;
      if (op.scopes?.length)
        for (const scope of op.scopes) expect(described.description).toContain(scope);
      expect(html).toContain(`${op.method} ${op.path}`);
    }
  });
});
