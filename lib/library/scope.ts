// Who may see a clip, as a `where` clause: the owner of a personal clip, the members of its
// team, and the members of any team it was shared into.
import type { Prisma } from "@/lib/generated/prisma/client";

export function clipVisibleTo(viewerId: string): Prisma.ClipWhereInput {
  return {
    OR: [
      { ownerId: viewerId, teamId: null },
      { team: { memberships: { some: { userId: viewerId } } } },
      { teamShares: { some: { team: { memberships: { some: { userId: viewerId } } } } } },
    ],
  };
}
