// The one place a request becomes a handler call: every failure comes back as an envelope
// with a code from the closed set, never as a thrown error.
import { describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../../shared/api/contract';
import { dispatch } from '../../shared/api/dispatch';
import { AppError } from '../../shared/errors';

/** Handlers for the methods a test needs; calling any other is a test bug. */
function handlers(partial: Partial<Record<keyof Handlers, (r: any) => unknown>>): Handlers {
  return new Proxy(partial, {
    get: (target, name: string) => target[name as keyof Handlers] ?? (() => { throw new Error(`unexpected call to ${name}`); }),
  }) as unknown as Handlers;
}

const info = { version: '1.0.0', transport: 'loopback', canPickFiles: false, user: 'officer' };

describe('dispatch', () => {
  it('calls the handler with the parsed request and wraps its answer', async () => {
    const findings = vi.fn(() => ({ total: 0, items: [] }));
    const env = await dispatch(handlers({ 'findings/list': findings }), 'findings/list', { severity: 'error' });
    expect(env).toEqual({ ok: true, value: { total: 0, items: [] } });
    // Defaults from the schema reach the handler.
    expect(findings).toHaveBeenCalledWith({ severity: 'error', offset: 0, limit: 200 });
  });

  it('treats a missing request as an empty one', async () => {
    expect(await dispatch(handlers({ 'app/info': () => info }), 'app/info', undefined)).toEqual({ ok: true, value: info });
  });

  it.each(['no/such', 'toString', '__proto__', 'constructor', ''])('unknown method %j is NOT_FOUND', async (method) => {
    const env = await dispatch(handlers({}), method, {});
    expect(env).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it.each([
    ['workspace/open', {}],
    ['workspace/open', { path: '' }],
    ['workspace/open', { path: 42 }],
    ['app/info', { extra: true }],
    ['import/inspect', { file: 'tok', source: 'council_tax' }],
    ['staging/rows', { source: 'accounts', limit: 100000 }],
    ['findings/list', { offset: -1 }],
    ['workspace/open', 'a string'],
  ])('%s with %j is BAD_REQUEST and never reaches the handler', async (method, request) => {
    const handler = vi.fn();
    const env = await dispatch(handlers({ [method]: handler }), method, request);
    expect(env).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining(method) } });
    expect(handler).not.toHaveBeenCalled();
  });

  it.each(['NO_WORKSPACE', 'WORKSPACE_BUSY', 'FILE_UNREADABLE', 'NOT_FOUND', 'UNSUPPORTED'] as const)('a handler throwing AppError %s returns that code and message', async (code) => {
    const env = await dispatch(
      handlers({
        'workspace/current': () => {
          throw new AppError(code, `officer-readable ${code}`);
        },
      }),
      'workspace/current',
      {},
    );
    expect(env).toEqual({ ok: false, error: { code, message: `officer-readable ${code}` } });
  });

  it('an async handler rejecting with an AppError is the same', async () => {
    const env = await dispatch(handlers({ 'workspace/current': () => Promise.reject(new AppError('WORKSPACE_INVALID', 'newer')) }), 'workspace/current', {});
    expect(env).toEqual({ ok: false, error: { code: 'WORKSPACE_INVALID', message: 'newer' } });
  });

  it('a response that breaks its schema is INTERNAL, logged, and not sent', async () => {
    const log = { error: vi.fn() };
    const env = await dispatch(handlers({ 'app/info': () => ({ ...info, transport: 'carrier pigeon', secret: 'x' }) }), 'app/info', {}, log);
    expect(env).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(env)).not.toContain('carrier pigeon');
    expect(log.error).toHaveBeenCalledWith(expect.stringContaining('app/info'), expect.anything());
  });

  it('an unexpected error is INTERNAL, with its detail logged but not returned', async () => {
    const log = { error: vi.fn() };
    const env = await dispatch(
      handlers({
        'workspace/current': () => {
          throw new Error('SQLITE_CORRUPT at /home/officer/secret.ctbw');
        },
      }),
      'workspace/current',
      {},
      log,
    );
    expect(env).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(env)).not.toContain('secret.ctbw');
    expect(log.error).toHaveBeenCalledTimes(1);
  });

  it('strips fields a response schema does not know', async () => {
    const env = await dispatch(handlers({ 'jobs/cancel': () => ({ cancelled: true, internal: 'x' }) }), 'jobs/cancel', { jobId: 'j' });
    expect(env).toEqual({ ok: true, value: { cancelled: true } });
  });
});
