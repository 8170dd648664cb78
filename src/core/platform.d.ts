/**
 * The few Web-standard globals that src/core may use. Both Node (>= 20) and every browser we
 * support provide them; declaring them here keeps src/core compiled without DOM or Node types,
 * so it cannot reach for anything else by accident.
 */
declare const crypto: {
  getRandomValues<T extends Uint8Array | Uint16Array | Uint32Array>(array: T): T;
  randomUUID(): string;
};

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string);
  decode(input?: Uint8Array): string;
}

/** Available in Node and browsers alike; the sync client takes a sleep function, this is its default. */
declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function structuredClone<T>(value: T): T;
