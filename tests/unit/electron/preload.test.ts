import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES, METHOD_NAMES } from '../../../shared/api/contract';

const fake = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn(async (channel: string, request: unknown) => ({ ok: true, value: { channel, request } })),
  listeners: new Map<string, ((e: unknown, m: unknown) => void)[]>(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api) },
  ipcRenderer: {
    invoke: fake.invoke,
    on: (channel: string, l: (e: unknown, m: unknown) => void) => fake.listeners.set(channel, [...(fake.listeners.get(channel) ?? []), l]),
    removeListener: (channel: string, l: (e: unknown, m: unknown) => void) => fake.listeners.set(channel, (fake.listeners.get(channel) ?? []).filter((x) => x !== l)),
  },
  webUtils: { getPathForFile: () => '/dropped/file.csv' },
}));

type Bridge = {
  invoke(method: string, request: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  pathForFile(file: unknown): string;
};

describe('preload bridge', () => {
  let bridge: Bridge;
  beforeAll(async () => {
    await import('../../../electron/preload/index');
    bridge = fake.exposed.get('ctb') as Bridge;
  });

  it('exposes only invoke, subscribe and pathForFile', () => {
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'pathForFile', 'subscribe']);
  });

  it('forwards contract methods to their IPC channel and refuses others without touching IPC', async () => {
    for (const m of METHOD_NAMES) await bridge.invoke(m, { a: 1 });
    expect(fake.invoke).toHaveBeenCalledTimes(METHOD_NAMES.length);
    expect(fake.invoke).toHaveBeenCalledWith('ctb:app/info', { a: 1 });
    fake.invoke.mockClear();
    expect(await bridge.invoke('fs/readFile', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(fake.invoke).not.toHaveBeenCalled();
  });

  it('delivers only the subscribed event and unsubscribes', () => {
    const got: unknown[] = [];
    const off = bridge.subscribe(EVENT_NAMES[0], (p) => got.push(p));
    const emit = (m: unknown) => (fake.listeners.get('ctb:event') ?? []).forEach((l) => l({}, m));
    emit({ event: EVENT_NAMES[0], payload: 1 });
    emit({ event: 'other', payload: 2 });
    off();
    emit({ event: EVENT_NAMES[0], payload: 3 });
    expect(got).toEqual([1]);
    expect(bridge.subscribe('not/an-event', () => {})).toBeTypeOf('function');
    expect(fake.listeners.get('ctb:event')).toHaveLength(0);
  });

  it('finds the path of a dropped file through webUtils', () => {
    expect(bridge.pathForFile({})).toBe('/dropped/file.csv');
  });
});
