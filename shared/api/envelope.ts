import type { AppErrorData } from '../errors';

/** Every response that crosses a process boundary is one of these: never a thrown error. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

export function ok<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

export function fail(error: AppErrorData): Envelope<never> {
  return { ok: false, error };
}
