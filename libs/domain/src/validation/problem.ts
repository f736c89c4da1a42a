/** One thing wrong with an input, located by a JSON path such as `data.transfer.country`. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

export const problem = (path: string, message: string): Problem => ({ path, message });
