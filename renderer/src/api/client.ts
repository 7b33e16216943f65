import { z } from 'zod';
import {
  contract,
  events,
  fileRef,
  type EventName,
  type EventPayload,
  type FileRef,
  type MethodName,
  type RequestOf,
  type ResponseOf,
} from '../../../shared/api/contract';
import { LOOPBACK_API_PATH, LOOPBACK_UPLOAD_PATH, serverMessage, type ClientMessage } from '../../../shared/api/loopbackProtocol';
import type { RawBridge } from '../../../shared/api/transport';
import { ERROR_CODES, type ErrorCode } from '../../../shared/errors';

// The renderer's one door to the backend. In Electron, preload exposes a RawBridge on
// `window.ctb` (IPC). In a browser, the loopback host serves this page and a WebSocket
// carries the same messages. Either way every answer arrives as an envelope, is checked
// against the contract and unwrapped here, so screens only ever see typed values or an
// ApiError with a message fit to show an officer.

/** Our own code for "the page can no longer reach the app" (not a backend code). */
export type ClientErrorCode = ErrorCode | 'CONNECTION_LOST';

export class ApiError extends Error {
  readonly code: ClientErrorCode;
  constructor(code: ClientErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

/** A message for an officer from anything a call might throw. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return 'Something went wrong. Try again, and if it keeps happening tell the app’s support contact.';
}

// ---------------------------------------------------------------------------------------
// Connection state (for the "connection lost" banner)

export type ConnectionState =
  | { status: 'ipc' }
  | { status: 'connecting' }
  | { status: 'open' }
  | { status: 'lost'; message: string };

let connectionState: ConnectionState = { status: 'connecting' };
const connectionListeners = new Set<() => void>();

function setConnectionState(next: ConnectionState): void {
  connectionState = next;
  for (const l of connectionListeners) l();
}

export const connection = {
  get(): ConnectionState {
    return connectionState;
  },
  subscribe(listener: () => void): () => void {
    connectionListeners.add(listener);
    return () => connectionListeners.delete(listener);
  },
};

// ---------------------------------------------------------------------------------------
// Envelopes and events

const envelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);

function toErrorCode(code: string): ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'INTERNAL';
}

function unwrap<M extends MethodName>(method: M, raw: unknown): ResponseOf<M> {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    console.warn(`[api] ${method}: answer was not an envelope`, raw);
    throw new ApiError('INTERNAL', 'The app gave an answer this screen could not read.');
  }
  if (!envelope.data.ok) {
    throw new ApiError(toErrorCode(envelope.data.error.code), envelope.data.error.message);
  }
  const checked = contract[method].response.safeParse(envelope.data.value);
  if (!checked.success) {
    console.warn(`[api] ${method}: answer broke the contract`, checked.error.issues);
    throw new ApiError('INTERNAL', 'The app gave an answer this screen could not read.');
  }
  return checked.data as ResponseOf<M>;
}

type AnyListener = (payload: unknown) => void;

/** Checks an inbound event against the contract; invalid ones are dropped with a warning. */
function checkEvent(event: string, payload: unknown): { ok: true; value: unknown } | { ok: false } {
  if (!Object.prototype.hasOwnProperty.call(events, event)) {
    console.warn(`[api] dropped unknown event "${event}"`);
    return { ok: false };
  }
  const parsed = events[event as EventName].safeParse(payload);
  if (!parsed.success) {
    console.warn(`[api] dropped invalid "${event}" event`, parsed.error.issues);
    return { ok: false };
  }
  return { ok: true, value: parsed.data };
}

interface Carrier {
  invokeRaw(method: MethodName, request: unknown): Promise<unknown>;
  subscribeRaw(event: EventName, listener: AnyListener): () => void;
  upload?(file: File): Promise<FileRef>;
}

// ---------------------------------------------------------------------------------------
// Electron: the preload bridge

function bridgeCarrier(bridge: RawBridge): Carrier {
  setConnectionState({ status: 'ipc' });
  return {
    invokeRaw: (method, request) => bridge.invoke(method, request),
    subscribeRaw: (event, listener) =>
      bridge.subscribe(event, (payload) => {
        const checked = checkEvent(event, payload);
        if (checked.ok) listener(checked.value);
      }),
  };
}

// ---------------------------------------------------------------------------------------
// Browser: the loopback WebSocket

const TOKEN_KEY = 'ctb.loopbackToken';

/** The access token from `?token=`, kept in sessionStorage so a reload still works. */
export function loopbackToken(): string | null {
  const params = new URLSearchParams(window.location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    try {
      window.sessionStorage.setItem(TOKEN_KEY, fromUrl);
      // Keep the key out of the address bar and history now that the tab remembers it.
      params.delete('token');
      const rest = params.toString();
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${rest ? `?${rest}` : ''}${window.location.hash}`);
    } catch {
      // storage may be disabled; then the URL keeps it
    }
    return fromUrl;
  }
  try {
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

const LOST_MESSAGE =
  'The connection to Council Tax Billing Plan B has been lost. Anything already imported is saved in the workspace. ' +
  'Check the app is still running, then open the link it printed again.';

function socketCarrier(): Carrier {
  const token = loopbackToken();
  const listeners = new Map<string, Set<AnyListener>>();
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const queue: ClientMessage[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;

  const lose = (message: string) => {
    if (connectionState.status === 'lost') return;
    setConnectionState({ status: 'lost', message });
    for (const p of pending.values()) p.reject(new ApiError('CONNECTION_LOST', message));
    pending.clear();
    queue.length = 0;
  };

  if (!token) {
    lose(
      'This page was opened without its access key, so it cannot reach the app. ' +
        'Open the full link that Council Tax Billing Plan B printed when it started.',
    );
  } else {
    setConnectionState({ status: 'connecting' });
    const protocol = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const url = `${protocol}://${window.location.host}${LOOPBACK_API_PATH}?token=${encodeURIComponent(token)}`;
    try {
      socket = new WebSocket(url);
    } catch {
      lose(LOST_MESSAGE);
    }
    if (socket) {
      const ws = socket;
      ws.addEventListener('open', () => {
        setConnectionState({ status: 'open' });
        for (const msg of queue.splice(0)) ws.send(JSON.stringify(msg));
      });
      ws.addEventListener('close', () => lose(LOST_MESSAGE));
      ws.addEventListener('error', () => {
        // a 'close' always follows; nothing more to do here
      });
      ws.addEventListener('message', (ev: MessageEvent) => {
        let data: unknown;
        try {
          data = JSON.parse(typeof ev.data === 'string' ? ev.data : '');
        } catch {
          console.warn('[api] dropped a message that was not JSON');
          return;
        }
        const msg = serverMessage.safeParse(data);
        if (!msg.success) {
          console.warn('[api] dropped a malformed message', msg.error.issues);
          return;
        }
        if (msg.data.kind === 'result') {
          const p = pending.get(msg.data.id);
          if (!p) return;
          pending.delete(msg.data.id);
          p.resolve(msg.data.envelope);
        } else {
          const checked = checkEvent(msg.data.event, msg.data.payload);
          if (!checked.ok) return;
          for (const l of listeners.get(msg.data.event) ?? []) l(checked.value);
        }
      });
    }
  }

  return {
    invokeRaw(method, request) {
      if (connectionState.status === 'lost') {
        return Promise.reject(new ApiError('CONNECTION_LOST', connectionState.message));
      }
      const id = nextId++;
      const message: ClientMessage = { kind: 'invoke', id, method, request };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
        else queue.push(message);
      });
    },
    subscribeRaw(event, listener) {
      const set = listeners.get(event) ?? new Set<AnyListener>();
      listeners.set(event, set);
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    async upload(file) {
      if (!token) throw new ApiError('FORBIDDEN', 'This page was opened without its access key.');
      let response: Response;
      try {
        response = await fetch(
          `${LOOPBACK_UPLOAD_PATH}?token=${encodeURIComponent(token)}&name=${encodeURIComponent(file.name)}`,
          { method: 'POST', body: file },
        );
      } catch {
        throw new ApiError('CONNECTION_LOST', 'The file could not be sent to the app. Check the app is still running.');
      }
      let body: unknown = null;
      try {
        body = await response.json();
      } catch {
        body = null;
      }
      if (!response.ok) {
        const err = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).safeParse(body);
        if (err.success) throw new ApiError(toErrorCode(err.data.error.code), err.data.error.message);
        throw new ApiError('INTERNAL', `The app could not accept the file (HTTP ${response.status}).`);
      }
      const ref = fileRef.safeParse(body);
      if (!ref.success) throw new ApiError('INTERNAL', 'The app gave an answer this screen could not read.');
      return ref.data;
    },
  };
}

// ---------------------------------------------------------------------------------------

const carrier: Carrier = window.ctb ? bridgeCarrier(window.ctb) : socketCarrier();

export const api = {
  /** Calls a backend method; resolves with its checked value or throws an ApiError. */
  async call<M extends MethodName>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>> {
    let raw: unknown;
    try {
      raw = await carrier.invokeRaw(method, request);
    } catch (e) {
      if (e instanceof ApiError) throw e;
      console.warn(`[api] ${method} failed to reach the app`, e);
      throw new ApiError('INTERNAL', 'The request could not reach the app. Try again.');
    }
    return unwrap(method, raw);
  },

  /** Listens to a backend event (payloads already checked). Returns the unsubscribe. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return carrier.subscribeRaw(event, listener as AnyListener);
  },

  /** True when running in a browser through the loopback host (files are uploaded). */
  isBrowserMode: !window.ctb,
};

/**
 * Loopback transport: the same-origin URL of a path served by the app (a report download),
 * with the page's access key added. Null in the desktop app or when the key is missing.
 */
export function authenticatedUrl(pathname: string): string | null {
  if (!api.isBrowserMode) return null;
  const token = loopbackToken();
  if (!token) return null;
  return `${pathname}${pathname.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
}

/** Starts a browser download of an app-served path with a temporary `<a download>`. */
export function downloadFromApp(pathname: string): boolean {
  const url = authenticatedUrl(pathname);
  if (!url) return false;
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  return true;
}

/** Browser mode: send the file's bytes to the loopback host and get its token back. */
export function uploadFile(file: File): Promise<FileRef> {
  if (!carrier.upload) {
    return Promise.reject(new ApiError('UNSUPPORTED', 'Uploading is only used when the app runs in a browser.'));
  }
  return carrier.upload(file);
}

/**
 * Electron mode: register a file dropped on the window. Electron 32+ has no `File.path`,
 * so preload's `pathForFile` (webUtils.getPathForFile) supplies it.
 */
export async function registerDroppedFile(file: File): Promise<FileRef> {
  if (api.isBrowserMode) return uploadFile(file);
  const path = window.ctb?.pathForFile?.(file);
  if (!path) {
    throw new ApiError('UNSUPPORTED', 'This file could not be taken from the drop. Use “Choose the file” instead.');
  }
  return api.call('files/registerPath', { path });
}
