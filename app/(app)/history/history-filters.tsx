"use client";

// History filters live in the URL: shareable, and Back works.
import type { Route } from "next";
import { useRouter } from "next/navigation";

import { Select } from "@/components/ui/select";
import { HISTORY_STATUS_LABEL, OPERATION_LABEL } from "@/lib/tasks/shared";

const STATUSES = [
  { value: "", label: "Any status" },
  ...Object.entries(HISTORY_STATUS_LABEL).map(([value, label]) => ({ value, label })),
];
const OPERATIONS = [
  { value: "", label: "Any kind" },
  ...Object.entries(OPERATION_LABEL).map(([value, label]) => ({ value, label })),
];

export function HistoryFilters({ status, operation }: { status?: string; operation?: string }) {
  const router = useRouter();
  const go = (next: { status?: string; operation?: string }) => {
    const params = new URLSearchParams(
      Object.entries({ status, operation, ...next }).filter((e): e is [string, string] =>
        Boolean(e[1]),
      ),
    );
    router.push((params.size ? `/history?${params}` : "/history") as Route);
  };
  return (
    <div className="grid grid-cols-2 gap-3 sm:flex sm:flex-wrap">
      <div className="sm:w-44">
        <Select
          aria-label="Status"
          value={status ?? ""}
          onChange={(e) => go({ status: e.target.value })}
          options={STATUSES}
        />
      </div>
      <div className="sm:w-56">
        <Select
          aria-label="Kind of request"
          value={operation ?? ""}
          onChange={(e) => go({ operation: e.target.value })}
          options={OPERATIONS}
        />
      </div>
    </div>
  );
}
