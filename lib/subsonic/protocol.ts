// The Subsonic wire format (https://opensubsonic.netlify.app): parameters from the query and,
// for the formPost extension, a form body (names may repeat: `id=a&id=b`); answers as
// `subsonic-response` in XML (the default) or JSON (`f=json`), with `openSubsonic: true`.
// Protocol errors are answered with HTTP 200 and `status="failed"`, as clients expect.
import "server-only";

import { readBodyText } from "@/lib/api/handlers";

export const API_VERSION = "1.16.1";
export const SERVER_TYPE = "chorus";
export const SERVER_VERSION = "1.0.0";
const FORM_MAX_BYTES = 100_000;

export const ERROR = {
  GENERIC: 0,
  MISSING: 10,
  WRONG_CREDENTIALS: 40,
  TOKEN_UNSUPPORTED: 41,
  MECHANISM_UNSUPPORTED: 42,
  CONFLICTING: 43,
  INVALID_API_KEY: 44,
  NOT_AUTHORIZED: 50,
  NOT_FOUND: 70,
} as const;

export class SubsonicError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what = "That") =>
  new SubsonicError(ERROR.NOT_FOUND, `${what} does not exist, or you cannot see it.`);

export type Params = {
  /** the first value of a parameter */
  get(name: string): string | undefined;
  /** every value of a repeated parameter */
  all(name: string): string[];
  /** a required parameter (error 10 when absent) */
  need(name: string): string;
  /** an integer parameter within bounds (error 10 when not a number) */
  int(name: string, fallback: number, min: number, max: number): number;
};

export function paramsOf(values: Map<string, string[]>): Params {
  const get = (name: string) => values.get(name)?.[0];
  return {
    get,
    all: (name) => values.get(name) ?? [],
    need(name) {
      const value = get(name);
      if (value === undefined || value === "")
        throw new SubsonicError(ERROR.MISSING, `Required parameter is missing: ${name}`);
      return value;
    },
    int(name, fallback, min, max) {
      const raw = get(name);
      if (raw === undefined || raw === "") return fallback;
      if (!/^-?\d{1,12}$/.test(raw))
        throw new SubsonicError(ERROR.MISSING, `Parameter ${name} must be a whole number.`);
      return Math.min(max, Math.max(min, Number(raw)));
    },
  };
}

/** The query's and (POST, form-encoded) the body's parameters; NUL bytes are refused. */
export async function readParams(req: Request): Promise<Map<string, string[]>> {
  const values = new Map<string, string[]>();
  const add = (search: URLSearchParams) => {
    for (const [name, value] of search) {
      if (name.includes("\u0000") || value.includes("\u0000"))
        throw new SubsonicError(ERROR.GENERIC, "A parameter contains a NUL character.");
      const list = values.get(name) ?? [];
      if (list.length >= 500) throw new SubsonicError(ERROR.GENERIC, `Too many ${name} values.`);
      list.push(value);
      values.set(name, list);
    }
  };
  add(new URL(req.url).searchParams);
  if (req.method === "POST") {
    const type = req.headers.get("content-type") ?? "";
    if (/^application\/x-www-form-urlencoded\b/i.test(type))
      add(new URLSearchParams(await readBodyText(req, FORM_MAX_BYTES)));
  }
  return values;
}

export type Format = "json" | "xml";
export const formatOf = (params: Params): Format => (params.get("f") === "json" ? "json" : "xml");

type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value };

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"'\u0000-\u0008\u000b\u000c\u000e-\u001f]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] ?? "",
  );

/** Subsonic's XML: scalars as attributes, objects and arrays as child elements; `value` as text. */
function xmlElement(name: string, body: { [key: string]: Value }): string {
  let attributes = "";
  let children = "";
  let text = "";
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value)
        children +=
          typeof item === "object" && item !== null && !Array.isArray(item)
            ? xmlElement(key, item)
            : `<${key}>${escapeXml(String(item))}</${key}>`;
    } else if (typeof value === "object") children += xmlElement(key, value);
    else if (key === "value") text = escapeXml(String(value));
    else attributes += ` ${key}="${escapeXml(String(value))}"`;
  }
  return children || text
    ? `<${name}${attributes}>${text}${children}</${name}>`
    : `<${name}${attributes}/>`;
}

export type Body = { [key: string]: Value };

export function respond(format: Format, body: Body, status: "ok" | "failed" = "ok"): Response {
  const envelope: Body = {
    status,
    version: API_VERSION,
    type: SERVER_TYPE,
    serverVersion: SERVER_VERSION,
    openSubsonic: true,
    ...body,
  };
  const headers = { "cache-control": "no-store", "x-content-type-options": "nosniff" };
  if (format === "json")
    return Response.json({ "subsonic-response": envelope }, { status: 200, headers });
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>' +
    xmlElement("subsonic-response", {
      xmlns: "http://subsonic.org/restapi",
      ...envelope,
    });
  return new Response(xml, {
    status: 200,
    headers: { ...headers, "content-type": "application/xml; charset=utf-8" },
  });
}

export const respondError = (format: Format, error: SubsonicError) =>
  respond(format, { error: { code: error.code, message: error.message } }, "failed");
