/**
 * Heap measurement around a build step. Node only exposes `gc` under --expose-gc, which
 * `npm run bench` does not pass, so the flag is set at run time and `gc` fetched from a fresh context.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let cachedGc: (() => void) | undefined;

function collector(): () => void {
  if (cachedGc === undefined) {
    setFlagsFromString("--expose-gc");
    const found: unknown = runInNewContext("gc");
    if (typeof found !== "function") throw new Error("could not obtain gc() for heap measurements");
    cachedGc = found as () => void;
  }
  return cachedGc;
}

export interface MemorySample {
  /** JS heap in use (bytes). */
  readonly heap: number;
  /** Bytes held by ArrayBuffers (typed arrays live outside the JS heap). */
  readonly arrayBuffers: number;
}

/** Memory in use after a full collection. */
export function memoryAfterGc(): MemorySample {
  const gc = collector();
  gc();
  gc();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, arrayBuffers: usage.arrayBuffers };
}

export function megabytes(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}
