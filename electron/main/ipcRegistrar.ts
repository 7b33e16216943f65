import { dispatch, type DispatchLog } from '../../shared/api/dispatch';
import { fail, type Envelope } from '../../shared/api/envelope';
import { METHOD_NAMES, type Handlers } from '../../shared/api/contract';
import type { EventBus } from '../core/api/eventBus';

/** IPC channel names: one per contract method, one for events. */
export const IPC_PREFIX = 'ctb:';
export const IPC_EVENT_CHANNEL = 'ctb:event';

/** The slice of Electron's `ipcMain` we use, so tests can pass a double. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: { url: string; parent: unknown } | null }, request: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface WebContentsLike {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

/**
 * Registers one IPC handler per contract method. Each checks that the request comes from the
 * top frame of our own renderer, then goes through the shared dispatcher (schema parse,
 * handler, response check, envelope). Returns a function that removes them all.
 */
export function registerIpcHandlers(ipcMain: IpcMainLike, handlers: Handlers, isTrustedUrl: (url: string) => boolean, log: DispatchLog): () => void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(`${IPC_PREFIX}${method}`, async (event, request): Promise<Envelope<unknown>> => {
      const frame = event.senderFrame;
      if (!frame || frame.parent || !isTrustedUrl(frame.url)) {
        log.error(`refused ${method} from an untrusted frame`, { url: frame?.url });
        return fail({ code: 'FORBIDDEN', message: 'This request did not come from the app window.' });
      }
      return dispatch(handlers, method, request, log);
    });
  }
  return () => METHOD_NAMES.forEach((m) => ipcMain.removeHandler(`${IPC_PREFIX}${m}`));
}

/** Forwards every app event to the window(s) returned by `targets`. */
export function forwardEvents(bus: EventBus, targets: () => WebContentsLike[]): () => void {
  return bus.subscribe((event, payload) => {
    for (const wc of targets()) if (!wc.isDestroyed()) wc.send(IPC_EVENT_CHANNEL, { event, payload });
  });
}
