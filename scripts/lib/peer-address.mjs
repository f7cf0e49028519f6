// Preloaded into the Next.js server (`node --import`, see scripts/lib/node-options.ts): writes
// the TCP peer's address into a request header that only this code sets, overwriting any
// value a client sent, so the app can tell who connected without trusting X-Forwarded-For.
// lib/auth/request-ip.ts reads it only when this marker says the preload is in place.
import http from "node:http";

export const PEER_HEADER = "x-chorus-peer-address";
globalThis[Symbol.for("chorus.peer-address")] = PEER_HEADER;

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, request, ...rest) {
  if (event === "request" && request?.headers) {
    request.headers[PEER_HEADER] = request.socket?.remoteAddress ?? "";
  }
  return emit.call(this, event, request, ...rest);
};
