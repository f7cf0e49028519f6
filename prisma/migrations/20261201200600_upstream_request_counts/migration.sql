-- Requests to a provider per key fingerprint and minute, counted by every server instance, for
-- the status page's "requests in the last hour" (issue 15); rows older than two hours are
-- deleted as requests are counted.
CREATE TABLE "upstream_request_counts" (
    "fingerprint" TEXT NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "upstream_request_counts_pkey" PRIMARY KEY ("fingerprint","minute")
);
