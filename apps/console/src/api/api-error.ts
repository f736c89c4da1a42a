/** One problem the API named in a 400: where (`data.awareAt`, `occurredAt`, `headers.x-purpose`) and what. */
export interface Problem {
  path: string;
  message: string;
}

/** An answer of the API that was not a success, in its one error format. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }

  /** The problems with one input: its own path and anything under it (`data.nature` covers `data.nature.0`). */
  problemsAt(path: string): string[] {
    return this.problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`)).map((p) => p.message);
  }
}

/** Reads an error body, whatever shape it has, into an ApiError. */
export function toApiError(status: number, body: unknown): ApiError {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const message = typeof record.message === 'string' ? record.message : `HTTP ${status}`;
  const problems = Array.isArray(record.details)
    ? record.details.filter(
        (d): d is Problem => typeof d === 'object' && d !== null && typeof (d as Problem).path === 'string' && typeof (d as Problem).message === 'string',
      )
    : [];
  return new ApiError(status, message, problems);
}
