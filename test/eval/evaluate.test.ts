import { describe, expect, it } from "vitest";
import type { Expr } from "../../src/syntax/ast.js";
import { assignTarget, augAssign, defineFunction, evaluate, hostFunction, MAX_CALL_DEPTH, withCallDepth, PY_ERROR_CODES, PyError, pyErrorDiagnostic, pyRepr, Scope, toJs, type Value } from "../../src/runtime/eval/index.js";
import { attr, awaitE, bin, call, clause, comp, dict, dictComp, flt, index, kw, lambda, lift, list, name, param, set, slice, star, tuple, cmp, method, type E } from "./ast-factory.js";
import { env, err, ev, r } from "./run.js";

describe("names, literals, displays", () => {
  it("looks names up through enclosing scopes to the builtins", async () => {
    expect(await r(name("x"), { x: 5 })).toBe("5");
    expect(await r(name("len"))).toBe("<built-in function len>");
    expect(await err(name("nope"))).toBe("NameError: name 'nope' is not defined");
  });
  it("builds lists, tuples, sets, dicts, with starred spreads", async () => {
    expect(await r(list(1, star(list(2, 3)), star("ab")))).toBe("[1, 2, 3, 'a', 'b']");
    expect(await r(tuple(1))).toBe("(1,)");
    expect(await r(tuple())).toBe("()");
    expect(await r(set(1, flt(1), true, 2))).toBe("{1, 2}");
    expect(await r(dict(["a", 1], [1, "x"], [flt(1), "y"], [tuple(1, 2), null]))).toBe("{'a': 1, 1: 'y', (1, 2): None}");
    expect(await r(set())).toBe("set()");
  });
});

describe("indexing and slicing", () => {
  const g = { s: "hello", xs: [0, 1, 2, 3, 4, 5], e: "a😀b" };
  const cases: [string, Expr, string][] = [
    ["negative index", index(name("xs"), -1), "5"],
    ["str index", index(name("s"), 1), "'e'"],
    ["slice", slice(name("xs"), 1, 3), "[1, 2]"],
    ["open slice", slice(name("xs"), undefined, 2), "[0, 1]"],
    ["negative slice", slice(name("xs"), -2), "[4, 5]"],
    ["step", slice(name("xs"), undefined, undefined, 2), "[0, 2, 4]"],
    ["reverse", slice(name("s"), undefined, undefined, -1), "'olleh'"],
    ["reverse with bounds", slice(name("xs"), 4, 1, -1), "[4, 3, 2]"],
    ["out of range slice is empty", slice(name("xs"), 10, 20), "[]"],
    ["slice clamps", slice(name("s"), -100, 100), "'hello'"],
    ["tuple slice", slice(tuple(1, 2, 3), 1), "(2, 3)"],
    ["code points, not UTF-16 units", index(name("e"), 1), "'😀'"],
    ["code point slice", slice(name("e"), 1), "'😀b'"],
    ["dict lookup", index(dict(["k", 1]), "k"), "1"],
    ["dict lookup, equal numeric key", index(dict([1, "one"]), flt(1)), "'one'"],
    ["range index", index(call("range", 10, 0, -2), 1), "8"],
    ["range slice", slice(call("range", 10), 2, 8, 3), "range(2, 8, 3)"],
    ["bool index", index(name("xs"), true), "1"],
  ];
  it.each(cases)("%s", async (_l, e, expected) => {
    expect(await r(e, g)).toBe(expected);
  });
  const errors: [string, Expr, string][] = [
    ["list index", index(name("xs"), 6), "IndexError: list index out of range"],
    ["str index", index(name("s"), -6), "IndexError: string index out of range"],
    ["tuple index", index(tuple(), 0), "IndexError: tuple index out of range"],
    ["missing key", index(dict(), "k"), "KeyError: 'k'"],
    ["str indices", index(name("xs"), "a"), "TypeError: list indices must be integers or slices, not str"],
    ["float indices", index(name("s"), flt(1)), "TypeError: string indices must be integers or slices, not float"],
    ["zero step", slice(name("xs"), undefined, undefined, 0), "ValueError: slice step cannot be zero"],
    ["not subscriptable", index(5, 0), "TypeError: 'int' object is not subscriptable"],
  ];
  it.each(errors)("error: %s", async (_l, e, expected) => {
    expect(await err(e, g)).toBe(expected);
  });
});

describe("calls", () => {
  it("passes keyword, star and double-star arguments", async () => {
    expect(await r(call("sorted", list(3, 1, 2), kw("reverse", true)))).toBe("[3, 2, 1]");
    expect(await r(call("max", { star: list(4, 9, 2) }))).toBe("9");
    const f = lambda(["a", param("b", 10), param("rest", undefined, "*"), param("opts", undefined, "**")], tuple(name("a"), name("b"), name("rest"), name("opts")));
    expect(await r(call(f, 1))).toBe("(1, 10, (), {})");
    expect(await r(call(f, 1, 2, 3, 4, kw("z", 5)))).toBe("(1, 2, (3, 4), {'z': 5})");
    expect(await r(call(f, { dstar: dict(["a", 7], ["q", 8]) }))).toBe("(7, 10, (), {'q': 8})");
  });
  it("binds lambda parameters with Python's errors", async () => {
    const f = lambda(["a", "b"], bin("+", name("a"), name("b")));
    expect(await r(call(f, 1, kw("b", 2)))).toBe("3");
    expect(await err(call(f, 1))).toBe("TypeError: <lambda>() missing 1 required argument: 'b'");
    expect(await err(call(f, 1, 2, 3))).toBe("TypeError: <lambda>() takes 2 positional arguments but 3 were given");
    expect(await err(call(f, 1, 2, kw("c", 3)))).toBe("TypeError: <lambda>() got an unexpected keyword argument 'c'");
    expect(await err(call(f, 1, 2, kw("a", 3)))).toBe("TypeError: <lambda>() got multiple values for argument 'a'");
    expect(await err(call(5))).toBe("TypeError: 'int' object is not callable");
  });
  it("evaluates lambda defaults once, when the lambda is made, and closes over its scope", async () => {
    const { scope, ctx } = env({ k: 2 });
    const f = await evaluate(lambda([param("x", name("k"))], bin("*", name("x"), name("k"))), scope, ctx);
    scope.set("f", f);
    scope.set("k", 3);
    // default x captured as 2; k read at call time is 3
    expect(pyRepr(await evaluate(call("f"), scope, ctx))).toBe("6");
  });
  it("stops runaway recursion with a RecursionError instead of eating memory", async () => {
    const { scope, ctx } = env();
    scope.set("f", await evaluate(lambda(["n"], call("f", bin("+", name("n"), 1))), scope, ctx));
    await expect(evaluate(call("f", 0), scope, ctx)).rejects.toThrow("RecursionError: maximum recursion depth exceeded");
    // The depth is restored afterwards: a shallow call still works.
    scope.set("g", await evaluate(lambda(["n"], bin("*", name("n"), 2)), scope, ctx));
    expect(await evaluate(call("g", 21), scope, ctx)).toBe(42);
  });
  it("keeps the call depth right when calls of concurrent branches interleave", async () => {
    const { scope, ctx } = env();
    const gates: (() => void)[] = [];
    scope.set("wait", hostFunction("wait", () => new Promise<void>((resolve) => gates.push(resolve))));
    scope.set("f", await evaluate(lambda(["n"], call("wait")), scope, ctx));
    // Two branches enter f, then leave in the opposite order.
    const a = evaluate(call("f", 1), scope, ctx);
    const b = evaluate(call("f", 2), scope, ctx);
    await new Promise((r) => setTimeout(r, 0));
    gates[0]();
    await a;
    gates[1]();
    await b;
    // Were the depth restored to stale values, this would now fail or drift.
    await expect(withCallDepth(ctx, async () => "ok")).resolves.toBe("ok");
    let depth = 0;
    const probe = async (): Promise<number> => withCallDepth(ctx, async () => (++depth < MAX_CALL_DEPTH ? probe() : depth));
    expect(await probe()).toBe(MAX_CALL_DEPTH);
  });
  it("awaits host functions, including async ones, and their results convert", async () => {
    const fetchUser = hostFunction("fetch_user", async (id: number) => ({ id, name: "Ada", tags: ["x"] }));
    const { scope, ctx } = env();
    scope.set("fetch_user", fetchUser);
    expect(pyRepr(await evaluate(awaitE(call("fetch_user", 7)), scope, ctx))).toBe("{'id': 7, 'name': 'Ada', 'tags': ['x']}");
    expect(pyRepr(await evaluate(call("fetch_user", 7), scope, ctx))).toBe("{'id': 7, 'name': 'Ada', 'tags': ['x']}");
  });
  it("turns a host exception into a RuntimeError naming the function", async () => {
    const boom = hostFunction("boom", () => {
      throw new Error("disk full");
    });
    expect(await err(call("boom"), { boom })).toBe("RuntimeError: boom(): disk full");
  });
  it("refuses to hand a host a range too big to become an array", async () => {
    const big = await ev(call("range", 2 ** 52));
    expect(() => toJs(big)).toThrow("MemoryError");
    expect(toJs(await ev(call("range", 3)))).toEqual([0, 1, 2]);
  });
  it("hands keyword arguments to a host function as a trailing object", async () => {
    const seen: unknown[][] = [];
    const f = hostFunction("f", (...args: unknown[]) => {
      seen.push(args);
      return 3.5;
    });
    expect(await r(call("f", 1, list("a"), kw("k", tuple(1))), { f })).toBe("3.5");
    expect(seen).toEqual([[1, ["a"], { k: [1] }]]);
  });
});

describe("comprehensions", () => {
  it("filters, nests, and builds every form", async () => {
    const xs = { xs: [1, 2, 3, 4] };
    expect(await r(comp("list", bin("*", name("x"), name("x")), clause("x", name("xs"), cmp(bin("%", name("x"), 2), ["==", 0]))), xs)).toBe("[4, 16]");
    expect(await r(comp("list", tuple(name("i"), name("c")), clause("i", call("range", 2)), clause("c", "ab")))).toBe("[(0, 'a'), (0, 'b'), (1, 'a'), (1, 'b')]");
    expect(await r(call("sorted", comp("set", bin("%", name("x"), 2), clause("x", name("xs")))), xs)).toBe("[0, 1]");
    expect(await r(dictComp(name("k"), name("v"), clause(tuple(name("k"), name("v")), method(dict(["a", 1], ["b", 2]), "items"))))).toBe("{'a': 1, 'b': 2}");
    expect(await r(call("sum", comp("generator", name("x"), clause("x", name("xs")))), xs)).toBe("10");
  });
  it("runs any()/all() over a generator lazily, stopping at the deciding element", async () => {
    // 1/x fails at x == 0, which Python never reaches because 1/1 already decides.
    const xs = { xs: [1, 0] };
    const gen = comp("generator", bin("/", 1, name("x")), clause("x", name("xs")));
    expect(await r(call("any", gen), xs)).toBe("True");
    expect(await r(call("all", comp("generator", cmp(bin("/", 1, name("x")), [">", 5]), clause("x", name("xs")))), xs)).toBe("False");
    // The same generator consumed by list() is eager and fails.
    expect(await err(call("list", gen), xs)).toBe("ZeroDivisionError: division by zero");
    // any() over a huge range stops early instead of materializing it.
    expect(await r(call("any", comp("generator", cmp(name("i"), [">", 3]), clause("i", call("range", 10 ** 12)))))).toBe("True");
  });
  it("calls the tick hook per iteration, so a host can stop a runaway loop", async () => {
    const { scope } = env();
    let ticks = 0;
    const ctx = {
      print: () => {},
      tick: () => {
        if (++ticks > 1000) throw new Error("iteration limit");
      },
    };
    await expect(evaluate(comp("list", name("i"), clause("i", call("range", 10 ** 6))), scope, ctx)).rejects.toThrow("iteration limit");
    expect(ticks).toBe(1001);
    // A range no list could hold is refused before the first iteration.
    ticks = 0;
    await expect(evaluate(comp("list", name("i"), clause("i", call("range", 10 ** 12))), scope, ctx)).rejects.toThrow("MemoryError");
    expect(ticks).toBe(0);
  });
  it("keeps the loop variable inside the comprehension", async () => {
    const { scope, ctx } = env({ x: "outer" });
    await evaluate(comp("list", name("x"), clause("x", list(1, 2))), scope, ctx);
    expect(scope.get("x")).toBe("outer");
  });
});

describe("attribute safety", () => {
  const probes = ["__proto__", "constructor", "__class__", "__dict__", "prototype", "__globals__", "toString", "valueOf", "hasOwnProperty"];
  const values: [string, E][] = [
    ["str", "s"],
    ["list", list()],
    ["dict", dict()],
    ["int", 1],
    ["function", name("len")],
    ["host", name("host")],
  ];
  for (const [label, v] of values) {
    it.each(probes)(`${label}.%s is an AttributeError`, async (p) => {
      class Secret {
        token = "x";
        reveal() {
          return "secret";
        }
      }
      const out = await err(attr(v, p), { host: new Secret() });
      expect(out).toMatch(/^AttributeError: '\w+' object has no attribute/);
    });
  }
  it("dict keys named like JS internals are plain keys", async () => {
    expect(await r(index(dict(["constructor", 1], ["__proto__", 2]), "__proto__"))).toBe("2");
    expect(await err(index(dict(), "constructor"))).toBe("KeyError: 'constructor'");
    const js = toJs(await ev(dict(["__proto__", 1]))) as Record<string, unknown>;
    expect(Object.getPrototypeOf(js)).toBeNull();
    expect(Object.hasOwn(js, "__proto__") && js["__proto__"] === 1).toBe(true);
  });
  it("gives host objects their public fields, getters and methods only", async () => {
    class Base {
      kind(): string {
        return "base";
      }
    }
    class Account extends Base {
      owner = "ada";
      _pin = 1234;
      balance(): number {
        return 10;
      }
      get label(): string {
        return `acct of ${this.owner}`;
      }
      get broken(): string {
        throw new Error("offline");
      }
    }
    const g = { acct: new Account() };
    expect(await r(attr(name("acct"), "owner"), g)).toBe("'ada'");
    expect(await r(call(attr(name("acct"), "balance")), g)).toBe("10");
    expect(await r(call(attr(name("acct"), "kind")), g)).toBe("'base'");
    expect(await r(attr(name("acct"), "label"), g)).toBe("'acct of ada'");
    expect(await err(attr(name("acct"), "broken"), g)).toBe("RuntimeError: broken: offline");
    expect(await err(attr(name("acct"), "hasOwnProperty"), g)).toBe("AttributeError: 'object' object has no attribute 'hasOwnProperty'");
    expect(await err(attr(name("acct"), "_pin"), g)).toBe("AttributeError: 'object' object has no attribute '_pin'");
  });
  it("names a callable with __name__ but nothing else dunder", async () => {
    expect(await r(attr(name("len"), "__name__"))).toBe("'len'");
    expect(await r(attr(call("type", 1), "__name__"))).toBe("'int'");
  });
});

describe("errors carry the span of the innermost failing expression", () => {
  it("locates a NameError at the name and an operator error at the operation", async () => {
    const at = (start: number, end: number) => ({ start, end });
    const { scope, ctx } = env();
    const e = bin("+", 1, name("missing", at(4, 11)), at(0, 11));
    await expect(evaluate(e, scope, ctx)).rejects.toMatchObject({ pyType: "NameError", span: at(4, 11) });
    const e2 = bin("+", 1, "a", at(2, 9));
    await expect(evaluate(e2, scope, ctx)).rejects.toMatchObject({ pyType: "TypeError", span: at(2, 9) });
  });
  it("is a PyError with Python's type and message", async () => {
    const { scope, ctx } = env();
    try {
      await evaluate(index(list(), 0), scope, ctx);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PyError);
      expect((e as PyError).message).toBe("IndexError: list index out of range");
    }
  });
});

describe("assignment targets", () => {
  async function assign(target: Expr, value: E, globals: Record<string, unknown> = {}): Promise<Scope> {
    const { scope, ctx } = env(globals);
    await assignTarget(target, await evaluate(lift(value), scope, ctx), scope, ctx);
    return scope;
  }
  const show = (s: Scope, n: string) => pyRepr(s.get(n) as Value);

  it("unpacks tuples and lists, with a starred rest", async () => {
    const s = await assign(tuple(name("a"), name("b")), list(1, 2));
    expect([show(s, "a"), show(s, "b")]).toEqual(["1", "2"]);
    const s2 = await assign(list(name("h"), star(name("mid")), name("t")), "abcd");
    expect([show(s2, "h"), show(s2, "mid"), show(s2, "t")]).toEqual(["'a'", "['b', 'c']", "'d'"]);
    const s3 = await assign(tuple(name("k"), tuple(name("x"), name("y"))), tuple("p", list(1, 2)));
    expect(show(s3, "y")).toBe("2");
  });
  it("raises Python's unpacking errors", async () => {
    await expect(assign(tuple(name("a"), name("b")), list(1, 2, 3))).rejects.toThrow("ValueError: too many values to unpack (expected 2)");
    await expect(assign(tuple(name("a"), name("b"), name("c")), list(1))).rejects.toThrow("ValueError: not enough values to unpack (expected 3, got 1)");
    await expect(assign(tuple(name("a"), name("b")), 5)).rejects.toThrow("TypeError: 'int' object is not iterable");
  });
  it("assigns items and slices in place", async () => {
    const xs = [1, 2, 3, 4];
    const { scope, ctx } = env();
    scope.set("xs", xs);
    scope.set("d", (await evaluate(dict(), scope, ctx)) as Value);
    await assignTarget(index(name("xs"), -1), "last", scope, ctx);
    await assignTarget(slice(name("xs"), 0, 2), ["a", "b", "c"], scope, ctx);
    await assignTarget(index(name("d"), tuple(1, 2)), "pair", scope, ctx);
    expect(pyRepr(xs)).toBe("['a', 'b', 'c', 3, 'last']");
    expect(pyRepr(scope.get("d") as Value)).toBe("{(1, 2): 'pair'}");
    await expect(assignTarget(index(name("xs"), 9), 0, scope, ctx)).rejects.toThrow("IndexError: list assignment index out of range");
    await expect(assignTarget(index("str", 0), 0, scope, ctx)).rejects.toThrow("TypeError: 'str' object does not support item assignment");
  });
  it("sets a host object's own writable fields, and nothing else", async () => {
    class Counter {
      count = 1;
      readonly id = 7;
      bump(): void {}
    }
    const counter = new Counter();
    Object.defineProperty(counter, "id", { writable: false });
    const { scope, ctx } = env({ c: counter });
    await assignTarget(attr(name("c"), "count"), 5, scope, ctx);
    await augAssign(attr(name("c"), "count"), "+=", lift(2), scope, ctx);
    expect(counter.count).toBe(7);
    await expect(assignTarget(attr(name("c"), "id"), 1, scope, ctx)).rejects.toThrow("AttributeError: 'object' object attribute 'id' is read-only");
    await expect(assignTarget(attr(name("c"), "bump"), 1, scope, ctx)).rejects.toThrow("read-only");
    await expect(assignTarget(attr(name("c"), "__proto__"), 1, scope, ctx)).rejects.toThrow("read-only");
    await expect(assignTarget(attr(name("c"), "fresh"), 1, scope, ctx)).rejects.toThrow("read-only");
    await expect(assignTarget(attr(list(), "x"), 1, scope, ctx)).rejects.toThrow("AttributeError: 'list' object attribute 'x' is read-only");
    expect(Object.getPrototypeOf(counter)).toBe(Counter.prototype);
  });
  it("augmented assignment extends lists in place, as aliases see", async () => {
    const { scope, ctx } = env();
    const xs: Value[] = [1];
    scope.set("xs", xs);
    scope.set("alias", xs);
    scope.set("n", 1);
    scope.set("d", (await evaluate(dict(["k", 1]), scope, ctx)) as Value);
    await augAssign(name("xs"), "+=", tuple(2, 3), scope, ctx);
    await augAssign(name("n"), "*=", flt(2.5), scope, ctx);
    await augAssign(index(name("d"), "k"), "+=", lift(10), scope, ctx);
    expect(pyRepr(scope.get("alias") as Value)).toBe("[1, 2, 3]");
    expect(pyRepr(scope.get("n") as Value)).toBe("2.5");
    expect(pyRepr(scope.get("d") as Value)).toBe("{'k': 11}");
    await expect(augAssign(name("nope"), "+=", lift(1), scope, ctx)).rejects.toThrow("NameError: name 'nope' is not defined");
  });
});

describe("scopes", () => {
  it("binds locally and reads outwards", () => {
    const globals = new Scope();
    globals.set("g", 1);
    const local = globals.child();
    local.set("g", 2);
    expect(local.get("g")).toBe(2);
    expect(globals.get("g")).toBe(1);
    expect(local.has("g") && !local.child().hasOwn("g")).toBe(true);
    local.set("none", null);
    expect(local.get("none")).toBe(null);
    expect(local.has("none")).toBe(true);
    expect(local.get("constructor")).toBeUndefined();
  });
});

describe("diagnostics and hints", () => {
  it("suggests a close name for a NameError and turns it into a located Diagnostic", async () => {
    const { scope, ctx } = env({ country: "France" });
    const at = { start: 3, end: 10 };
    try {
      await evaluate(name("contry", at), scope, ctx);
      expect.unreachable();
    } catch (e) {
      expect(pyErrorDiagnostic(e as PyError)).toEqual({
        severity: "error",
        code: "E701",
        message: "NameError: name 'contry' is not defined",
        span: at,
        hint: "did you mean 'country'?",
      });
    }
  });
  it("explains an unknown name with no near miss as a missing input", async () => {
    const { scope, ctx } = env();
    await expect(evaluate(name("question_text"), scope, ctx)).rejects.toMatchObject({ hint: expect.stringContaining("--arg") });
  });
  it("suggests a close method name and refuses internals with a reason", async () => {
    const { scope, ctx } = env();
    await expect(evaluate(attr("s", "startwith"), scope, ctx)).rejects.toMatchObject({ pyType: "AttributeError", hint: "did you mean 'startswith'?" });
    await expect(evaluate(attr("s", "__class__"), scope, ctx)).rejects.toMatchObject({ hint: "queries cannot reach Python or JavaScript internals" });
  });
  it("has one stable code per Python error type", () => {
    const codes = Object.values(PY_ERROR_CODES);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((c) => /^E7\d\d$/.test(c))).toBe(true);
  });
});

describe("user functions (defineFunction)", () => {
  it("binds arguments in a child of the closure, evaluates defaults once, and sees globals", async () => {
    const { scope, ctx } = env({ greeting: "hi" });
    const runs: string[] = [];
    const f = await defineFunction(
      {
        name: "greet",
        params: [param("who"), param("punct", list("!"))],
        closure: scope,
        run: async (local) => {
          runs.push(`${pyRepr(local.get("who") as Value)} ${pyRepr(local.get("punct") as Value)}`);
          // Mutating the default shows it is shared between calls, as in Python.
          await evaluate(method(name("punct"), "append", "?"), local, ctx);
          const result = await evaluate(bin("+", bin("+", name("greeting"), name("who")), index(name("punct"), 0)), local, ctx);
          // Assignment in the body binds a local; the global stays as it was.
          local.set("greeting", "shadowed");
          return result;
        },
      },
      ctx,
    );
    scope.set("greet", f);
    expect(pyRepr(await evaluate(call("greet", " ada"), scope, ctx))).toBe("'hi ada!'");
    expect(pyRepr(await evaluate(call("greet", kw("who", " bob")), scope, ctx))).toBe("'hi bob!'");
    expect(pyRepr(await evaluate(attr(name("greet"), "__name__"), scope, ctx))).toBe("'greet'");
    expect(scope.get("greeting")).toBe("hi");
    expect(runs).toEqual(["' ada' ['!']", "' bob' ['!', '?']"]);
    await expect(evaluate(call("greet"), scope, ctx)).rejects.toThrow("TypeError: greet() missing 1 required argument: 'who'");
  });
});
