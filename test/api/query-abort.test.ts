import { describe, expect, it } from "vitest";
import { lmql, loadModel, QueryAbortedError, run } from "../../src/index.js";

const MODEL = "local:micro-lm";
const SOURCE = `"First: [A]\\n" where STOPS_AT(A, "\\n") and len(TOKENS(A)) < 6\n"Second: [B]\\n" where len(TOKENS(B)) < 6`;

async function rejection(p: Promise<unknown>): Promise<QueryAbortedError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof QueryAbortedError) return e;
    throw e;
  }
  throw new Error("expected the run to be aborted");
}

describe("cancellation with an AbortSignal", () => {
  it("between holes: rejects with the prompt and variables decided so far", async () => {
    const full = await run(SOURCE, { model: MODEL });
    const controller = new AbortController();
    const e = await rejection(run(SOURCE, { model: MODEL, signal: controller.signal, onEvent: (ev) => ev.type === "hole-end" && ev.variable === "A" && controller.abort() }));
    const A = full.results[0]!.variables.A;
    expect(e.variables).toEqual({ A });
    // The template text before B was appended; B's decoding never ran.
    expect(e.prompt).toBe(`First: ${String(A)}\nSecond: `);
  });

  it("inside a hole: stops at the next token, before the hole ends", async () => {
    const controller = new AbortController();
    const ends: string[] = [];
    let generated = 0;
    const e = await rejection(
      lmql(SOURCE).run({
        model: MODEL,
        signal: controller.signal,
        onEvent: (ev) => {
          if (ev.type === "hole-end") ends.push(ev.variable);
          if (ev.type === "text" && ev.generated) {
            generated++;
            controller.abort(new Error("enough"));
          }
        },
      }),
    );
    expect(ends).toEqual([]);
    expect(generated).toBe(1);
    expect(e.variables).toEqual({});
    expect(e.prompt.startsWith("First: ")).toBe(true);
    expect(e.cause).toEqual(new Error("enough"));
  });

  it("an aborted signal rejects at once; a run sharing the model is untouched", async () => {
    const model = await loadModel(MODEL);
    const alone = await run(SOURCE, { model });
    const controller = new AbortController();
    const other = run(SOURCE, { model });
    const cancelled = run(SOURCE, { model, signal: controller.signal, onEvent: (ev) => ev.type === "text" && ev.generated && controller.abort() });
    expect((await rejection(cancelled)).name).toBe("AbortError");
    expect((await other).results).toEqual(alone.results);
    await expect(run(SOURCE, { model, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(QueryAbortedError);
  });
});

describe("a signal that never aborts", () => {
  it("changes nothing, for branching decoders too (forked and batched sessions)", async () => {
    for (const decoder of ["argmax", "beam(n=2)", "sample(n=3, seed=4)"]) {
      const source = `${decoder}\n${SOURCE}`;
      const plain = await run(source, { model: MODEL });
      const signalled = await run(source, { model: MODEL, signal: new AbortController().signal });
      expect(signalled.results).toEqual(plain.results);
      expect(signalled.stats.forwardPasses).toBe(plain.stats.forwardPasses);
    }
  });
});

describe("a stream left early", () => {
  it("aborts its run: no further forward passes happen", async () => {
    const model = await loadModel(MODEL);
    let afterBreak = 0;
    let broke = false;
    const counting = new Proxy(model, {
      get(t, prop) {
        const v: unknown = Reflect.get(t, prop, t);
        if (typeof v !== "function") return v;
        if (prop !== "createSession") return (v as (...a: unknown[]) => unknown).bind(t);
        return async () => {
          const session = await (v as () => Promise<object>).call(t);
          return new Proxy(session, {
            get(s, p) {
              const f: unknown = Reflect.get(s, p, s);
              if (typeof f !== "function") return f;
              return (...args: unknown[]) => {
                if (broke && p === "feed") afterBreak++;
                return (f as (...a: unknown[]) => unknown).apply(s, args);
              };
            },
          });
        };
      },
    });
    for await (const e of lmql(SOURCE).stream({ model: counting })) {
      if (e.type === "text" && e.generated) {
        broke = true;
        break;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(broke).toBe(true);
    expect(afterBreak).toBe(0);
  });
});
