// The OpenAPI 3.1 document of REST v1, generated from the operations table and its zod
// schemas (z.toJSONSchema): request schemas as the input side, answers as the output side.
// Named schemas (`.meta({ id })`) become components. Also a plain HTML rendering of it.
import { z } from "zod";

import { SCOPE_LABEL, SCOPES } from "@/lib/api-tokens/shared";
import { OPERATIONS, type ApiOperation } from "@/lib/api/v1/operations";
import { errorResponse } from "@/lib/api/v1/schemas";

type Json = Record<string, unknown>;
type Components = Record<string, Json>;

/** A zod schema as JSON Schema, its `$defs` moved into the document's components. */
function schemaOf(schema: z.ZodType, io: "input" | "output", components: Components): Json {
  const json = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    target: "draft-2020-12",
  }) as Json;
  delete json.$schema;
  const defs = (json.$defs ?? {}) as Components;
  delete json.$defs;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === "object") {
      const out: Json = {};
      for (const [k, v] of Object.entries(value)) {
        out[k] =
          k === "$ref" && typeof v === "string"
            ? v.replace(/^#\/\$defs\//, "#/components/schemas/")
            : rewrite(v);
      }
      return out;
    }
    return value;
  };
  for (const [id, def] of Object.entries(defs)) components[id] ??= rewrite(def) as Json;
  const body = rewrite(json) as Json;
  // a root schema with an id is itself a component
  const id = (schema.meta() as { id?: string } | undefined)?.id;
  if (id) {
    const { id: _id, ...rest } = body;
    components[id] ??= rest;
    return { $ref: `#/components/schemas/${id}` };
  }
  return body;
}

function isOptional(schema: z.ZodType) {
  return schema.safeParse(undefined).success;
}

const ERRORS: Record<string, string> = {
  "400": "The input is not valid (the fields are named)",
  "401": "No token, or a token unknown, expired or revoked",
  "403": "The token lacks the scope, or the role does not allow it",
  "404": "Not found, or not reachable with this token",
  "429": "Rate limited (see RateLimit-* and Retry-After)",
};

function operationObject(op: ApiOperation, components: Components): Json {
  const parameters: Json[] = [];
  for (const [name, schema] of Object.entries(op.params?.shape ?? {}))
    parameters.push({
      name,
      in: "path",
      required: true,
      schema: schemaOf(schema as z.ZodType, "input", components),
    });
  for (const [name, schema] of Object.entries(op.query?.shape ?? {})) {
    const json = schemaOf(schema as z.ZodType, "input", components);
    const { description, ...rest } = json;
    parameters.push({
      name,
      in: "query",
      required: !isOptional(schema as z.ZodType),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    });
  }
  for (const header of op.headers ?? [])
    parameters.push({
      name: header.name,
      in: "header",
      required: false,
      description: header.description,
      schema: schemaOf(header.schema, "input", components),
    });
  const error = (status: string) => ({
    $ref: "#/components/responses/Error",
    description: ERRORS[status],
  });
  const responses: Json = {
    [String(op.ok.status)]: {
      description: op.ok.description,
      content: {
        [op.ok.contentType ?? "application/json"]: op.ok.schema
          ? { schema: schemaOf(op.ok.schema, "output", components) }
          : {},
      },
    },
  };
  if (op.ok.contentType === "application/octet-stream") {
    responses["206"] = { description: "The requested range", content: { "*/*": {} } };
    responses["302"] = { description: "Not archived yet: the provider's link" };
    responses["416"] = { ...error("400"), description: "The range cannot be served" };
  }
  const scoped = op.scopes !== null;
  if (op.body || op.query) responses["400"] = error("400");
  if (scoped)
    Object.assign(responses, { "401": error("401"), "403": error("403"), "429": error("429") });
  if (op.params || scoped) responses["404"] = error("404");
  const scopeText =
    op.scopes === null
      ? "No token needed."
      : op.scopes.length === 0
        ? "Any token."
        : `Scope: ${op.scopes.map((s) => `\`${s}\``).join(" or ")}.`;
  return {
    operationId: op.id,
    summary: op.summary,
    description: [op.description, scopeText].filter(Boolean).join("\n\n"),
    tags: [op.tag],
    ...(scoped ? { security: [{ token: [] }], "x-scopes": op.scopes } : { security: [] }),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: schemaOf(op.body, "input", components) } },
          },
        }
      : {}),
    responses,
  };
}

export function openApiDocument(serverUrl?: string) {
  const components: Components = {};
  const paths: Record<string, Json> = {};
  for (const op of Object.values(OPERATIONS) as ApiOperation[]) {
    paths[op.path] ??= {};
    paths[op.path]![op.method.toLowerCase()] = operationObject(op, components);
  }
  const errorSchema = schemaOf(errorResponse, "output", components);
  return {
    openapi: "3.1.0",
    info: {
      title: "Chorus REST API",
      version: "1.0.0",
      description:
        "Make songs, follow their tasks, search and manage the library and playlists, and " +
        "download media. Authenticate with `Authorization: Bearer chorus_pat_…` (Settings → " +
        "API tokens). Scopes: " +
        SCOPES.map((s) => `\`${s}\` (${SCOPE_LABEL[s]})`).join(", ") +
        ". Lists page by `nextCursor`. Errors are `{error:{code,message,fields}}`.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    tags: ["Tokens", "Tasks", "Clips", "Playlists", "Reference"].map((name) => ({ name })),
    paths,
    components: {
      schemas: components,
      responses: {
        Error: {
          description: "An error",
          headers: {
            "RateLimit-Limit": { schema: { type: "integer" } },
            "RateLimit-Remaining": { schema: { type: "integer" } },
            "RateLimit-Reset": { schema: { type: "integer" } },
          },
          content: { "application/json": { schema: errorSchema } },
        },
      },
      securitySchemes: {
        token: { type: "http", scheme: "bearer", bearerFormat: "chorus_pat_…" },
      },
    },
  };
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The document as one readable HTML page (no script). */
export function referenceHtml(): string {
  const ops = Object.values(OPERATIONS) as ApiOperation[];
  const components: Components = {};
  const sections = ["Tokens", "Tasks", "Clips", "Playlists", "Reference"].map((tag) => {
    const items = ops
      .filter((op) => op.tag === tag)
      .map((op) => {
        const o = operationObject(op, components);
        const params = ((o.parameters ?? []) as Json[])
          .map(
            (p) =>
              `<tr><td><code>${escape(String(p.name))}</code></td><td>${escape(String(p.in))}` +
              `</td><td>${p.required ? "yes" : "no"}</td><td><code>${escape(
                JSON.stringify(p.schema),
              )}</code>${p.description ? ` ${escape(String(p.description))}` : ""}</td></tr>`,
          )
          .join("");
        const body = op.body
          ? `<details><summary>Request body</summary><pre>${escape(
              JSON.stringify(schemaOf(op.body, "input", components), null, 2),
            )}</pre></details>`
          : "";
        return (
          `<section id="${op.id}"><h3><code>${op.method} ${escape(op.path)}</code></h3>` +
          `<p>${escape(op.summary)}</p><p>${escape(String(o.description))}</p>` +
          (params
            ? `<table><thead><tr><th>Name</th><th>In</th><th>Required</th><th>Schema</th>` +
              `</tr></thead><tbody>${params}</tbody></table>`
            : "") +
          body +
          `</section>`
        );
      })
      .join("");
    return `<h2>${tag}</h2>${items}`;
  });
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>Chorus REST API v1</title><style>body{font:15px/1.5 system-ui,sans-serif;` +
    `max-width:60rem;margin:2rem auto;padding:0 1rem}code,pre{font-size:13px}pre{overflow:auto;` +
    `background:#f4f4f5;padding:.5rem}table{border-collapse:collapse}td,th{border:1px solid ` +
    `#ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}</style></head><body>` +
    `<h1>Chorus REST API v1</h1><p>Machine-readable: <a href="/api/v1/openapi.json">` +
    `openapi.json</a> (OpenAPI 3.1). Send <code>Authorization: Bearer chorus_pat_…</code>; ` +
    `make tokens under Settings → API tokens.</p><ul>${SCOPES.map(
      (s) => `<li><code>${s}</code>: ${escape(SCOPE_LABEL[s])}</li>`,
    ).join("")}</ul>${sections.join("")}</body></html>`
  );
}
