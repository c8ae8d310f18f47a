import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eraseSequence, runCommand } from "../../src/cli/run-command.js";
import { loadModel } from "../../src/api/model-cache.js";

const dir = mkdtempSync(join(tmpdir(), "lmql-run-"));
let out = "";
let err = "";

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

beforeEach(() => {
  out = "";
  err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

describe("lmql run", () => {
  it("--json prints exactly the documented shape, and the constraints hold", async () => {
    const path = file("capital.lmql", `"Q: What is the capital of {country}?\\nA: [ANSWER]" where STOPS_AT(ANSWER, "\\n") and len(TOKENS(ANSWER)) < 8\n"\\nColour: [C]" where C in ["red", "blue"]\n`);
    const code = await runCommand([path, "--model", "local:micro-lm", "--arg", "country=France", "--json"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    const json = JSON.parse(out) as Record<string, any>;
    expect(Object.keys(json)).toEqual(["results", "model", "warnings", "stats"]);
    expect(Object.keys(json.results[0])).toEqual(["prompt", "variables", "distribution", "returned", "didReturn"]);
    expect(Object.keys(json.stats)).toEqual(["tokens", "forwardPasses", "fastForwardTokens", "ms"]);
    expect(json.model).toBe("local:micro-lm");
    const { ANSWER, C } = json.results[0].variables as { ANSWER: string; C: string };
    const model = await loadModel("local:micro-lm");
    expect(model.encode(ANSWER).length).toBeLessThan(8);
    expect(ANSWER.indexOf("\n") === -1 || ANSWER.indexOf("\n") === ANSWER.length - 1).toBe(true);
    expect(["red", "blue"]).toContain(C);
    expect(json.results[0].prompt.startsWith("Q: What is the capital of France?\nA: ")).toBe(true);
  });

  it("prints ints past 2**53 as their digits in --json, and honours nested format specs", async () => {
    const path = file("big.lmql", `w = 6\nbig = 2 ** 64 + 1\n"<{42:>{w}}> [X]" where X in ["a"]\nreturn big\n`);
    const code = await runCommand([path, "--model", "local:micro-lm", "--json"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    const json = JSON.parse(out) as Record<string, any>;
    expect(json.results[0].returned).toBe("18446744073709551617");
    expect(json.results[0].prompt).toBe("<    42> a");
  });

  it("streams the prompt, then prints each variable", async () => {
    const path = file("stream.lmql", `"Say: [X]" where len(TOKENS(X)) < 4\n`);
    const code = await runCommand([path, "--model", "local:micro-lm", "--seed", "3"]);
    expect(code).toBe(0);
    const x = /\nX = (".*")\n/.exec(out)?.[1];
    expect(x).toBeDefined();
    expect(out.startsWith(`Say: ${JSON.parse(x!) as string}`)).toBe(true);
    expect(out).not.toContain("\x1b[");
  });

  it("exits 65 with rendered file:line:col diagnostics for query errors", async () => {
    const path = file("bad.lmql", `x = 1\n"[A]" where STOPS_AT(B, "x")\n`);
    expect(await runCommand([path])).toBe(65);
    expect(err).toContain(`${path}:2:`);
    expect(err).toContain("^");
  });

  it("names an input given no value", async () => {
    const path = file("input.lmql", `"Capital of {country}? [A]"\n`);
    expect(await runCommand([path, "--model", "local:micro-lm"])).toBe(65);
    expect(err).toContain("input 'country' has no value");
    expect(err).toContain("--arg country=value");
  });

  it("warns about an --arg the query does not read", async () => {
    const path = file("no-input.lmql", `"Hi [A]" where len(TOKENS(A)) < 2\n`);
    expect(await runCommand([path, "--model", "local:micro-lm", "--arg", "contry=France", "--json"])).toBe(0);
    expect(err).toContain("--arg contry: the query has no input named 'contry'");
  });

  it("exits 70 with a message, not a stack trace, on runtime errors", async () => {
    const path = file("runtime.lmql", `x = {}\ny = x["missing"]\n`);
    expect(await runCommand([path, "--model", "local:micro-lm"])).toBe(70);
    expect(err).toContain("E705");
    expect(err).toContain(`${path}:2:5`);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it("exits 64 on usage errors and 0 on --help", async () => {
    expect(await runCommand([])).toBe(64);
    expect(await runCommand(["a.lmql", "--bogus"])).toBe(64);
    expect(await runCommand(["a.lmql", "--seed", "x"])).toBe(64);
    expect(await runCommand(["a.lmql", "--arg", "novalue"])).toBe(64);
    expect(await runCommand([join(dir, "missing.lmql")])).toBe(64);
    const ok = file("ok.lmql", `"[A]"\n`);
    err = "";
    expect(await runCommand([ok, "--model", "local:no-such-model"])).toBe(64);
    expect(err).toContain("E801");
    out = "";
    expect(await runCommand(["--help"])).toBe(0);
    expect(out).toContain("Usage: lmql run FILE");
  });
});

describe("lmql run output after post-processing", () => {
  it("writes the settled prompt into a pipe: a STOPS_BEFORE phrase cut from the value is not shown", async () => {
    const path = file("songs.lmql", `for i in range(2):\n    "-[SONG]\\n" where STOPS_BEFORE(SONG, ";") and SONG in ["a;", "b;"]\n`);
    const code = await runCommand([path, "--model", "local:micro-lm"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^-[ab]\n-[ab]\n\n/);
    expect(out).not.toContain(";");
  });

  it("erases a rewritten tail on a terminal, across wrapped lines and newlines", () => {
    expect(eraseSequence("ab", "cd", 80, 24)).toBe("\x1b[3G\x1b[J");
    expect(eraseSequence("ab", "c\nd", 80, 24)).toBe("\x1b[1A\x1b[3G\x1b[J");
    expect(eraseSequence("abcd", "efgh", 5, 24)).toBe("\x1b[1A\x1b[5G\x1b[J");
    expect(eraseSequence("", "\n".repeat(30), 80, 24)).toBeUndefined();
  });
});
