// Reading request bodies defensively: each helper either returns a clean value or throws a
// 400 that names the field, which both dialects render in their own envelope.
import { badRequest } from "./http.ts";

export type Body = Record<string, unknown>;

export function asBody(value: unknown): Body {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest("request body must be a JSON object");
  }
  return value as Body;
}

/** A string field; missing or null reads as "". */
export function text(body: Body, key: string): string {
  const value = body[key];
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") throw badRequest(`${key} must be a string`);
  return value;
}

export function requiredText(body: Body, key: string): string {
  const value = text(body, key);
  if (!value.trim()) throw badRequest(`${key} is required`);
  return value;
}

export function optionalNumber(body: Body, key: string): number | null {
  const value = body[key];
  if (value === undefined || value === null || value === "") return null;
  const number = typeof value === "string" ? Number(value) : value;
  if (typeof number !== "number" || !Number.isFinite(number))
    throw badRequest(`${key} must be a number`);
  return number;
}

export function flag(body: Body, key: string): boolean {
  const value = body[key];
  if (value === undefined || value === null) return false;
  if (typeof value !== "boolean") throw badRequest(`${key} must be a boolean`);
  return value;
}

export function maxLength(value: string, max: number, label: string, why = ""): void {
  if ([...value].length > max) {
    throw badRequest(
      `${label} is too long: ${[...value].length} characters, at most ${max}${why ? ` ${why}` : ""}`,
    );
  }
}

export function httpUrl(value: string, key: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === "http:" || url.protocol === "https:") return value;
  } catch {
    // fall through to the error below
  }
  throw badRequest(`${key} must be an http(s) URL`);
}
