import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES } from '../../../shared/api/contract';

// A test double of the `electron` module: the one place a double is right, because the
// adapter's whole job is wiring Electron's objects to the plain-Node services.
const fake = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, request: unknown) => Promise<unknown>>();
  const appEvents = new Map<string, () => void>();
  const windows: FakeWindow[] = [];
  interface FakeWindow {
    options: Record<string, unknown>;
    loadedUrl?: string;
    windowOpenHandler?: (d: { url: string }) => { action: string };
    events: Map<string, (...a: unknown[]) => void>;
    sent: { channel: string; payload: unknown }[];
    webContents: unknown;
  }
  let whenReadyResolve: () => void = () => {};
  const ready = new Promise<void>((r) => (whenReadyResolve = r));
  return {
    handlers,
    appEvents,
    windows,
    ready,
    whenReadyResolve: () => whenReadyResolve(),
    userData: '',
    openDialogResult: { canceled: false, filePaths: [] as string[] },
    saveDialogResult: { canceled: false, filePath: '' },
    showOpenDialog: vi.fn(),
    showSaveDialog: vi.fn(),
    openExternal: vi.fn(),
  };
});

vi.mock('electron', () => {
  class BrowserWindow {
    options: Record<string, unknown>;
    loadedUrl?: string;
    windowOpenHandler?: (d: { url: string }) => { action: string };
    events = new Map<string, (...a: unknown[]) => void>();
    sent: { channel: string; payload: unknown }[] = [];
    webContents: unknown;
    constructor(options: Record<string, unknown>) {
      this.options = options;
      this.webContents = {
        setWindowOpenHandler: (h: (d: { url: string }) => { action: string }) => (this.windowOpenHandler = h),
        on: (name: string, cb: (...a: unknown[]) => void) => this.events.set(`wc:${name}`, cb),
        send: (channel: string, payload: unknown) => this.sent.push({ channel, payload }),
        isDestroyed: () => false,
      };
      fake.windows.push(this as never);
    }
    once(name: string, cb: () => void) {
      this.events.set(name, cb);
    }
    on(name: string, cb: () => void) {
      this.events.set(name, cb);
    }
    show() {}
    focus() {}
    loadURL(url: string) {
      this.loadedUrl = url;
      return Promise.resolve();
    }
  }
  return {
    app: {
      requestSingleInstanceLock: () => true,
      whenReady: () => fake.ready,
      getVersion: () => '9.9.9',
      getPath: () => fake.userData,
      getAppPath: () => '/nonexistent-app-path',
      on: (name: string, cb: () => void) => fake.appEvents.set(name, cb),
      quit: vi.fn(),
    },
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, listener: (event: unknown, request: unknown) => Promise<unknown>) => fake.handlers.set(channel, listener),
      removeHandler: (channel: string) => fake.handlers.delete(channel),
    },
    dialog: { showOpenDialog: fake.showOpenDialog, showSaveDialog: fake.showSaveDialog },
    shell: { openExternal: fake.openExternal },
  };
});

describe('Electron main adapter (with a double of the electron module)', () => {
  let tmp: string;
  let rendererUrl: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ctb-main-'));
    fake.userData = tmp;
    await import('../../../electron/main/index');
    fake.whenReadyResolve();
    await fake.ready;
    await new Promise((r) => setTimeout(r, 10));
    rendererUrl = fake.windows[0].loadedUrl!;
  });

  afterAll(() => {
    fake.appEvents.get('window-all-closed')?.();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const call = (method: string, request: unknown, url = rendererUrl, parent: unknown = null) =>
    fake.handlers.get(`ctb:${method}`)!({ senderFrame: { url, parent } }, request) as Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;

  it('opens one sandboxed, context-isolated window with the preload and the built renderer', () => {
    expect(fake.windows).toHaveLength(1);
    const prefs = fake.windows[0].options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(rendererUrl).toMatch(/^file:.*renderer\/index\.html$/);
  });

  it('registers an IPC handler for every contract method and nothing else', () => {
    expect([...fake.handlers.keys()].sort()).toEqual(METHOD_NAMES.map((m) => `ctb:${m}`).sort());
  });

  it('answers the app window and refuses other frames', async () => {
    const info = await call('app/info', {});
    expect(info).toMatchObject({ ok: true, value: { version: '9.9.9', transport: 'ipc', canPickFiles: true } });
    expect(await call('app/info', {}, 'https://evil.example/')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('app/info', {}, rendererUrl, { url: rendererUrl })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('workspace/create', { path: 42 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('wires native dialogs: a picked file comes back as a token, not a path', async () => {
    const file = path.join(tmp, 'accounts.csv');
    fs.writeFileSync(file, 'Mail Merge Reference\n312345678\n');
    fake.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [file] });
    const picked = await call('files/pick', {});
    expect(picked.ok).toBe(true);
    expect(picked.value).toMatchObject({ name: 'accounts.csv', size: fs.statSync(file).size });
    expect(JSON.stringify(picked.value)).not.toContain(tmp);
    fake.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await call('files/pick', {})).toMatchObject({ ok: true, value: null });
    fake.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: path.join(tmp, 'new') });
    expect(await call('workspace/pickLocation', { mode: 'create' })).toMatchObject({ ok: true, value: path.join(tmp, 'new.ctbw') });
  });

  it('forwards app events to the window', async () => {
    const ws = path.join(tmp, 'w.ctbw');
    const created = await call('workspace/create', { path: ws });
    expect(created.ok).toBe(true);
    const sent = fake.windows[0].sent.filter((s) => s.channel === 'ctb:event');
    expect(sent.some((s) => (s.payload as { event: string }).event === 'workspace/changed')).toBe(true);
  });

  it('keeps the window on our renderer: navigation elsewhere is blocked, new windows denied', () => {
    const win = fake.windows[0];
    const prevent = vi.fn();
    win.events.get('wc:will-navigate')!({ preventDefault: prevent }, 'https://example.org/');
    expect(prevent).toHaveBeenCalled();
    const allowed = vi.fn();
    win.events.get('wc:will-navigate')!({ preventDefault: allowed }, rendererUrl);
    expect(allowed).not.toHaveBeenCalled();
    expect(win.windowOpenHandler!({ url: 'https://www.gov.uk/' })).toEqual({ action: 'deny' });
    expect(fake.openExternal).toHaveBeenCalledWith('https://www.gov.uk/');
    expect(pathToFileURL(tmp).protocol).toBe('file:');
  });
});
