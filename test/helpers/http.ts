/** A response body of the contract's shape, for tests that use fetch against a real process. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ApiBody = { data?: any; meta?: any; error?: any };

export async function json(res: Response): Promise<ApiBody> {
  return (await res.json()) as ApiBody;
}

/**
 * A superagent serializer that sends a Buffer body as its bytes: the default would serialise it as
 * JSON (`{"type":"Buffer","data":[…]}`). Typed as superagent types serializers (to a string).
 */
export const bytesAsIs = ((body: Buffer) => body) as unknown as (body: unknown) => string;
