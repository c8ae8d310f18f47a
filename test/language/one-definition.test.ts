/**
 * The architecture test of the one definition (src/language/): every name one phase accepts is
 * there in the others. A constraint function the checker accepts is bound at run time and either
 * lowered to a mask or post-checked; a builtin the checker knows is bound by `createBuiltins` and
 * the other way round; hole types mean the same to checker and lowering; the reserved words are the
 * lexer's keywords.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/api/compile.js";
import { run } from "../../src/api/run.js";
import { checkSource } from "../../src/check/check-source.js";
import { hasOpaque } from "../../src/ir/constraint-template.js";
import type { HoleIr, IrStmt } from "../../src/ir/ir.js";
import {
  BUILTINS,
  type CallLowering,
  CHAT_ROLES,
  CLAUSE_KEYWORDS,
  CONSTRAINT_FUNCTION_NAMES,
  CONSTRAINT_FUNCTIONS,
  HOLE_TYPE_NAMES,
  isKnownGlobal,
  LIBRARY_NAMES,
  RESERVED_WORDS,
  UNSUPPORTED_BUILTINS,
} from "../../src/language/index.js";
import { LmqlError } from "../../src/diagnostics/diagnostic.js";
import { constraintScope } from "../../src/runtime/constraint-functions.js";
import { BUILTIN_NAMES, createBuiltins, isCallable } from "../../src/runtime/eval/index.js";
import * as tokens from "../../src/syntax/tokens.js";
import { scriptedModel } from "../../src/testing/scripted-model.js";

const NO_PRINT = { print: () => undefined };

function errorsOf(text: string): string[] {
  return checkSource({ name: "t", text }).diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`);
}

function firstHole(stmts: readonly IrStmt[]): HoleIr {
  for (const s of stmts) if (s.kind === "prompt") for (const seg of s.segments) if (seg.kind === "hole") return seg;
  throw new Error("no hole");
}

function compiledHole(text: string): HoleIr {
  const result = compile(text);
  if (result.kind !== "ok") throw new Error(result.diagnostics.map((d) => d.message).join("; "));
  return firstHole(result.query.program.body);
}

describe("constraint functions", () => {
  const builtins = createBuiltins(NO_PRINT);
  const scope = constraintScope(builtins, (t) => [...t]);

  for (const name of CONSTRAINT_FUNCTION_NAMES) {
    const fn = CONSTRAINT_FUNCTIONS[name];
    const query = `"[X]" where ${fn.example}`;

    it(`${name}: the checker accepts it`, () => {
      expect(fn.example).toContain(`${name}(`);
      expect(errorsOf(query)).toEqual([]);
    });

    it(`${name}: bound at run time`, () => {
      const bound = fn.runtime === "builtin" ? builtins.get(name) : scope.hasOwn(name) ? scope.get(name) : undefined;
      expect(bound !== undefined && isCallable(bound)).toBe(true);
    });

    it(`${name}: lowered to a mask, or post-checked`, () => {
      const hole = compiledHole(query);
      const lowering = fn.lowering as CallLowering;
      if (lowering.kind === "post-check") {
        expect(hole.postChecks).toHaveLength(1);
      } else {
        expect(hole.postChecks).toEqual([]);
        expect(hole.constraint.kind).not.toBe("true");
        expect(hasOpaque(hole.constraint)).toBe(false);
      }
    });
  }

  it("every example runs end to end without a name error", async () => {
    for (const name of CONSTRAINT_FUNCTION_NAMES) {
      const text = `"[X]" where ${CONSTRAINT_FUNCTIONS[name].example}`;
      try {
        await run(text, { model: scriptedModel(["1"]) });
      } catch (e) {
        // A value the script cannot make satisfy the constraint is fine; a missing name is not.
        if (!(e instanceof LmqlError)) throw e;
        expect(e.diagnostics.map((d) => `${name}: ${d.code} ${d.message}`).filter((m) => /Error/.test(m))).toEqual([]);
      }
    }
  });

  it("an unknown upper-case function is an error the checker names", () => {
    expect(errorsOf(`"[X]" where NOT_A_FUNCTION(X)`).join()).toMatch(/NOT_A_FUNCTION/);
  });
});

describe("builtins", () => {
  const scope = createBuiltins(NO_PRINT);

  it("every builtin the checker knows exists in createBuiltins", () => {
    expect([...BUILTINS].filter((n) => !scope.has(n))).toEqual([]);
  });

  it("every builtin the run time binds is known to the checker (else it would be called an input)", () => {
    expect(BUILTIN_NAMES.filter((n) => !BUILTINS.has(n))).toEqual([]);
  });

  it("the unsupported builtins are not bound, and the checker rejects them", () => {
    for (const name of UNSUPPORTED_BUILTINS) {
      expect(scope.has(name), name).toBe(false);
      expect(errorsOf(`x = ${name}\n"[X]"`).join(), name).toMatch(/E203/);
    }
  });

  it("every global the checker accepts in code is bound at run time", () => {
    // Library names are understood in clauses only; in code the checker rejects them (E204).
    const inCode = [...BUILTINS, ...LIBRARY_NAMES].filter((n) => isKnownGlobal(n));
    for (const name of inCode) {
      const errors = errorsOf(`x = ${name}\n"[X]"`);
      if (errors.length === 0) expect(scope.has(name), name).toBe(true);
      else expect(LIBRARY_NAMES.has(name), name).toBe(true);
    }
  });
});

describe("hole types", () => {
  for (const type of HOLE_TYPE_NAMES) {
    it(`[X: ${type}] is typed ${type} by the checker and the lowering`, () => {
      const checked = checkSource({ name: "t", text: `"[X: ${type}]"` });
      expect(checked.value.holes[0]!.type.kind).toBe(type);
      expect(compiledHole(`"[X: ${type}]"`).value.kind).toBe(type);
    });
  }
});

describe("roles and keywords", () => {
  it("every chat role checks clean", () => {
    for (const role of CHAT_ROLES) expect(checkSource({ name: "t", text: `"{:${role}}[X]"` }).diagnostics).toEqual([]);
    expect(checkSource({ name: "t", text: `"{:narrator}[X]"` }).diagnostics.length).toBeGreaterThan(0);
  });

  it("the reserved words are exactly the lexer's keyword tokens", () => {
    const words = Object.values(tokens)
      .map((t) => (t as { LABEL?: unknown }).LABEL)
      .filter((l): l is string => typeof l === "string" && /^'[A-Za-z]+'$/.test(l))
      .map((l) => l.slice(1, -1));
    expect(new Set(words)).toEqual(RESERVED_WORDS);
    for (const k of CLAUSE_KEYWORDS) expect(RESERVED_WORDS.has(k), k).toBe(true);
  });
});
