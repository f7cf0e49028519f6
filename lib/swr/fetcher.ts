// The shared SWR fetcher: JSON, and a thrown error (with the server's message) on non-2xx.
export class FetchError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function fetcher<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok)
    throw new FetchError(
      body?.error?.message ?? `Request failed (${response.status})`,
      response.status,
    );
  return body as T;
}
