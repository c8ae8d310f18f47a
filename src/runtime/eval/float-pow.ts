/**
 * `x ** y` for floats, rounded as CPython's (libm's) pow rounds. V8's `**` is off by one ulp for
 * several percent of inputs (`7 ** -2` gives 0.020408163265306124, Python 0.02040816326530612),
 * which shows in printed results. Here exp(y·log x) is computed in double-double arithmetic
 * (~100 bits) and rounded once.
 */

/** An unevaluated sum hi + lo with |lo| ≤ ulp(hi)/2. */
interface DD {
  readonly hi: number;
  readonly lo: number;
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return { hi: s, lo: b - (s - a) };
}

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return { hi: s, lo: a - (s - bb) + (b - bb) };
}

const SPLITTER = 134217729; // 2^27 + 1

function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return { hi: p, lo: ah * bh - p + ah * bl + al * bh + al * bl };
}

function add(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi);
  return quickTwoSum(s.hi, s.lo + a.lo + b.lo);
}

function mul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  return quickTwoSum(p.hi, p.lo + a.hi * b.lo + a.lo * b.hi);
}

/** Exact only when `f` is a power of two (or the error is negligible, as for Taylor coefficients). */
function scale(a: DD, f: number): DD {
  return { hi: a.hi * f, lo: a.lo * f };
}

const LN2: DD = { hi: 0.6931471805599453, lo: 2.3190468138462996e-17 };
const ONE: DD = { hi: 1, lo: 0 };

/** e^a for |a| small enough not to overflow (checked by the caller). */
function expDD(a: DD): DD {
  const k = Math.round(a.hi / LN2.hi);
  // r = (a - k·ln2) / 1024, so the Taylor series converges in a few terms; then square 10 times.
  const r = scale(add(a, mul(LN2, { hi: -k, lo: 0 })), 1 / 1024);
  let term = ONE;
  let sum = ONE;
  for (let i = 1; i <= 9; i++) {
    term = scale(mul(term, r), 1 / i);
    sum = add(sum, term);
  }
  for (let i = 0; i < 10; i++) sum = mul(sum, sum);
  // 2^k in two steps, so |k| up to ~1100 stays representable.
  const half = Math.trunc(k / 2);
  return scale(scale(sum, 2 ** half), 2 ** (k - half));
}

/** ln x for x > 0: Math.log, refined by one Newton step y + x·e^(−y) − 1. */
function logDD(x: number): DD {
  const y0 = Math.log(x);
  const correction = add(mul({ hi: x, lo: 0 }, expDD({ hi: -y0, lo: 0 })), { hi: -1, lo: 0 });
  return add({ hi: y0, lo: 0 }, correction);
}

/** CPython's float pow for finite operands with x > 0 (specials and signs are the caller's). */
function positivePow(x: number, y: number): number {
  const t = mul(logDD(x), { hi: y, lo: 0 });
  // Outside this range the result overflows or is subnormal; the plain operator handles both.
  if (t.hi > 709 || t.hi < -708) return x ** y;
  const r = expDD(t);
  return r.hi + r.lo;
}

/**
 * `x ** y` on doubles as C99/CPython pow: `1 ** y` and `x ** 0` are 1 even for NaN, `(-1) ** ±inf`
 * is 1. Returns NaN for a negative base with a non-integer exponent (Python would give a complex).
 */
export function floatPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (x === -1 && !Number.isFinite(y) && !Number.isNaN(y)) return 1;
  if (!Number.isFinite(x) || !Number.isFinite(y) || x === 0) return x ** y;
  if (y === 1) return x;
  if (x > 0) return positivePow(x, y);
  if (!Number.isInteger(y)) return NaN;
  const odd = Math.abs(y % 2) === 1;
  const r = positivePow(-x, y);
  return odd ? -r : r;
}
