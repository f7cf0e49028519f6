// The /rest route's work: read the parameters (query, or a form body for formPost), sign the
// client in with an app password (lib/subsonic/app-passwords.ts), run the method, and answer
// in the asked format. lib/ errors map onto Subsonic's codes: not found 70, forbidden 50,
// bad input 0 (with the reason); anything unexpected is logged and answered as a generic 0.
import "server-only";

import { toAppError } from "@/lib/api/errors";
import { requestAddress } from "@/lib/api/v1/handler";
import { log } from "@/lib/log";
import { authenticateSubsonic } from "@/lib/subsonic/app-passwords";
import { METHODS, PUBLIC_METHODS } from "@/lib/subsonic/methods";
import {
  ERROR,
  formatOf,
  paramsOf,
  readParams,
  respond,
  respondError,
  SubsonicError,
  type Format,
} from "@/lib/subsonic/protocol";

const METHOD_NAME = /^([A-Za-z0-9]{1,40})(\.view)?$/;

function subsonicErrorOf(error: unknown): SubsonicError {
  if (error instanceof SubsonicError) return error;
  const known = toAppError(error);
  if (known?.code === "NOT_FOUND") return new SubsonicError(ERROR.NOT_FOUND, known.message);
  if (known?.code === "FORBIDDEN") return new SubsonicError(ERROR.NOT_AUTHORIZED, known.message);
  if (known && known.status < 500) return new SubsonicError(ERROR.GENERIC, known.message);
  if (!known) log.error("subsonic method failed", { error });
  return new SubsonicError(ERROR.GENERIC, "Something went wrong on our side.");
}

export async function handleSubsonic(req: Request, rawMethod: string): Promise<Response> {
  // known before the parameters are read, so a refusal to read them is in the asked format
  let format: Format = new URL(req.url).searchParams.get("f") === "json" ? "json" : "xml";
  try {
    const params = paramsOf(await readParams(req));
    format = formatOf(params);
    const name = METHOD_NAME.exec(rawMethod)?.[1];
    const method = name && Object.hasOwn(METHODS, name) ? METHODS[name] : undefined;
    if (!name || !method) {
      const answer = respondError(
        format,
        new SubsonicError(ERROR.NOT_FOUND, `Chorus does not offer the method ${rawMethod}.`),
      );
      return new Response(answer.body, { status: 404, headers: answer.headers });
    }
    const user = PUBLIC_METHODS.has(name)
      ? { id: "", name: null, email: null }
      : (
          await authenticateSubsonic({
            u: params.get("u"),
            t: params.get("t"),
            s: params.get("s"),
            p: params.get("p"),
            apiKey: params.get("apiKey"),
            client: params.get("c"),
            address: requestAddress(req),
          })
        ).user;
    const result = await method({ user, params, req });
    return result instanceof Response ? result : respond(format, result);
  } catch (error) {
    return respondError(format, subsonicErrorOf(error));
  }
}
