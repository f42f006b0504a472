import {
  isRequestName,
  parseRequestParams,
  type RequestName,
  type RequestOutcome,
  type WatchfloorRequests,
} from '../../shared/api';

/** Runs one request from a transport: the name must be in the contract and the parameters must validate. */
export async function dispatchRequest(
  target: WatchfloorRequests,
  name: unknown,
  params: unknown,
): Promise<RequestOutcome<unknown>> {
  try {
    if (!isRequestName(name)) throw new Error(`unknown request ${JSON.stringify(name)}`);
    const parsed = parseRequestParams(name, params);
    const call = target[name] as (p: typeof parsed) => Promise<unknown>;
    const value = await call.call(target, parsed);
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: { message: (err as Error).message, code: (err as { code?: string }).code } };
  }
}

export type { RequestName };
