// Server log lines in one shape. Never pass secrets here: messages go to stdout as they are,
// except that anything shaped like an API token or a webhook secret is blanked out (a token
// pasted into a field that ends up in an error must not reach the log).
import "server-only";

type Fields = Record<string, unknown>;

const SECRET_SHAPES = /\b(chorus_pat_|whsec_)[A-Za-z0-9_+/=-]+/g;

/** The line with every token-shaped secret replaced by its prefix and "[redacted]". */
export const redactSecrets = (line: string) => line.replace(SECRET_SHAPES, "$1[redacted]");

function write(level: "info" | "warn" | "error", message: string, fields?: Fields) {
  const line =
    fields && Object.keys(fields).length
      ? `${message} ${JSON.stringify(fields, errorReplacer)}`
      : message;
  const out = `[chorus] ${level}: ${redactSecrets(line)}`;
  if (level === "error") console.error(out);
  else if (level === "warn") console.warn(out);
  else console.log(out);
}

function errorReplacer(_key: string, value: unknown) {
  return value instanceof Error
    ? { name: value.name, message: value.message, stack: value.stack }
    : value;
}

export const log = {
  info: (message: string, fields?: Fields) => write("info", message, fields),
  warn: (message: string, fields?: Fields) => write("warn", message, fields),
  error: (message: string, fields?: Fields) => write("error", message, fields),
};
