-- The third provider family: sunoapi.org (and its twins at kie.ai and api.box).
ALTER TYPE "SunoDialect" ADD VALUE IF NOT EXISTS 'SUNOAPI_ORG';
