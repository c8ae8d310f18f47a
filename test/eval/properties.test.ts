/** Properties over many generated inputs (fast-check): the number formatting and hashing invariants. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatValue, hashKey, pyEquals, pyRepr, PyFloat, PyTuple, type Value } from "../../src/runtime/eval/index.js";
import { floatPow } from "../../src/runtime/eval/float-pow.js";

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

/** The exact decimal value of a double, as a BigInt numerator over 10^scale (independent of number-format.ts). */
function exact(x: number): { n: bigint; scale: number } {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const bits = buf.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  const mant = bits & ((1n << 52n) - 1n);
  const m = exp === 0 ? mant : mant | (1n << 52n);
  const e = (exp === 0 ? 1 : exp) - 1075;
  return e >= 0 ? { n: m << BigInt(e), scale: 0 } : { n: m * 5n ** BigInt(-e), scale: -e };
}

describe("float formatting properties", () => {
  it("repr round-trips: parsing repr(x) gives x back", () => {
    fc.assert(
      fc.property(finite, (x) => {
        const text = pyRepr(new PyFloat(x));
        expect(Number(text)).toBe(x);
        expect(text).toMatch(/^-?(\d+\.\d+|\d(\.\d+)?e[+-]\d{2,3})$/);
      }),
      { numRuns: 3000 },
    );
  });

  it("'.Nf' is the exact value rounded half to even", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 12 }), (x, digits) => {
        const { n, scale } = exact(x);
        // Reference: round n / 10^scale to `digits` decimals, ties to even.
        const drop = scale - digits;
        let q = n;
        if (drop > 0) {
          const d = 10n ** BigInt(drop);
          q = n / d;
          const twice = (n % d) * 2n;
          if (twice > d || (twice === d && q % 2n === 1n)) q += 1n;
        } else {
          q = n * 10n ** BigInt(-drop);
        }
        const s = q.toString().padStart(digits + 1, "0");
        const body = digits === 0 ? s : `${s.slice(0, -digits)}.${s.slice(-digits)}`;
        const negative = x < 0 || Object.is(x, -0);
        expect(formatValue(new PyFloat(x), `.${digits}f`)).toBe((negative ? "-" : "") + body);
      }),
      { numRuns: 3000 },
    );
  });

  it("'.Ne' keeps N+1 significant digits that parse back within half a unit", () => {
    fc.assert(
      fc.property(finite.filter((x) => Math.abs(x) > 1e-300 && Math.abs(x) < 1e300), fc.integer({ min: 0, max: 15 }), (x, digits) => {
        const text = formatValue(new PyFloat(x), `.${digits}e`);
        const [mantissa] = text.split("e");
        expect(mantissa.replace(/^-/, "").replace(".", "").length).toBe(digits + 1);
        const back = Number(text);
        const unit = 10 ** (Math.floor(Math.log10(Math.abs(back))) - digits);
        expect(Math.abs(back - x)).toBeLessThanOrEqual(unit * 0.5000001 + Number.EPSILON * Math.abs(x));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("hashing agrees with equality", () => {
  const scalar = fc.oneof(
    fc.integer({ min: -5, max: 5 }),
    fc.integer({ min: -5, max: 5 }).map((n) => new PyFloat(n) as Value),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom("", "a", "1", "True"),
  );
  const hashable: fc.Arbitrary<Value> = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small" }, scalar, fc.array(tie("value"), { maxLength: 3 }).map((xs) => new PyTuple(xs as Value[]) as Value)),
  })).value as fc.Arbitrary<Value>;

  it("equal values have equal hash keys, and equal keys mean equal values", () => {
    fc.assert(
      fc.property(hashable, hashable, (a, b) => {
        expect(hashKey(a) === hashKey(b)).toBe(pyEquals(a, b));
      }),
      { numRuns: 5000 },
    );
  });
});

describe("float power", () => {
  it("is within one ulp of the true value and exact where the true value is a double", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: -20, max: 20 }), (x, y) => {
        // Reference with BigInt: x^y exactly as a rational, compared through division only where exact.
        const r = floatPow(x, y);
        if (y >= 0) {
          const exactValue = BigInt(x) ** BigInt(y);
          if (exactValue <= 2n ** 53n) expect(r).toBe(Number(exactValue));
          else expect(Math.abs(r - Number(exactValue)) / Number(exactValue)).toBeLessThan(2 ** -52);
        } else {
          const denominator = Number(BigInt(x) ** BigInt(-y));
          if (Number.isSafeInteger(denominator)) expect(r).toBe(1 / denominator);
        }
      }),
      { numRuns: 2000 },
    );
  });
  it("follows C99 pow for special operands", () => {
    expect(floatPow(1, NaN)).toBe(1);
    expect(floatPow(NaN, 0)).toBe(1);
    expect(floatPow(-1, Infinity)).toBe(1);
    expect(floatPow(-8, 1 / 3)).toBeNaN();
    expect(floatPow(-2, 3)).toBe(-8);
    expect(floatPow(0.5, -1)).toBe(2);
  });
});
