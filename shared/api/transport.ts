import type { Envelope } from './envelope';
import type { EventName, EventPayload, MethodName, RequestOf, ResponseOf } from './contract';

/**
 * What the renderer sees of the backend, whatever carries it (Electron IPC via preload, or
 * the loopback WebSocket in browser mode). Preload's `window.ctb` satisfies this.
 */
export interface Transport {
  invoke<M extends MethodName>(method: M, request: RequestOf<M>): Promise<Envelope<ResponseOf<M>>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The untyped shape preload actually exposes; `Transport` is the typed view of it. */
export interface RawBridge {
  invoke(method: string, request: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}
