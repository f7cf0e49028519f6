// A backup destination's credentials at rest: sealed by lib/secret-box.ts under the backup
// purpose's own key, bound to the destination's id. Rotating AUTH_SECRET makes stored
// credentials unreadable: they are entered again.
import "server-only";

import { openSecret, sealSecret } from "@/lib/secret-box";

const PURPOSE = "chorus backup destination credentials";

export const encryptSecret = (plain: string, destinationId: string, secret?: string) =>
  sealSecret(plain, { purpose: PURPOSE, boundTo: destinationId, secret });

export const decryptSecret = (stored: string, destinationId: string, secret?: string) =>
  openSecret(stored, { purpose: PURPOSE, boundTo: destinationId, secret });
