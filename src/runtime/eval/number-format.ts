/**
 * Python's float formatting. JS's `toFixed`/`toExponential` round exact ties away from zero where
 * Python rounds half to even (`f"{2.5:.0f}"` is `2`, `f"{0.125:.2f}"` is `0.12`), and `String(x)`
 * switches to exponents at other magnitudes than `repr`. So rounding here works on the exact
 * decimal expansion of the double, computed with BigInt.
 */

/** A double as `digits × 10^-scale`, exactly. `x` must be finite and non-negative. */
function exactDecimal(x: number): { digits: bigint; scale: number } {
  let y = x;
  let k = 0;
  // Doubling is exact, and every finite double is an integer after at most 1074 doublings.
  while (!Number.isInteger(y)) {
    y *= 2;
    k++;
  }
  return { digits: BigInt(y) * 5n ** BigInt(k), scale: k };
}

/** `n / 10^drop` rounded half to even. */
function divRoundHalfEven(n: bigint, drop: number): bigint {
  if (drop <= 0) return n * 10n ** BigInt(-drop);
  const d = 10n ** BigInt(drop);
  const q = n / d;
  const r = n % d;
  const twice = r * 2n;
  if (twice > d || (twice === d && q % 2n === 1n)) return q + 1n;
  return q;
}

function splitSign(x: number): { negative: boolean; abs: number } {
  return { negative: x < 0 || Object.is(x, -0), abs: Math.abs(x) };
}

function nonFinite(x: number, upper: boolean): string | undefined {
  if (Number.isNaN(x)) return upper ? "NAN" : "nan";
  if (!Number.isFinite(x)) return (x < 0 ? "-" : "") + (upper ? "INF" : "inf");
  return undefined;
}

/** `x` with exactly `decimals` digits after the point (Python `'f'`), sign included. */
export function formatFixed(x: number, decimals: number, upper = false): string {
  const special = nonFinite(x, upper);
  if (special !== undefined) return special;
  const { negative, abs } = splitSign(x);
  const { digits, scale } = exactDecimal(abs);
  const q = divRoundHalfEven(digits, scale - decimals).toString().padStart(decimals + 1, "0");
  const body = decimals === 0 ? q : `${q.slice(0, q.length - decimals)}.${q.slice(q.length - decimals)}`;
  return (negative ? "-" : "") + body;
}

/** The significant digits of |x| rounded to `count` digits, and the decimal exponent of the first one. */
function significant(abs: number, count: number): { digits: string; exponent: number } {
  if (abs === 0) return { digits: "0".repeat(count), exponent: 0 };
  const { digits, scale } = exactDecimal(abs);
  const length = digits.toString().length;
  let rounded = divRoundHalfEven(digits, length - count).toString();
  let exponent = length - 1 - scale;
  if (rounded.length > count) {
    // 9.99 → 10.0: one more digit than asked, the exponent grows.
    rounded = rounded.slice(0, count);
    exponent++;
  }
  return { digits: rounded, exponent };
}

function exponentSuffix(exponent: number, upper: boolean): string {
  const e = Math.abs(exponent).toString().padStart(2, "0");
  return `${upper ? "E" : "e"}${exponent < 0 ? "-" : "+"}${e}`;
}

/** Python `'e'` with `decimals` digits after the point. */
export function formatExponent(x: number, decimals: number, upper = false, alternate = false): string {
  const special = nonFinite(x, upper);
  if (special !== undefined) return special;
  const { negative, abs } = splitSign(x);
  const { digits, exponent } = significant(abs, decimals + 1);
  const mantissa = decimals === 0 ? digits + (alternate ? "." : "") : `${digits[0]}.${digits.slice(1)}`;
  return (negative ? "-" : "") + mantissa + exponentSuffix(exponent, upper);
}

function stripZeros(s: string): string {
  if (!s.includes(".")) return s;
  return s.replace(/0+$/, "").replace(/\.$/, "");
}

/**
 * Python `'g'` with `precision` significant digits; `keepPoint` is the no-type variant (`f"{x:.3}"`)
 * which keeps at least one digit after the point in fixed notation.
 */
export function formatGeneral(x: number, precision: number, upper = false, alternate = false, keepPoint = false): string {
  const special = nonFinite(x, upper);
  if (special !== undefined) return special;
  const p = precision === 0 ? 1 : precision;
  const { exponent } = significant(Math.abs(x), p);
  // The no-type variant switches to exponents one digit earlier (CPython: "exp >= p - 1").
  if (exponent >= -4 && exponent < (keepPoint ? p - 1 : p)) {
    const fixed = formatFixed(x, p - 1 - exponent, upper);
    if (alternate) return fixed.includes(".") ? fixed : fixed + ".";
    const stripped = stripZeros(fixed);
    return keepPoint && !stripped.includes(".") ? stripped + ".0" : stripped;
  }
  const exp = formatExponent(x, p - 1, upper, alternate);
  if (alternate) return exp;
  const at = exp.search(/[eE]/);
  return stripZeros(exp.slice(0, at)) + exp.slice(at);
}

/** Python's `repr(float)`: the shortest round-tripping digits, exponent outside 1e-4 ≤ |x| < 1e16. */
export function floatRepr(x: number): string {
  const special = nonFinite(x, false);
  if (special !== undefined) return special;
  const { negative, abs } = splitSign(x);
  const sign = negative ? "-" : "";
  if (abs === 0) return sign + "0.0";
  // toExponential() without an argument yields the shortest digits that round-trip.
  const [mant, expText] = abs.toExponential().split("e");
  const digits = mant.replace(".", "");
  const exponent = Number(expText);
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
    const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
    const frac = digits.slice(exponent + 1);
    return `${sign}${intPart}.${frac === "" ? "0" : frac}`;
  }
  const m = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
  return sign + m + exponentSuffix(exponent, false);
}

/** Python's `round(x, n)` for floats: half to even on the exact value. */
export function roundFloat(x: number, ndigits: number): number {
  if (!Number.isFinite(x)) return x;
  if (ndigits >= 0) return Number(formatFixed(x, Math.min(ndigits, 400)));
  // Every double is below 10**309: rounding at a larger power of ten gives zero.
  if (ndigits < -309) return x < 0 || Object.is(x, -0) ? -0 : 0;
  const factor = 10 ** -ndigits;
  const { negative, abs } = splitSign(x);
  const q = Number(divRoundHalfEven(exactDecimal(abs).digits, exactDecimal(abs).scale - ndigits)) * factor;
  return negative ? -q : q;
}
