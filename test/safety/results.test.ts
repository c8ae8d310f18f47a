/**
 * Issue 9 items 3, 4, 6, 7 and issue 8 item 6 through the TypeScript API: prototype keys stay data,
 * host values survive hostile shapes and come back as themselves, limits are never NaN.
 */
import { describe, expect, it } from "vitest";
import { run } from "../../src/api/run.js";
import type { RunOptions } from "../../src/api/result.js";
import { LmqlError } from "../../src/diagnostics/diagnostic.js";
import { scriptedModel } from "../../src/testing/scripted-model.js";

async function codes(query: string, options: RunOptions): Promise<string[]> {
  try {
    await run(query, options);
  } catch (e) {
    if (e instanceof LmqlError) return e.diagnostics.map((d) => d.code);
    throw e;
  }
  return [];
}

describe("prototype keys", () => {
  it("keeps a hole named __proto__ in variables and never as the prototype", async () => {
    const r = await run(`"[__proto__]" where len(TOKENS(__proto__)) < 3`, { model: scriptedModel(["hi"]) });
    const vars = r.results[0]!.variables;
    expect(Object.getPrototypeOf(vars)).toBeNull();
    expect(Object.keys(vars)).toEqual(["__proto__"]);
    expect(vars["__proto__"]).toBe("hi");
  });

  it("returns a dict with __proto__ as an own key of a null-prototype object", async () => {
    const r = await run(`"[A]" where len(TOKENS(A)) < 2\nreturn {"__proto__": {"isAdmin": True}}`, { model: scriptedModel(["x"]) });
    const returned = r.results[0]!.returned as Record<string, unknown>;
    expect(Object.getPrototypeOf(returned)).toBeNull();
    expect((returned as { isAdmin?: unknown }).isAdmin).toBeUndefined();
    expect(returned["__proto__"]).toEqual({ isAdmin: true });
  });

  it("passes keyword arguments to host functions in a null-prototype object", async () => {
    let seen: object | undefined;
    await run(`f(1, __proto__={"isAdmin": True})\n"[A]"`, { model: scriptedModel(["x"]), hostFunctions: { f: (_x: unknown, kw: object) => void (seen = kw) } });
    expect(Object.getPrototypeOf(seen)).toBeNull();
    expect((seen as { isAdmin?: unknown }).isAdmin).toBeUndefined();
  });
});

describe("host values come back as themselves", () => {
  it("returns the host's objects when the query passes them through", async () => {
    const list = [1, { a: 2 }];
    const obj = { nested: list, n: 1.5 };
    const fn = (): number => 1;
    class Thing {}
    const thing = new Thing();
    const r = await run(`"[A]" where len(TOKENS(A)) < 2\nreturn [obj, list, fn, thing]`, { model: scriptedModel(["x"]), args: { obj, list, fn, thing } });
    const [o, l, f, t] = r.results[0]!.returned as unknown[];
    expect(o).toBe(obj);
    expect(l).toBe(list);
    expect(f).toBe(fn);
    expect(t).toBe(thing);
  });

  it("returns a new object when the query changed it", async () => {
    const list = [1, 2];
    const r = await run(`list.append(3)\n"[A]" where len(TOKENS(A)) < 2\nreturn list`, { model: scriptedModel(["x"]), args: { list } });
    expect(r.results[0]!.returned).toEqual([1, 2, 3]);
    expect(r.results[0]!.returned).not.toBe(list);
  });

  it("returns what a host function gave, unchanged, as the same object", async () => {
    const made = { id: 7 };
    const r = await run(`"[A]" where len(TOKENS(A)) < 2\nreturn make()`, { model: scriptedModel(["x"]), hostFunctions: { make: () => made } });
    expect(r.results[0]!.returned).toBe(made);
  });
});

describe("hostile host values", () => {
  it("survives self-referencing values in args and host results", async () => {
    const xs: unknown[] = [1];
    xs.push(xs);
    const r = await run(`ys = again(xs)\n"{repr(ys)} [A]"\nreturn ys`, { model: scriptedModel(["ok"]), args: { xs }, hostFunctions: { again: (v: unknown) => v } });
    expect(r.results[0]!.prompt).toBe("[1, [...]] ok");
    expect(r.results[0]!.returned).toBe(xs);
  });

  it("reports a throwing getter or Proxy trap as a located RuntimeError", async () => {
    const trap = new Proxy({}, { getPrototypeOf: () => { throw new Error("trap"); }, ownKeys: () => { throw new Error("trap"); } });
    const getter = Object.defineProperty({}, "boom", { enumerable: true, get: () => { throw new Error("getter"); } });
    expect(await codes(`"{p.x} [A]"`, { model: scriptedModel(["x"]), args: { p: trap } })).toEqual(["E714"]);
    expect(await codes(`"{g.boom} [A]"`, { model: scriptedModel(["x"]), args: { g: getter } })).toEqual(["E714"]);
    expect(await codes(`"{h().boom} [A]"`, { model: scriptedModel(["x"]), hostFunctions: { h: () => getter } })).toEqual(["E714"]);
  });

  it("reports an input Python cannot hold (a set of lists) as a diagnostic at the input", async () => {
    expect(await codes(`"{s} [A]"`, { model: scriptedModel(["x"]), args: { s: new Set([[1]]) } })).toEqual(["E702"]); // TypeError: unhashable type
  });
});

describe("limits are never silently removed", () => {
  it("refuses NaN, zero and fractional limits with E314", async () => {
    for (const options of [{ maxIterations: NaN }, { timeoutMs: NaN }, { maxSteps: 0 }, { maxTokens: 1.5 }, { maxTokensPerHole: -1 }]) {
      expect(await codes(`"[A]"`, { model: scriptedModel(["x"]), ...options })).toEqual(["E314"]);
    }
  });

  it("applies run({ timeoutMs }) to decoder-clause arguments", async () => {
    const started = Date.now();
    expect(await codes(`sample(temperature=any(x < 0 for x in range(10**15)))\n"[A]"`, { model: scriptedModel(["x"]), timeoutMs: 300, maxSteps: 10 ** 9 })).toEqual(["E306"]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("counts a runaway's steps wherever it loops", async () => {
    for (const q of [`for i in range(5000):\n    for j in range(5000):\n        pass`, `x = [j for i in range(5000) for j in range(5000)]`, `x = sorted(list(range(100000)))`]) {
      expect(await codes(`${q}\n"[A]"`, { model: scriptedModel(["x"]), maxSteps: 50_000 })).toEqual(["E313"]);
    }
  });

  it("rejects a decoder temperature or top_p that evaluates out of range", async () => {
    expect(await codes(`sample(temperature=float("nan"))\n"[A]"`, { model: scriptedModel(["x"]) })).toEqual(["E311"]);
    expect(await codes(`sample(top_p=1 - 1)\n"[A]"`, { model: scriptedModel(["x"]) })).toEqual(["E311"]);
  });
});
