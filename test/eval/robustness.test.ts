/**
 * No expression may crash the evaluator: whatever the operands, the result is a value or a
 * PyError (never a JS TypeError/RangeError with a stack trace).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BinaryOp, CompareOp, Expr, UnaryOp } from "../../src/syntax/ast.js";
import { BUILTIN_NAMES, PyError, pyRepr, toJs } from "../../src/runtime/eval/index.js";
import { attr, bin, call, cmp, dict, flt, fstr, index, lift, list, method, set, slice, tuple, un } from "./ast-factory.js";
import { parseExpression } from "../../src/syntax/parse.js";
import { ev } from "./run.js";

const METHODS = [
  "strip", "split", "rsplit", "join", "startswith", "endswith", "lower", "upper", "replace", "find", "index", "count",
  "splitlines", "title", "capitalize", "format", "isdigit", "zfill", "center", "partition", "append", "extend", "pop",
  "insert", "remove", "sort", "reverse", "copy", "get", "keys", "values", "items", "update", "setdefault", "add",
  "discard", "union", "is_integer", "bit_length", "ljust", "rfind", "removeprefix", "expandtabs", "__class__", "constructor",
];
const BINOPS: BinaryOp[] = ["+", "-", "*", "/", "//", "%", "**", "@", "&", "|", "^", "<<", ">>"];
const CMPOPS: CompareOp[] = ["<", ">", "==", "!=", "<=", ">=", "in", "not in", "is", "is not"];
const UNOPS: UnaryOp[] = ["-", "+", "not", "~"];
const SPECS = ["", ">10", ".3f", "x", "c", ",", "_b", "%", "=+09.2e", "!", "{", ".0", "#o", "^", "z.1f", "99999999999"];

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  fc.integer({ min: -300, max: 300 }).map(lift),
  fc.constantFrom(2 ** 52, -(2 ** 53), 1114112, 0x10ffff).map(lift),
  fc.double().map(flt),
  fc.string({ maxLength: 6 }).map(lift),
  fc.constantFrom("%s %d", "%(a)s", "%c", "{}", "{0.x}", "{:%}", "%*d", "😀", "\u0000", "{{").map(lift),
  fc.boolean().map(lift),
  fc.constant(lift(null)),
);

const expr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => {
  const e = () => tie("e");
  return {
    e: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.tuple(fc.constantFrom(...BINOPS), e(), e()).map(([op, l, r]) => bin(op, l, r)),
      fc.tuple(fc.constantFrom(...UNOPS), e()).map(([op, x]) => un(op, x)),
      fc.tuple(e(), fc.constantFrom(...CMPOPS), e()).map(([l, op, r]) => cmp(l, [op, r])),
      fc.array(e(), { maxLength: 3 }).map((xs) => list(...xs)),
      fc.array(e(), { maxLength: 3 }).map((xs) => tuple(...xs)),
      fc.array(e(), { maxLength: 2 }).map((xs) => set(...xs)),
      fc.array(fc.tuple(e(), e()), { maxLength: 2 }).map((kvs) => dict(...kvs)),
      fc.tuple(e(), e()).map(([o, i]) => index(o, i)),
      fc.tuple(e(), fc.option(e(), { nil: undefined }), fc.option(e(), { nil: undefined }), fc.option(e(), { nil: undefined })).map(([o, a, b, c]) => slice(o, a, b, c)),
      fc.tuple(e(), fc.constantFrom(...METHODS), fc.array(e(), { maxLength: 3 })).map(([o, m, args]) => method(o, m, ...args)),
      fc.tuple(e(), fc.constantFrom(...METHODS)).map(([o, m]) => attr(o, m)),
      fc.tuple(fc.constantFrom(...BUILTIN_NAMES.filter((n) => n !== "input" && n !== "print")), fc.array(e(), { maxLength: 3 })).map(([f, args]) => call(f, ...args)),
      fc.tuple(e(), fc.constantFrom(...SPECS), fc.constantFrom(undefined, "r", "s", "a" as const)).map(([x, spec, conv]) => fstr("<", [x, spec, conv], ">")),
    ),
  };
}).e;

describe("robustness", () => {
  it("every expression evaluates to a value or raises a PyError", async () => {
    await fc.assert(
      fc.asyncProperty(expr, async (e) => {
        try {
          const v = await ev(e);
          // Whatever came out can be printed and converted for the host.
          pyRepr(v);
          toJs(v);
        } catch (err) {
          if (!(err instanceof PyError)) throw err;
          expect(err.pyMessage.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 4000 },
    );
  });

  it("any expression the parser accepts, or recovers from, evaluates to a value or a PyError", async () => {
    const pieces = ["x", "1", "2.5", "'s'", "f'{x:>3}'", "[", "]", "(", ")", "{", "}", ",", ":", "*", "**", "+", "-", "/", "//", "%", " if ", " else ",
      " for ", " in ", " not ", " and ", " or ", "lambda", ".", "split", "()", "[1:]", "=", "await ", "None", "len", "range(3)", " is ", "<", "==", "...", "@"];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 12 }), async (parts) => {
        const parsed = parseExpression(parts.join(""));
        try {
          const v = await ev(parsed.value, { x: [1, 2] });
          pyRepr(v);
        } catch (err) {
          if (!(err instanceof PyError)) throw err;
        }
      }),
      { numRuns: 3000 },
    );
  });
});
