// The sunoapi-org music operations that make new takes of a finished clip (README "Music"):
// a cover (`upload-cover` of the clip's audio, put on the file host first), a replaced section
// (`replace-section`, by the clip's own ids), added vocals and an added instrumental (by
// `uploadUrl`), and a clip on a retired model brought forward (a cover or an extension on the
// current model). Their results are ordinary music tasks: the same record-info and callbacks.
import type { WireRequest } from "@/lib/suno/adapters/types";
import { UpstreamError } from "@/lib/suno/errors";
import type { TakeRequest } from "@/lib/suno/types";

const need = (value: string | undefined, what: string): string => {
  if (value) return value;
  throw new UpstreamError("INVALID_REQUEST", {
    upstreamMessage: `the music service needs ${what}, and it is unknown`,
    notProcessed: true,
  });
};

function cover(
  request: { uploadUrl?: string; instrumental: boolean; lyrics: string; tags: string },
  fields: { title: string; model: string; callBackUrl: string },
): WireRequest {
  return {
    method: "POST",
    path: "/api/v1/generate/upload-cover",
    body: {
      uploadUrl: need(request.uploadUrl, "the song's audio on its file host"),
      customMode: true,
      instrumental: request.instrumental,
      model: fields.model,
      ...(request.instrumental ? {} : { prompt: request.lyrics }),
      style: request.tags,
      title: fields.title,
      callBackUrl: fields.callBackUrl,
    },
  };
}

export function takeSubmitRequest(
  request: TakeRequest,
  callBackUrl: string,
  model: () => string,
): WireRequest {
  switch (request.operation) {
    case "CLIP_COVER":
      return cover(request, { title: request.title, model: model(), callBackUrl });
    case "REPLACE_SECTION":
      return {
        method: "POST",
        path: "/api/v1/generate/replace-section",
        body: {
          taskId: need(request.taskId, "the task that made this clip"),
          audioId: request.clipId,
          prompt: request.lyrics,
          tags: request.tags,
          title: request.title,
          infillStartS: request.startS,
          infillEndS: request.endS,
          ...(request.negativeTags ? { negativeTags: request.negativeTags } : {}),
          callBackUrl,
        },
      };
    case "ADD_VOCALS":
      return {
        method: "POST",
        path: "/api/v1/generate/add-vocals",
        body: {
          uploadUrl: need(request.uploadUrl, "the song's audio on its file host"),
          prompt: request.lyrics,
          title: request.title,
          style: request.tags,
          negativeTags: request.negativeTags ?? "",
          ...(request.vocalGender ? { vocalGender: request.vocalGender } : {}),
          model: model(),
          callBackUrl,
        },
      };
    case "ADD_INSTRUMENTAL":
      return {
        method: "POST",
        path: "/api/v1/generate/add-instrumental",
        body: {
          uploadUrl: need(request.uploadUrl, "the song's audio on its file host"),
          title: request.title,
          tags: request.tags,
          negativeTags: request.negativeTags ?? "",
          model: model(),
          callBackUrl,
        },
      };
    case "BRING_FORWARD":
      if (request.via === "cover")
        return cover(request, { title: request.title, model: model(), callBackUrl });
      // the source's own words and style are kept (defaultParamFlag false), on the new model
      return {
        method: "POST",
        path: "/api/v1/generate/extend",
        body: {
          audioId: need(request.clipId, "the clip to extend"),
          defaultParamFlag: false,
          model: model(),
          ...(request.continueAt ? { continueAt: request.continueAt } : {}),
          callBackUrl,
        },
      };
  }
}
