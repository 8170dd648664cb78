import { EventEmitter } from 'node:events';
import type { DisplayCall } from './service';

/**
 * Calls made in this process, pushed to the call displays (server-sent events) at once. Displays
 * also poll the database every few seconds, so calls made by another server process show up too.
 */
export class DisplayBus {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  publish(locationId: string, call: DisplayCall): void {
    this.emitter.emit(locationId, call);
  }
  subscribe(locationId: string, listener: (call: DisplayCall) => void): () => void {
    this.emitter.on(locationId, listener);
    return () => this.emitter.off(locationId, listener);
  }
}
