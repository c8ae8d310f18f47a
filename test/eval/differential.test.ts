/**
 * The evaluator against CPython: fixtures/python-cases.json holds random expressions with the
 * repr (or error) CPython gave for each (see fixtures/gen_python_cases.py).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { BinaryOp, CompareOp, Expr, UnaryOp } from "../../src/syntax/ast.js";
import { and, attr, bin, call, clause, cmp, comp, cond, dict, dictComp, flt, fstr, index, kw, lambda, lift, list, method, name, or, set, slice, tuple, un } from "./ast-factory.js";
import { parseExpression } from "../../src/syntax/parse.js";
import { err, r } from "./run.js";

type Tree = [string, ...unknown[]];
interface Case {
  readonly tree: Tree;
  readonly source: string;
  readonly repr?: string;
  readonly error?: string;
  readonly message?: string;
}

const fixture = JSON.parse(readFileSync(new URL("./fixtures/python-cases.json", import.meta.url), "utf8")) as { python: string; cases: Case[] };

function toExpr(t: Tree): Expr {
  const [k, ...a] = t;
  switch (k) {
    case "int":
      return lift(a[0] as number);
    case "float":
      return flt(a[0] as number);
    case "str":
      return lift(a[0] as string);
    case "bool":
      return lift(a[0] as boolean);
    case "none":
      return lift(null);
    case "list":
      return list(...(a[0] as Tree[]).map(toExpr));
    case "tuple":
      return tuple(...(a[0] as Tree[]).map(toExpr));
    case "bin":
      return bin(a[0] as BinaryOp, toExpr(a[1] as Tree), toExpr(a[2] as Tree));
    case "un":
      return un(a[0] as UnaryOp, toExpr(a[1] as Tree));
    case "cmp":
      return cmp(toExpr(a[0] as Tree), ...(a[1] as [CompareOp, Tree][]).map(([op, x]): [CompareOp, Expr] => [op, toExpr(x)]));
    case "logic":
      return (a[0] === "and" ? and : or)(toExpr(a[1] as Tree), toExpr(a[2] as Tree));
    case "cond":
      return cond(toExpr(a[0] as Tree), toExpr(a[1] as Tree), toExpr(a[2] as Tree));
    case "index":
      return index(toExpr(a[0] as Tree), toExpr(a[1] as Tree));
    case "slice": {
      const opt = (x: unknown) => (x === null ? undefined : toExpr(x as Tree));
      return slice(toExpr(a[0] as Tree), opt(a[1]), opt(a[2]), opt(a[3]));
    }
    case "call":
      return call(a[0] as string, ...(a[1] as Tree[]).map(toExpr));
    case "method":
      return method(toExpr(a[0] as Tree), a[1] as string, ...(a[2] as Tree[]).map(toExpr));
    case "fstring":
      return fstr([toExpr(a[0] as Tree), a[1] as string]);
    case "fliteral": {
      const conversion = a[1] === "" ? undefined : (a[1] as "r" | "s" | "a");
      const spec = a[2] === "" ? undefined : (a[2] as string);
      return fstr("<", [toExpr(a[0] as Tree), spec, conversion], ">");
    }
    case "bigpow":
      return bin("**", toExpr(a[0] as Tree), toExpr(a[1] as Tree));
    case "attrx":
      return attr(toExpr(a[0] as Tree), a[1] as string);
    case "name":
      return name(a[0] as string);
    case "dict":
      return dict(...(a[0] as [Tree, Tree][]).map(([k, v]): [Expr, Expr] => [toExpr(k), toExpr(v)]));
    case "set":
      return set(...(a[0] as Tree[]).map(toExpr));
    case "comp": {
      const [form, element, value, clauses] = a as ["list" | "set" | "dict" | "generator", Tree, Tree | null, [Tree, Tree, Tree[]][]];
      const cs = clauses.map(([target, iter, conds]) => clause(toExpr(target), toExpr(iter), ...conds.map(toExpr)));
      return form === "dict" ? dictComp(toExpr(element), toExpr(value as Tree), ...cs) : comp(form, toExpr(element), ...cs);
    }
    case "lambda":
      return lambda(a[0] as string[], toExpr(a[1] as Tree));
    case "callx":
      return call(toExpr(a[0] as Tree), ...(a[1] as Tree[]).map(toExpr), ...(a[2] as [string, Tree][]).map(([k, v]) => kw(k, toExpr(v))));
    case "mut":
      return call(lambda(["v"], tuple(method(name("v"), a[1] as string, ...(a[2] as Tree[]).map(toExpr)), name("v"))), toExpr(a[0] as Tree));
    default:
      throw new Error(`unknown tree ${k}`);
  }
}

/** Messages CPython 3.11 words differently from the 3.12+ wording lmql-ts follows. */
const NEWER_WORDING: ReadonlyMap<string, string> = new Map([
  ["min() arg is an empty sequence", "min() iterable argument is empty"],
  ["max() arg is an empty sequence", "max() iterable argument is empty"],
]);

describe(`evaluation agrees with CPython ${fixture.python}`, () => {
  const values = fixture.cases.filter((c) => c.repr !== undefined);
  const errors = fixture.cases.filter((c) => c.error !== undefined);

  it(`computes the same value for ${values.length} expressions`, async () => {
    const wrong: string[] = [];
    for (const c of values) {
      const got = await r(toExpr(c.tree)).catch((e: Error) => `raised ${e.message}`);
      if (got !== c.repr) wrong.push(`${c.source}\n    python: ${c.repr}\n    ours:   ${got}`);
    }
    expect(wrong.join("\n")).toBe("");
  });

  it(`gives the same answers when the expressions are parsed from their Python source`, async () => {
    const wrong: string[] = [];
    for (const c of fixture.cases) {
      const parsed = parseExpression(c.source);
      if (parsed.diagnostics.length > 0) {
        wrong.push(`${c.source}\n    parse: ${parsed.diagnostics.map((d) => d.message).join("; ")}`);
        continue;
      }
      const expected = c.repr ?? `${c.error}: ${NEWER_WORDING.get(c.message ?? "") ?? c.message}`;
      const got = c.repr !== undefined ? await r(parsed.value).catch((e: Error) => `raised ${e.message}`) : await err(parsed.value);
      if (got !== expected) wrong.push(`${c.source}\n    python: ${expected}\n    ours:   ${got}`);
    }
    expect(wrong.join("\n")).toBe("");
  });

  it(`raises the same error type and message for ${errors.length} expressions`, async () => {
    const wrong: string[] = [];
    for (const c of errors) {
      const expected = `${c.error}: ${NEWER_WORDING.get(c.message ?? "") ?? c.message}`;
      const got = await err(toExpr(c.tree));
      if (got !== expected) wrong.push(`${c.source}\n    python: ${expected}\n    ours:   ${got}`);
    }
    expect(wrong.join("\n")).toBe("");
  });
});
