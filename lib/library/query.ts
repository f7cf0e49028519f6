// The library's URL state as the server reads it: every filter optional, anything unreadable
// dropped. Server code only (zod stays out of the browser's bundle); the browser's view of the
// same state is in shared.ts.
import { z } from "zod";

import { SORTS } from "@/lib/library/shared";

export const libraryQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => v || undefined),
  model: z
    .string()
    .max(40)
    .optional()
    .transform((v) => v || undefined),
  kind: z.enum(["instrumental", "vocal"]).optional().catch(undefined),
  liked: z.enum(["1"]).optional().catch(undefined),
  sort: z.enum(SORTS).optional().catch(undefined),
  /** duration range, in seconds */
  min: z
    .string()
    .regex(/^\d{1,5}$/)
    .optional()
    .catch(undefined),
  max: z
    .string()
    .regex(/^\d{1,5}$/)
    .optional()
    .catch(undefined),
  /** creation date range, YYYY-MM-DD, both inclusive */
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
  /** the team library (a slug) instead of the personal one */
  team: z
    .string()
    .max(40)
    .optional()
    .transform((v) => v || undefined),
  /** a creator's user id, in a team library */
  creator: z
    .string()
    .max(40)
    .optional()
    .transform((v) => v || undefined),
  cursor: z.string().max(300).optional(),
});
export type LibraryQuery = Partial<z.infer<typeof libraryQuerySchema>>;
