/// <reference lib="webworker" />
import { argon2id } from 'hash-wasm';

/**
 * Argon2id in a Worker, so deriving the clerk's key (≈ 19 MiB of memory, a few hundred ms)
 * never freezes the page. Input and output are bytes; nothing is kept between requests.
 */
export interface Argon2Request {
  id: number;
  password: string;
  salt: Uint8Array;
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = async (event: MessageEvent<Argon2Request>) => {
  const { id, password, salt, memoryKiB, iterations, parallelism } = event.data;
  try {
    const hash = await argon2id({
      password,
      salt,
      parallelism,
      iterations,
      memorySize: memoryKiB,
      hashLength: 32,
      outputType: 'binary',
    });
    scope.postMessage({ id, hash }, [hash.buffer]);
  } catch (error) {
    scope.postMessage({ id, error: String(error) });
  }
};
