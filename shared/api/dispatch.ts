import { AppError, isAppError } from '../errors';
import { contract, type Handlers, type MethodName } from './contract';
import { fail, ok, type Envelope } from './envelope';

export interface DispatchLog {
  error(message: string, detail?: unknown): void;
}

/** Formats a zod issue list for an officer-unfriendly but developer-useful message. */
function describeIssues(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(request)'}: ${i.message}`)
    .join('; ');
}

/**
 * The single place a request becomes a handler call, shared by every transport: look the
 * method up, parse the request against its schema, run the handler, parse the response,
 * and wrap everything (including failures) in an envelope.
 */
export async function dispatch(handlers: Handlers, method: string, request: unknown, log?: DispatchLog): Promise<Envelope<unknown>> {
  if (!Object.prototype.hasOwnProperty.call(contract, method)) {
    return fail({ code: 'NOT_FOUND', message: `Unknown request "${method}".` });
  }
  const name = method as MethodName;
  const spec = contract[name];
  const parsed = spec.request.safeParse(request ?? {});
  if (!parsed.success) {
    return fail({ code: 'BAD_REQUEST', message: `The request "${name}" was malformed: ${describeIssues(parsed.error.issues)}` });
  }
  try {
    const handler = handlers[name] as (r: unknown) => unknown;
    const value = await handler(parsed.data);
    const checked = spec.response.safeParse(value);
    if (!checked.success) {
      log?.error(`response of ${name} broke its schema`, checked.error.issues);
      return fail({ code: 'INTERNAL', message: 'The app produced an unexpected answer. The details are in the log.' });
    }
    return ok(checked.data);
  } catch (e) {
    if (isAppError(e)) return fail({ code: e.code, message: e.message });
    log?.error(`handler ${name} failed`, e);
    return fail({ code: 'INTERNAL', message: 'Something went wrong inside the app. The details are in the log.' });
  }
}

export { AppError };
