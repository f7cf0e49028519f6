import { Repeat2, SquarePen } from "lucide-react";
import type { Metadata, Route } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { formatDate, formatDuration } from "@/components/format";
import { Lyrics } from "@/components/lyrics";
import { SyncedLyrics } from "@/components/synced-lyrics";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button-classes";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/authz/permissions";
import { listComments, listMentionable } from "@/lib/comments/comments";
import { getClipPage } from "@/lib/library/clips";
import { getClipStudio } from "@/lib/library/derivatives";
import { getClipFamily } from "@/lib/library/family";
import { idParams, parsePageInput, type RawParams } from "@/lib/page-input";
import { requestOrigin } from "@/lib/request-origin";
import { getActiveShareToken, shareDownloadsAllowed, shareUrlPath } from "@/lib/share/links";
import { modelLabel } from "@/lib/suno/catalogue";
import { LINEAGE_LABEL } from "@/lib/tasks/shared";
import { clipShares } from "@/lib/teams/shares";
import { listMyTeams } from "@/lib/teams/teams";
import { listVoices } from "@/lib/voices/voices";

import { ClipActions, ClipPlayer } from "./clip-actions";
import { ClipReactions } from "./clip-reactions";
import { CommentThread } from "./comment-thread";
import { FamilyTree } from "./family-tree";
import { OldAndNew } from "./old-and-new";
import { SharePanel } from "./share-panel";
import { StudioPanel } from "./studio-panel";

export const metadata: Metadata = { title: "Song" };

/** what the provider calls a clip's type (`metadata.type`), in words */
const MADE_AS: Record<string, string> = {
  gen: "A new song",
  extend: "An extension",
  concat: "The whole song",
  upload: "Your own audio",
  cover: "A cover of your audio",
};

/** whether Chorus holds its own copy of the audio (the provider's links expire) */
const KEPT: Record<NonNullable<Awaited<ReturnType<typeof getClipPage>>>["archiveStatus"], string> =
  {
    ARCHIVED: "Kept in your library",
    PENDING: "Being saved to your library",
    ARCHIVING: "Being saved to your library",
    FAILED: "Not saved yet: retrying",
  };

function clipLength(clip: { duration: number | null; status: string }) {
  if (clip.duration != null) return formatDuration(clip.duration);
  return clip.status === "COMPLETE" ? "Length unknown" : "Still being made";
}

type Props = { params: Promise<RawParams> };

export default async function ClipPage({ params }: Props) {
  const { id } = await parsePageInput(idParams, params);
  const user = await requireUser(`/clips/${id}`);
  const clip = await getClipPage({ actor: user, clipId: id });
  if (!clip) notFound();
  const [
    teams,
    shares,
    publicToken,
    studio,
    downloadsAllowed,
    voices,
    family,
    comments,
    mentionable,
  ] = await Promise.all([
    listMyTeams(user),
    clipShares(user, clip.id),
    clip.canManage ? getActiveShareToken(user, clip.id) : null,
    getClipStudio({ actor: user, clipId: clip.id }),
    clip.canManage ? shareDownloadsAllowed(user, clip.id) : null,
    // the voices of the song's workspace, to extend it with one
    clip.canContinue ? listVoices({ actor: user, teamId: clip.team?.id ?? null }) : [],
    getClipFamily({ actor: user, clipId: clip.id }),
    listComments({ actor: user, clipId: clip.id }),
    clip.trashedAt ? [] : listMentionable({ actor: user, clipId: clip.id }),
  ]);
  const personal = clip.isOwner && !clip.team;
  const roleIn = new Map(teams.map((t) => [t.id, t.role]));
  // a song brought forward and the one it came from, side by side (on either's page)
  const side = (c: {
    id: string;
    title: string;
    model: string | null;
    imageUrl: string | null;
  }) => ({
    id: c.id,
    title: c.title,
    model: modelLabel(c.model),
    hasCover: Boolean(c.imageUrl),
  });
  const forward = clip.children.filter(
    (c) => c.task?.operation === "BRING_FORWARD" && c.status === "COMPLETE",
  );
  const oldAndNew =
    clip.task?.operation === "BRING_FORWARD" && clip.parentClip
      ? { old: side(clip.parentClip), now: [side(clip)] }
      : forward.length > 0
        ? { old: side(clip), now: forward.map(side) }
        : null;
  const parts = Array.isArray(clip.concatHistory)
    ? (clip.concatHistory as { id?: string }[]).length
    : 0;

  return (
    <article className="grid gap-8 lg:grid-cols-[minmax(0,20rem)_minmax(0,1fr)]">
      <div className="flex flex-col gap-4">
        {clip.imageUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- served by /api/media, sized to avoid layout shift
          <img
            src={`/api/media/${clip.id}/image-large`}
            alt={`Cover of ${clip.title || "this song"}`}
            width={320}
            height={320}
            className="aspect-square w-full rounded-2xl object-cover shadow-lg"
          />
        ) : (
          <div aria-hidden="true" className="aspect-square w-full rounded-2xl bg-muted" />
        )}
        {clip.status === "COMPLETE" && (
          <ClipPlayer
            clipId={clip.id}
            title={clip.title}
            subtitle={clip.tags}
            hasCover={Boolean(clip.imageUrl)}
            duration={clip.duration}
            markers={comments
              .filter((c) => c.atSeconds !== null)
              .map((c) => ({
                id: c.id,
                at: c.atSeconds!,
                label: `${c.author.name}: ${c.body.slice(0, 80)}`,
              }))}
          />
        )}
        <nav aria-label="Downloads" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <a
            className="text-link underline-offset-4 hover:underline"
            href={`/api/media/${clip.id}/audio?download`}
          >
            Download audio
          </a>
          {clip.imageUrl && (
            <a
              className="text-link underline-offset-4 hover:underline"
              href={`/api/media/${clip.id}/image-large?download`}
            >
              Cover
            </a>
          )}
          {clip.videoUrl && (
            <a
              className="text-link underline-offset-4 hover:underline"
              href={`/api/media/${clip.id}/video?download`}
            >
              Video
            </a>
          )}
          {clip.lyrics && (
            <a
              className="text-link underline-offset-4 hover:underline"
              href={`/api/clips/${clip.id}/lyrics`}
            >
              Lyrics (.txt)
            </a>
          )}
        </nav>
      </div>

      <div className="flex flex-col gap-6">
        <header>
          <h1 className="text-3xl font-semibold tracking-tight">{clip.title || "Untitled"}</h1>
          <p className="mt-1 text-fg-muted">{clip.tags || "No style tags"}</p>
          {/* back to the Create form: this song's request, or this song as a starting point */}
          <div className="mt-3 flex flex-wrap gap-2">
            {clip.task && clip.task.operation !== "CONCAT" && (
              <Link
                href={`/create?reuse=${clip.task.id}` as Route}
                className={buttonClasses("secondary", "sm")}
              >
                <SquarePen className="size-4" aria-hidden="true" />
                Reuse prompt
              </Link>
            )}
            {clip.canContinue && clip.status === "COMPLETE" && !clip.trashedAt && (
              <Link
                href={`/create?remix=${clip.id}` as Route}
                className={buttonClasses("secondary", "sm")}
              >
                <Repeat2 className="size-4" aria-hidden="true" />
                Remix
              </Link>
            )}
          </div>
        </header>
        {clip.trashedAt && (
          <Alert tone="info">
            This song is in the trash and will be deleted for good 30 days after{" "}
            {formatDate(clip.trashedAt)}.
          </Alert>
        )}
        {clip.archiveStatus === "FAILED" && (
          <Alert>
            Chorus could not keep its own copy yet: {clip.archiveError}. It keeps trying; the owner
            can retry from the Create page.
          </Alert>
        )}

        {!clip.trashedAt && clip.status === "COMPLETE" && (
          <ClipReactions
            key={JSON.stringify(clip.reactions)}
            clipId={clip.id}
            reactions={clip.reactions}
          />
        )}

        <dl
          data-testid="clip-facts"
          className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3"
        >
          {[
            ["Length", clipLength(clip)],
            ["Model", modelLabel(clip.model)],
            ["Kind", clip.isInstrumental ? "Instrumental" : "With vocals"],
            ["Made as", MADE_AS[clip.clipType ?? "gen"] ?? "A new song"],
            ["Made by", clip.owner.name ?? "someone"],
            ["Workspace", clip.team?.name ?? "Personal"],
            ["Created", formatDate(clip.createdAt)],
            ["Your copy", KEPT[clip.archiveStatus]],
          ].map(([term, value]) => (
            <div key={term}>
              <dt className="text-fg-muted">{term}</dt>
              <dd className="font-medium">{value}</dd>
            </div>
          ))}
        </dl>

        {(clip.parentClip ||
          clip.children.length > 0 ||
          clip.wholeSongs.length > 0 ||
          parts > 0) && (
          <section aria-labelledby="lineage">
            <h2 id="lineage" className="mb-2 text-lg font-semibold">
              Lineage
            </h2>
            <ul className="flex flex-col gap-1 text-sm">
              {clip.parentClip && (
                <li>
                  {clip.clipType === "concat"
                    ? "Whole song ending with "
                    : `${(clip.task && LINEAGE_LABEL[clip.task.operation]?.parent) ?? "Extends"} `}
                  <Link
                    className="text-link underline-offset-4 hover:underline"
                    href={`/clips/${clip.parentClip.id}`}
                  >
                    {clip.parentClip.title || "Untitled"}
                  </Link>
                  {clip.continueAt !== null &&
                    clip.task?.operation === "EXTEND" &&
                    ` from ${formatDuration(clip.continueAt)}`}
                </li>
              )}
              {parts > 0 && <li>Made of {parts} parts</li>}
              {clip.children.map((child) => (
                <li key={child.id}>
                  {(child.task && LINEAGE_LABEL[child.task.operation]?.child) ?? "Extended by"}
                  {child.task?.operation && child.task.operation !== "EXTEND" ? ": " : " "}
                  <Link
                    className="text-link underline-offset-4 hover:underline"
                    href={`/clips/${child.id}`}
                  >
                    {child.title || "Untitled"}
                  </Link>
                  {child.continueAt !== null &&
                    child.task?.operation === "EXTEND" &&
                    ` at ${formatDuration(child.continueAt)}`}
                </li>
              ))}
              {clip.wholeSongs.map((whole) => (
                <li key={whole.id}>
                  Whole song:{" "}
                  <Link
                    className="text-link underline-offset-4 hover:underline"
                    href={`/clips/${whole.id}`}
                  >
                    {whole.title || "Untitled"}
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        )}

        {family && <FamilyTree roots={family} />}

        {oldAndNew && <OldAndNew {...oldAndNew} hereId={clip.id} />}

        {(clip.canManage || clip.canContinue) && (
          <ClipActions
            clip={{
              teamId: clip.team?.id ?? null,
              canManage: clip.canManage,
              canContinue: clip.canContinue,
              id: clip.id,
              title: clip.title,
              tags: clip.tags,
              trashed: Boolean(clip.trashedAt),
              complete: clip.status === "COMPLETE",
              duration: clip.duration,
              model: clip.model,
              isExtension: clip.hasParent,
              offers: studio
                ? { EXTEND: studio.takes.EXTEND, CONCAT: studio.takes.CONCAT }
                : undefined,
              voices: voices.map(({ id, name }) => ({ id, name })),
            }}
          />
        )}

        {studio && clip.status === "COMPLETE" && (
          <StudioPanel
            clipId={clip.id}
            title={clip.title}
            hasCover={Boolean(clip.imageUrl)}
            canMake={clip.canContinue && !clip.trashedAt}
            canManage={clip.canManage}
            studio={studio}
          />
        )}

        {(personal || shares.length > 0 || clip.canManage) && (
          <SharePanel
            clipId={clip.id}
            personal={personal && !clip.trashedAt}
            shareableTeams={teams
              .filter((t) => can(t.role, "clip.create"))
              .map((t) => ({ id: t.id, name: t.name }))}
            sharedInto={shares.map((s) => ({
              ...s.team,
              canUnshare: can(roleIn.get(s.team.id), "clip.manageAny"),
            }))}
            canUnshare={personal}
            canLink={clip.canManage && clip.status === "COMPLETE" && !clip.trashedAt}
            publicUrl={
              publicToken ? new URL(shareUrlPath(publicToken), await requestOrigin()).href : null
            }
            downloadsAllowed={downloadsAllowed === true}
          />
        )}

        <CommentThread
          clipId={clip.id}
          comments={comments}
          mentionable={mentionable.map(({ id, name }) => ({ id, name }))}
          canComment={!clip.trashedAt}
        />

        <section aria-labelledby="lyrics">
          <h2 id="lyrics" className="mb-2 text-lg font-semibold">
            Lyrics
          </h2>
          {studio?.syncedWords ? (
            <SyncedLyrics
              clipId={clip.id}
              words={studio.syncedWords}
              track={{ title: clip.title, subtitle: clip.tags, hasCover: Boolean(clip.imageUrl) }}
            />
          ) : (
            <Lyrics
              text={clip.lyrics}
              empty={
                clip.isInstrumental
                  ? "An instrumental: no lyrics."
                  : clip.description
                    ? `Made from the description: “${clip.description}”`
                    : "No lyrics."
              }
            />
          )}
        </section>
      </div>
    </article>
  );
}
