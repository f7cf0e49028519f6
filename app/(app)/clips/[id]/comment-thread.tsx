"use client";

// The song's comments: a thread, oldest first, each at a moment of the song (its time seeks the
// player, like its marker on the waveform) or about the whole song; @mentions of the team's
// members; authors edit and delete their own, a team's admins delete anyone's. The page
// re-renders with the server's thread after each change (the actions revalidate it).
import { useActionState, useId, useRef, useState } from "react";

import { ActionForm } from "@/components/action-form";
import { formatDate } from "@/components/format";
import { usePlayer } from "@/components/player/player-context";
import { Alert } from "@/components/ui/alert";
import { Button, SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { addCommentAction, deleteCommentAction, editCommentAction } from "@/lib/actions/comments";
import type { ActionState } from "@/lib/actions/safe-action";
import { COMMENT_MAX, formatMoment, splitMentions } from "@/lib/comments/shared";

import { SEEK_EVENT } from "./clip-actions";

export type ThreadComment = {
  id: string;
  body: string;
  atSeconds: number | null;
  author: { id: string; name: string };
  mentions: string[];
  createdAt: Date;
  editedAt: Date | null;
  canEdit: boolean;
  canDelete: boolean;
};
type Person = { id: string; name: string | null };

const seek = (clipId: string, at: number) =>
  window.dispatchEvent(new CustomEvent(SEEK_EVENT, { detail: { clipId, at } }));

export function CommentThread({
  clipId,
  comments,
  mentionable,
  canComment,
}: {
  clipId: string;
  comments: ThreadComment[];
  mentionable: Person[];
  canComment: boolean;
}) {
  return (
    <section aria-labelledby="comments" className="flex flex-col gap-4">
      <h2 id="comments" className="text-lg font-semibold">
        Comments{comments.length > 0 && ` (${comments.length})`}
      </h2>
      {comments.length === 0 ? (
        <p className="text-sm text-fg-muted">
          No comments yet.
          {canComment && " Say what you hear: start with a time, like “0:42 the bridge drags”."}
        </p>
      ) : (
        <ol className="flex flex-col gap-3" data-testid="comment-thread">
          {comments.map((comment) => (
            <CommentItem
              key={`${comment.id}-${comment.editedAt?.toISOString() ?? ""}`}
              clipId={clipId}
              comment={comment}
              mentionable={mentionable}
            />
          ))}
        </ol>
      )}
      {canComment && <CommentForm clipId={clipId} mentionable={mentionable} />}
    </section>
  );
}

function Body({ text, mentions }: { text: string; mentions: string[] }) {
  return (
    <p className="text-sm whitespace-pre-wrap">
      {splitMentions(text, mentions).map((piece, index) =>
        piece.mention ? (
          <strong key={index} className="font-medium text-link">
            {piece.text}
          </strong>
        ) : (
          piece.text
        ),
      )}
    </p>
  );
}

function CommentItem({
  clipId,
  comment,
  mentionable,
}: {
  clipId: string;
  comment: ThreadComment;
  mentionable: Person[];
}) {
  const [editing, setEditing] = useState(false);
  return (
    <li id={`comment-${comment.id}`} className="rounded-xl border border-line bg-surface p-3">
      <div className="mb-1 flex flex-wrap items-baseline gap-x-2 text-sm">
        {comment.atSeconds !== null && (
          <button
            type="button"
            onClick={() => seek(clipId, comment.atSeconds!)}
            aria-label={`Play from ${formatMoment(comment.atSeconds)}`}
            className="rounded font-medium text-link tabular-nums underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-accent"
          >
            {formatMoment(comment.atSeconds)}
          </button>
        )}
        <span className="font-medium">{comment.author.name}</span>
        <span className="text-xs text-fg-muted">
          {formatDate(comment.createdAt)}
          {comment.editedAt && " · edited"}
        </span>
      </div>
      {editing ? (
        <CommentForm
          clipId={clipId}
          mentionable={mentionable}
          editing={comment}
          onDone={() => setEditing(false)}
        />
      ) : (
        <Body text={comment.body} mentions={comment.mentions} />
      )}
      {!editing && (comment.canEdit || comment.canDelete) && (
        <div className="mt-2 flex gap-2">
          {comment.canEdit && (
            <Button variant="ghost" size="sm" onClick={() => setEditing(true)}>
              Edit
            </Button>
          )}
          {comment.canDelete && (
            <ActionForm
              action={deleteCommentAction}
              fields={{ commentId: comment.id }}
              label="Delete"
              pendingLabel="Deleting…"
              variant="ghost"
              confirm="Delete this comment? This cannot be undone."
            />
          )}
        </div>
      )}
    </li>
  );
}

function CommentForm({
  clipId,
  mentionable,
  editing,
  onDone,
}: {
  clipId: string;
  mentionable: Person[];
  editing?: ThreadComment;
  onDone?: () => void;
}) {
  const [body, setBody] = useState(editing?.body ?? "");
  const [at, setAt] = useState(editing?.atSeconds != null ? formatMoment(editing.atSeconds) : "");
  const [picked, setPicked] = useState<string[]>([]);
  const [state, submit] = useActionState<ActionState, FormData>(async (previous, form) => {
    const result = await (editing ? editCommentAction : addCommentAction)(previous, form);
    if (result.ok) {
      setBody("");
      setAt("");
      setPicked([]);
      onDone?.();
    }
    return result;
  }, {});
  const text = useRef<HTMLTextAreaElement>(null);
  const player = usePlayer();
  const hintId = useId();
  const isCurrent = player.current?.id === clipId;

  const mention = (person: Person) => {
    const name = person.name ?? "";
    setPicked((ids) => (ids.includes(person.id) ? ids : [...ids, person.id]));
    if (name && !body.toLowerCase().includes(`@${name.toLowerCase()}`))
      setBody((current) => `${current}${current && !/\s$/.test(current) ? " " : ""}@${name} `);
    text.current?.focus();
  };

  return (
    <form
      action={submit}
      className="flex flex-col gap-3"
      aria-label={editing ? "Edit comment" : "Add a comment"}
    >
      {editing ? (
        <input type="hidden" name="commentId" value={editing.id} />
      ) : (
        <input type="hidden" name="clipId" value={clipId} />
      )}
      <input type="hidden" name="mentions" value={picked.join(",")} />
      <Field
        label={editing ? "Comment" : "Add a comment"}
        error={state.fieldErrors?.body}
        hint={`Start with a time (0:42) to mark that moment; @Name mentions a team member.`}
      >
        {(c) => (
          <Textarea
            {...c}
            ref={text}
            name="body"
            rows={3}
            maxLength={COMMENT_MAX}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            placeholder="0:42 the bridge drags"
          />
        )}
      </Field>
      <div className="flex flex-wrap items-end gap-2">
        <div className="w-28">
          <Field label="At (m:ss)" error={state.fieldErrors?.at}>
            {(c) => (
              <Input
                {...c}
                name="at"
                inputMode="numeric"
                value={at}
                onChange={(e) => setAt(e.target.value)}
                placeholder="whole song"
              />
            )}
          </Field>
        </div>
        <Button
          variant="secondary"
          size="sm"
          disabled={!isCurrent}
          aria-describedby={isCurrent ? undefined : hintId}
          onClick={() => setAt(formatMoment(player.audio.current?.currentTime ?? 0))}
        >
          Use the playing time
        </Button>
        <SubmitButton size="sm" pendingLabel="Posting…">
          {editing ? "Save" : "Post comment"}
        </SubmitButton>
        {editing && (
          <Button variant="ghost" size="sm" onClick={onDone}>
            Cancel
          </Button>
        )}
      </div>
      {!isCurrent && (
        <p id={hintId} className="sr-only">
          Play this song to use its time.
        </p>
      )}
      {mentionable.length > 0 && (
        <div className="flex flex-wrap items-center gap-1.5 text-sm">
          <span className="text-fg-muted">Mention:</span>
          {mentionable.map((person) => (
            <button
              key={person.id}
              type="button"
              aria-pressed={picked.includes(person.id)}
              onClick={() => mention(person)}
              className="rounded-full border border-line px-2.5 py-1 hover:bg-muted focus-visible:outline-2 focus-visible:outline-accent aria-pressed:border-accent aria-pressed:text-link"
            >
              @{person.name ?? "Someone"}
            </button>
          ))}
        </div>
      )}
      {state.error && !state.fieldErrors?.body && !state.fieldErrors?.at && (
        <Alert>{state.error}</Alert>
      )}
    </form>
  );
}
