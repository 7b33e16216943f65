import type { EventName, EventPayload } from '../../../shared/api/contract';

type Listener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Fans app events out to every transport that is listening (IPC windows, WebSocket clients). */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) l(event, payload);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
