/**
 * A run as an `AsyncIterable` of events: the `onEvent` callback's events as they happen, then one
 * `result` event per result and a final `done` carrying the whole `RunResult`. A failed run makes
 * the iteration throw its `LmqlError` after the events that came before it.
 */
import type { RunEvent } from "../runtime/run-events.js";
import type { AnyVariables, QueryResult, RunResult } from "./result.js";

/** Every event a stream yields; `V` is the query's variables' type. */
export type QueryEvent<V = AnyVariables> =
  | RunEvent
  | { readonly type: "result"; readonly index: number; readonly result: QueryResult<V> }
  | { readonly type: "done"; readonly run: RunResult<V> };

type Item<V> = { readonly event: QueryEvent<V> } | { readonly error: unknown } | { readonly end: true };

/**
 * Starts the run when iteration starts (so an unread stream costs nothing). Leaving the loop early
 * aborts the run through the `stop` signal given to `start`; its outcome is dropped.
 */
export function streamOf<V>(start: Starter<V>): AsyncIterable<QueryEvent<V>> {
  return {
    [Symbol.asyncIterator]: () => iterate(start),
  };
}

type Starter<V> = (onEvent: (e: RunEvent) => void, stop: AbortSignal) => Promise<RunResult<V>>;

async function* iterate<V>(start: Starter<V>): AsyncGenerator<QueryEvent<V>, void, undefined> {
  const queue: Item<V>[] = [];
  const stop = new AbortController();
  let wake: (() => void) | undefined;
  const push = (item: Item<V>): void => {
    queue.push(item);
    wake?.();
    wake = undefined;
  };
  let settled = false;
  start((event) => push({ event }), stop.signal).then(
    (run) => {
      settled = true;
      run.results.forEach((result, index) => push({ event: { type: "result", index, result } }));
      push({ event: { type: "done", run } });
      push({ end: true });
    },
    (error: unknown) => {
      settled = true;
      push({ error });
    },
  );
  try {
    for (;;) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const item = queue.shift()!;
      if ("end" in item) return;
      if ("error" in item) throw item.error;
      yield item.event;
    }
  } finally {
    if (!settled) stop.abort();
  }
}
