// Is this error "the database cannot be reached right now" (down, restarting, refusing
// connections, the pool exhausted), as opposed to a bug or a rule being broken? Walks what
// Prisma, its pg driver adapter, node-postgres and Node's sockets throw.

/** Prisma: can't reach, timed out, server closed the connection, pool timeout. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** the driver adapter's error kinds for the same */
const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "TlsConnectionError",
]);
/** Node's socket errors */
const SYSTEM_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);
/** SQLSTATE: connection exceptions (08…), shutdown and start-up (57P01-57P03), too many
 *  connections (53300) */
const SQLSTATE = /^(08\d{3}|57P0[123]|53300)$/;
const MESSAGES =
  /Connection terminated|connection timeout|Can't reach database server|Timed out fetching a new connection/i;

/** Thrown by Chorus's own code when the database could not answer a question it needed. */
export class DatabaseUnavailableError extends Error {
  constructor(message = "the database is not reachable") {
    super(message);
    this.name = "DatabaseUnavailableError";
  }
}

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (!error || typeof error !== "object" || depth > 6) return false;
  const e = error as {
    code?: unknown;
    kind?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } };
    errors?: unknown;
    name?: unknown;
  };
  if (e.name === "PrismaClientInitializationError") return true;
  if (typeof e.code === "string") {
    if (PRISMA_CODES.has(e.code) || SYSTEM_CODES.has(e.code) || SQLSTATE.test(e.code)) return true;
  }
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  const adapterCause = e.meta?.driverAdapterError?.cause;
  if (typeof adapterCause?.kind === "string" && ADAPTER_KINDS.has(adapterCause.kind)) return true;
  if (typeof adapterCause?.originalCode === "string" && SQLSTATE.test(adapterCause.originalCode))
    return true;
  if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
  // AggregateError (a refused dual-stack connect) and wrapped causes
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1)))
    return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

export const DATABASE_UNAVAILABLE_MESSAGE =
  "The database is not reachable right now. Nothing was changed; please try again shortly.";
