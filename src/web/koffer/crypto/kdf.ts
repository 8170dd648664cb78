/**
 * Key derivation for the kit vault: Argon2id (hash-wasm) in a Web Worker. Parameters at least
 * OWASP's recommendation (m = 19 MiB, t = 2, p = 1); they are stored with each wrapped key so
 * they can be raised later without locking anyone out.
 */
export interface KdfParams {
  algorithm: 'argon2id';
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

export const KDF_PARAMS: KdfParams = {
  algorithm: 'argon2id',
  memoryKiB: 19 * 1024,
  iterations: 2,
  parallelism: 1,
};

let worker: Worker | undefined;
let nextId = 1;
const waiting = new Map<number, { resolve(bytes: Uint8Array): void; reject(error: Error): void }>();

function getWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('./argon2.worker.ts', import.meta.url), {
      type: 'module',
      name: 'bk-argon2',
    });
    worker.onmessage = (event: MessageEvent<{ id: number; hash?: Uint8Array; error?: string }>) => {
      const entry = waiting.get(event.data.id);
      if (!entry) return;
      waiting.delete(event.data.id);
      if (event.data.hash) entry.resolve(event.data.hash);
      else entry.reject(new Error(event.data.error ?? 'argon2 failed'));
    };
    worker.onerror = (event) => {
      for (const entry of waiting.values()) entry.reject(new Error(event.message || 'argon2 worker failed'));
      waiting.clear();
      worker = undefined;
    };
  }
  return worker;
}

/** 32 bytes derived from the secret and salt. */
export function deriveBytes(
  secret: string,
  salt: Uint8Array,
  params: KdfParams = KDF_PARAMS,
): Promise<Uint8Array> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    getWorker().postMessage({
      id,
      password: secret,
      salt,
      memoryKiB: params.memoryKiB,
      iterations: params.iterations,
      parallelism: params.parallelism,
    });
  });
}
