/** Issue 9 items 4 and 7 on the command line: limits as flags, exact --arg numbers, escaped text, UTF-8. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { argValue, HELP, parseCommandLine } from "../../src/cli/run-args.js";
import { jsonText, terminalSafe } from "../../src/cli/terminal-text.js";
import { PyFloat } from "../../src/runtime/eval/index.js";

const dir = mkdtempSync(join(tmpdir(), "lmql-safety-"));
let out = "";
let err = "";

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

beforeEach(() => {
  out = "";
  err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

describe("--arg values", () => {
  it("keeps every digit of a big integer and the float-ness of 1.0", () => {
    expect(argValue("12345678901234567890")).toBe(12345678901234567890n);
    expect(argValue("-42")).toBe(-42);
    expect(argValue("1.0")).toEqual(new PyFloat(1));
    expect(argValue("2e3")).toEqual(new PyFloat(2000));
    expect(argValue(`[1, 2.0, 99999999999999999999, "7"]`)).toEqual([1, new PyFloat(2), 99999999999999999999n, "7"]);
    expect(argValue(`{"a": {"b": 1.5}}`)).toEqual({ a: { b: new PyFloat(1.5) } });
    expect(argValue("hello")).toBe("hello");
    expect(argValue("1.2.3")).toBe("1.2.3");
  });

  it("treats --arg __proto__=... as an input, not a prototype", () => {
    const p = parseCommandLine(["q.lmql", "--arg", `__proto__={"isAdmin": true}`]);
    expect(p.kind).toBe("run");
    if (p.kind !== "run") return;
    expect(Object.getPrototypeOf(p.invocation.args)).toBeNull();
    expect((p.invocation.args as { isAdmin?: unknown }).isAdmin).toBeUndefined();
    expect(Object.keys(p.invocation.args)).toEqual(["__proto__"]);
  });
});

describe("limit flags", () => {
  it("parses --timeout (seconds), --max-steps and --max-tokens-per-hole", () => {
    const p = parseCommandLine(["q.lmql", "--timeout", "2.5", "--max-steps", "1000", "--max-tokens-per-hole", "7"]);
    expect(p.kind === "run" && [p.invocation.timeoutMs, p.invocation.maxSteps, p.invocation.maxTokensPerHole]).toEqual([2500, 1000, 7]);
    for (const bad of [["--timeout", "nan"], ["--timeout", "0"], ["--max-steps", "NaN"], ["--max-steps", "1.5"], ["--max-tokens-per-hole", "0"]]) {
      expect(parseCommandLine(["q.lmql", ...bad]).kind).toBe("usage");
    }
  });

  it("documents every limit in --help", () => {
    for (const flag of ["--timeout", "--max-steps", "--max-tokens", "--max-tokens-per-hole"]) expect(HELP).toContain(flag);
  });

  it("stops a runaway loop at --max-steps with a located E313", async () => {
    const path = file("runaway.lmql", `n = 0\nfor i in range(1000):\n    for j in range(1000):\n        n += 1\n"{n} [A]"\n`);
    const code = await main(["run", path, "--max-steps", "5000", "--model", "local:micro-lm"]);
    expect(code).toBe(70);
    expect(err).toContain("error[E313]");
    expect(err).toMatch(/runaway\.lmql:\d+:\d+/);
  });
});

describe("terminal output", () => {
  it("escapes control characters, C1 controls and bidi overrides, keeping newlines and tabs", () => {
    expect(terminalSafe("a\x1b[31mred\x07\r\n\tb\x9b2J\u202eevil")).toBe("a\\x1b[31mred\\x07\\x0d\n\tb\\x9b2J\\u202eevil");
  });

  it("prints results as JSON whatever they hold", () => {
    const cyclic: unknown[] = [1];
    cyclic.push(cyclic);
    const record = Object.create(null) as Record<string, unknown>;
    record["__proto__"] = { isAdmin: true };
    class Secret {}
    expect(jsonText({ big: 2n ** 70n, cyclic, record, obj: new Secret(), f: function named() {} })).toBe(
      `{"big":"1180591620717411303424","cyclic":[1,"<cycle>"],"record":{"__proto__":{"isAdmin":true}},"obj":"<object Secret>","f":"<function named>"}`,
    );
    const hostile = { get boom(): never { throw new Error("no"); } };
    expect(jsonText({ hostile })).toBe(`{"hostile":"<unreadable>"}`);
  });
});

describe("streaming to a terminal", () => {
  it("shows escape sequences from inputs and values as text, not as terminal commands", async () => {
    const path = file("escape.lmql", `"Echo {x}! [A]" where len(TOKENS(A)) < 3\n`);
    const descriptor = Object.getOwnPropertyDescriptor(process.stdout, "isTTY");
    Object.defineProperty(process.stdout, "isTTY", { value: true, configurable: true });
    try {
      expect(await main(["run", path, "--model", "local:micro-lm", "--arg", "x=\x1b[2J\x1b]0;pwned\x07"])).toBe(0);
    } finally {
      if (descriptor === undefined) delete (process.stdout as { isTTY?: boolean }).isTTY;
      else Object.defineProperty(process.stdout, "isTTY", descriptor);
    }
    expect(out).toContain("Echo \\x1b[2J\\x1b]0;pwned\\x07!");
    expect(out).not.toContain("\x1b[2J");
    expect(out).not.toContain("\x07");
  });
});

describe("reading query files", () => {
  it("reports invalid UTF-8 as a located E001 in check and run", async () => {
    const path = file("latin1.lmql", Uint8Array.from([...Buffer.from(`"caf`), 0xe9, ...Buffer.from(` [A]"\n`)]));
    expect(await main(["check", path])).toBe(65);
    expect(err).toContain("latin1.lmql:1:5: error[E001]");
    err = "";
    expect(await main(["run", path, "--model", "local:micro-lm"])).toBe(65);
    expect(err).toContain("error[E001]");
  });

  it("accepts a literal U+FFFD and a byte-order mark", async () => {
    const path = file("ok.lmql", `\ufeff"a \ufffd [A]" where len(TOKENS(A)) < 2\n`);
    expect(await main(["check", path])).toBe(0);
  });

  it("refuses command names that are Object internals", async () => {
    expect(await main(["constructor"])).toBe(64);
    expect(await main(["__proto__"])).toBe(64);
  });
});
