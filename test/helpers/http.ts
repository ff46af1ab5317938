/** A response body of the contract's shape, for tests that use fetch against a real process. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ApiBody = { data?: any; meta?: any; error?: any };

export async function json(res: Response): Promise<ApiBody> {
  return (await res.json()) as ApiBody;
}
