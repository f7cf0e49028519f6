// Server log lines in one shape. Never pass secrets here: messages go to stdout as-is.
import "server-only";

type Fields = Record<string, unknown>;

function write(level: "info" | "warn" | "error", message: string, fields?: Fields) {
  const line =
    fields && Object.keys(fields).length
      ? `${message} ${JSON.stringify(fields, errorReplacer)}`
      : message;
  const out = `[chorus] ${level}: ${line}`;
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
