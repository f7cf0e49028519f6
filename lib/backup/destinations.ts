// A workspace's backup destination: who may set it (the person, for the personal library; a
// team's admins and owners, "backup.manage"), what a form may say (zod), and how a stored row
// becomes a target. Credentials go in encrypted and never come out to a page: the overview
// says only whether they are set.
import "server-only";

import { randomUUID } from "node:crypto";

import { z } from "zod";

import { requireTeam, type Actor } from "@/lib/authz";
import { allowedBackupHosts, assertPublicEndpoint } from "@/lib/backup/endpoint";
import { decryptSecret, encryptSecret } from "@/lib/backup/secrets";
import { BACKUP_SCHEDULES, nextRunAfter } from "@/lib/backup/shared";
import {
  localFolderPath,
  localFoldersRefusal,
  LocalFolderTarget,
  S3Target,
  type BackupTarget,
} from "@/lib/backup/targets";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { BackupDestination } from "@/lib/generated/prisma/client";
import { UnsafeUrlError } from "@/lib/media/safe-fetch";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);

const FOLDER = /^[\p{L}\p{N}][\p{L}\p{N} _.-]*(\/[\p{L}\p{N}][\p{L}\p{N} _.-]*)*$/u;
const PREFIX = /^[a-zA-Z0-9][a-zA-Z0-9/_.-]*$/;

export const destinationInputSchema = z
  .object({
    /** "" or absent: the personal library */
    teamId: z.string().max(64).optional(),
    kind: z.enum(["s3", "local"]),
    endpoint: optionalText(500).pipe(
      z.url({ protocol: /^https?$/, error: "Enter the store's http(s) URL." }).optional(),
    ),
    region: optionalText(64).pipe(
      z
        .string()
        .regex(/^[a-z0-9-]+$/, "Letters, digits and dashes, e.g. us-east-1.")
        .optional(),
    ),
    bucket: optionalText(63).pipe(
      z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "A bucket name: a-z, 0-9, dots, dashes.")
        .optional(),
    ),
    prefix: optionalText(200).pipe(
      z
        .string()
        .refine((v) => PREFIX.test(v) && !v.includes(".."), "Letters, digits and / _ . - only.")
        .optional(),
    ),
    forcePathStyle: z
      .enum(["on", "true", "false", ""])
      .optional()
      .transform((v) => v === "on" || v === "true"),
    accessKeyId: optionalText(200),
    secretAccessKey: optionalText(200),
    folder: optionalText(200).pipe(
      z
        .string()
        .refine(
          (v) => FOLDER.test(v) && !v.includes(".."),
          "Folder names: letters, digits, spaces, _ . -",
        )
        .optional(),
    ),
    schedule: z.enum(BACKUP_SCHEDULES),
    hourUtc: z.coerce.number().int().min(0).max(23).default(3),
    weekday: z.coerce.number().int().min(0).max(6).default(0),
    intervalHours: z.coerce.number().int().min(1).max(168).default(24),
  })
  .superRefine((value, ctx) => {
    if (value.kind === "s3" && !value.bucket)
      ctx.addIssue({ code: "custom", path: ["bucket"], message: "Enter the bucket's name." });
    if (value.kind === "local" && !value.folder)
      ctx.addIssue({ code: "custom", path: ["folder"], message: "Enter a folder name." });
    if (Boolean(value.accessKeyId) !== Boolean(value.secretAccessKey))
      ctx.addIssue({
        code: "custom",
        path: [value.accessKeyId ? "secretAccessKey" : "accessKeyId"],
        message: "Enter both keys (or neither, to keep the ones set).",
      });
  });
export type DestinationInput = z.output<typeof destinationInputSchema>;

export const workspaceInputSchema = z.object({ teamId: z.string().max(64).optional() });

export type Workspace = { teamId: string | null; ownerId: string | null; name: string };

/** The workspace a backup belongs to, checked: one's own personal library, or a team where
 *  the actor holds backup.manage (not in it: NOT_FOUND; in it without the right: FORBIDDEN). */
export async function requireBackupWorkspace(
  actor: Actor,
  teamId: string | null | undefined,
): Promise<Workspace> {
  if (!teamId) return { teamId: null, ownerId: actor.id, name: "personal" };
  const { team } = await requireTeam(actor, { id: teamId }, "backup.manage");
  return { teamId: team.id, ownerId: null, name: team.slug };
}

const workspaceWhere = (ws: Workspace) =>
  ws.teamId ? { teamId: ws.teamId } : { ownerId: ws.ownerId, teamId: null };

type Credentials = { accessKeyId: string; secretAccessKey: string };

export async function saveBackupDestination(options: { actor: Actor; input: DestinationInput }) {
  const { actor, input } = options;
  const ws = await requireBackupWorkspace(actor, input.teamId);
  const existing = await db.backupDestination.findFirst({
    where: workspaceWhere(ws),
    omit: { credentials: false },
  });
  const id = existing?.id ?? randomUUID();
  if (input.kind === "local") {
    const refusal = localFoldersRefusal();
    if (refusal) throw new AppError("BAD_REQUEST", refusal, { fieldErrors: { kind: [refusal] } });
    localFolderPath(input.folder!);
  }
  let credentials: string | null = null;
  if (input.kind === "s3") {
    if (input.endpoint) {
      try {
        await assertPublicEndpoint(input.endpoint);
      } catch (error) {
        if (!(error instanceof UnsafeUrlError)) throw error;
        throw new AppError("BAD_REQUEST", error.message, {
          fieldErrors: { endpoint: [error.message] },
        });
      }
    }
    if (input.accessKeyId && input.secretAccessKey) {
      const plain: Credentials = {
        accessKeyId: input.accessKeyId,
        secretAccessKey: input.secretAccessKey,
      };
      credentials = encryptSecret(JSON.stringify(plain), id);
    } else if (existing?.kind === "s3" && existing.credentials) {
      credentials = existing.credentials;
    } else {
      const message = "Enter the bucket's access key and secret.";
      throw new AppError("BAD_REQUEST", message, { fieldErrors: { accessKeyId: [message] } });
    }
  }
  const data = {
    kind: input.kind,
    endpoint: input.kind === "s3" ? (input.endpoint ?? null) : null,
    region: input.kind === "s3" ? (input.region ?? null) : null,
    bucket: input.kind === "s3" ? input.bucket! : null,
    prefix: input.kind === "s3" ? (input.prefix ?? null) : null,
    forcePathStyle: input.kind === "s3" && input.forcePathStyle,
    credentials,
    folder: input.kind === "local" ? input.folder! : null,
    schedule: input.schedule,
    hourUtc: input.hourUtc,
    weekday: input.weekday,
    intervalHours: input.intervalHours,
    enabled: true,
    nextRunAt: nextRunAfter(input, new Date()),
  };
  if (existing) await db.backupDestination.update({ where: { id }, data });
  else
    await db.backupDestination.create({
      data: { id, ...data, ownerId: ws.ownerId, teamId: ws.teamId, createdById: actor.id },
    });
  return { id };
}

export async function removeBackupDestination(options: { actor: Actor; teamId?: string }) {
  const ws = await requireBackupWorkspace(options.actor, options.teamId);
  const { count } = await db.backupDestination.deleteMany({ where: workspaceWhere(ws) });
  if (count === 0) throw new AppError("NOT_FOUND", "There is no backup destination to remove.");
}

export type BackupRunView = {
  id: string;
  trigger: string;
  status: string;
  phase: string;
  filesCopied: number;
  bytesCopied: number;
  filesVerified: number;
  verifyFailures: number;
  errorCount: number;
  errors: { path: string; message: string }[];
  startedAt: Date;
  finishedAt: Date | null;
};

/** What the settings page shows: the destination without its credentials, and the history. */
export async function getBackupOverview(options: { actor: Actor; teamId?: string }) {
  const ws = await requireBackupWorkspace(options.actor, options.teamId);
  const destination = await db.backupDestination.findFirst({ where: workspaceWhere(ws) });
  const hasCredentials = destination
    ? (await db.backupDestination.count({
        where: { id: destination.id, credentials: { not: null } },
      })) > 0
    : false;
  const runs = destination
    ? await db.backupRun.findMany({
        where: { destinationId: destination.id },
        orderBy: { startedAt: "desc" },
        take: 20,
      })
    : [];
  return {
    destination: destination ? { ...destination, hasCredentials } : null,
    localRefusal: localFoldersRefusal(),
    runs: runs.map((r): BackupRunView => ({
      id: r.id,
      trigger: r.trigger,
      status: r.status,
      phase: r.phase,
      filesCopied: r.filesCopied,
      bytesCopied: Number(r.bytesCopied),
      filesVerified: r.filesVerified,
      verifyFailures: r.verifyFailures,
      errorCount: r.errorCount,
      errors: (r.errors as { path: string; message: string }[]).slice(0, 5),
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
    })),
  };
}

/** The target a stored destination writes to (checking the endpoint again: DNS may change). */
export async function targetOf(destination: BackupDestination): Promise<BackupTarget> {
  if (destination.kind === "local")
    return new LocalFolderTarget(localFolderPath(destination.folder!));
  if (!destination.credentials) throw new Error("the bucket's credentials are not set");
  if (destination.endpoint) await assertPublicEndpoint(destination.endpoint, allowedBackupHosts());
  const credentials = JSON.parse(
    decryptSecret(destination.credentials, destination.id),
  ) as Credentials;
  return new S3Target({
    endpoint: destination.endpoint ?? undefined,
    region:
      destination.region ??
      (destination.endpoint?.includes("r2.cloudflarestorage.com") ? "auto" : "us-east-1"),
    bucket: destination.bucket!,
    prefix: destination.prefix ?? undefined,
    forcePathStyle: destination.forcePathStyle,
    ...credentials,
  });
}
