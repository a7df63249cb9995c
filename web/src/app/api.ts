// The one way the werkplek talks to the server: same-origin fetch with the session cookie.
// Errors arrive as RFC 9457 problem details with a Dutch `detail`; we surface that text as is.

export type InvalidParam = { name: string; code: string; reason: string };
export type Problem = {
  status: number;
  code: string;
  title: string;
  detail: string;
  invalidParams?: InvalidParam[];
};

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
  }
  get status() {
    return this.problem.status;
  }
}

export async function api<T>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(`/api/v1${url}`, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  const data = isJson ? await res.json() : null;
  if (!res.ok) {
    throw new ApiError({
      status: res.status,
      code: data?.code ?? 'error',
      title: data?.title ?? res.statusText,
      detail: data?.detail ?? res.statusText,
      invalidParams: data?.invalidParams,
    });
  }
  return data as T;
}

export const get = <T>(url: string) => api<T>('GET', url);
export const post = <T>(url: string, body?: unknown, headers?: Record<string, string>) =>
  api<T>('POST', url, body ?? {}, headers);
