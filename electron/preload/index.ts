import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { EVENT_NAMES, METHOD_NAMES } from '../../shared/api/names';
import type { RawBridge } from '../../shared/api/transport';

// Sandboxed preload: exposes exactly the contract's methods and events, nothing else. No raw
// ipcRenderer and no Node APIs reach the page.

const methods = new Set<string>(METHOD_NAMES);
const eventNames = new Set<string>(EVENT_NAMES);

const bridge = {
  invoke(method: string, request: unknown): Promise<unknown> {
    if (!methods.has(method)) return Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: `Unknown request "${method}".` } });
    return ipcRenderer.invoke(`ctb:${method}`, request);
  },
  subscribe(event: string, listener: (payload: unknown) => void): () => void {
    if (!eventNames.has(event)) return () => {};
    const handler = (_e: unknown, message: { event: string; payload: unknown }) => {
      if (message?.event === event) listener(message.payload);
    };
    ipcRenderer.on('ctb:event', handler);
    return () => ipcRenderer.removeListener('ctb:event', handler);
  },
  /** Electron 32+ hides File.path; this is how a dropped file's path is found. */
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
} satisfies RawBridge & { pathForFile(file: File): string };

contextBridge.exposeInMainWorld('ctb', bridge);
