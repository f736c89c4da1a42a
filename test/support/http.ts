/** A small JSON client over fetch, for tests that talk to a real server. */
export interface JsonResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function request<T = any>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  const response = await fetch(base + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text so the assertion shows it
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

export const client = (base: string, headers: Record<string, string> = {}) => ({
  get: <T = any>(path: string, h: Record<string, string> = {}) => request<T>(base, 'GET', path, undefined, { ...headers, ...h }),
  post: <T = any>(path: string, body?: unknown, h: Record<string, string> = {}) => request<T>(base, 'POST', path, body, { ...headers, ...h }),
  delete: <T = any>(path: string, h: Record<string, string> = {}) => request<T>(base, 'DELETE', path, undefined, { ...headers, ...h }),
});
