/**
 * `REGEX(X, r"...")` → a byte DFA. refa parses the JS-syntax pattern and builds a minimal DFA over
 * code points; we lower each state's code point ranges to UTF-8 byte paths. Intermediate byte states
 * are named by the code point interval they still cover, and collapse to one shared state per
 * (target, bytes left) where the whole interval goes to one target, so `[^\n]` costs a handful of
 * byte states rather than one per lead byte.
 */
import { DFA, JS, NFA, Transformers, combineTransformers, transform } from "refa";
import { ConstraintError } from "./errors.js";
import { explore, type Dfa } from "./dfa.js";
import { normalizePattern } from "./pattern.js";
import { unreachable } from "../diagnostics/diagnostic.js";

interface CharDfa {
  /** Per state: sorted disjoint code point intervals [lo, hi, target] flattened. */
  readonly ranges: readonly Int32Array[];
  readonly accept: readonly boolean[];
}

function parse(pattern: string): { expression: JS.ParseResult["expression"]; maxCharacter: number } {
  const source = normalizePattern(pattern);
  try {
    return JS.Parser.fromLiteral({ source, flags: "u" }).parse();
  } catch (unicodeError) {
    // Non-unicode syntax is laxer (e.g. `\-` outside a class); accept it over the BMP.
    try {
      return JS.Parser.fromLiteral({ source, flags: "" }).parse();
    } catch {
      throw new ConstraintError(`invalid regular expression /${pattern}/: ${(unicodeError as Error).message}`);
    }
  }
}

/** The value is matched whole: an anchor at its edge always holds, one inside never can. */
const anchors = combineTransformers([
  Transformers.applyAssertions(),
  Transformers.patternEdgeAssertions({ inline: false, remove: true }),
  Transformers.removeDeadBranches(),
]);

/** Lookarounds and word boundaries (outside classes): refa would treat them as edge anchors. */
function hasLookaround(source: string): boolean {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === "\\") {
      if (!inClass && (source[i + 1] === "b" || source[i + 1] === "B")) return true;
      i++;
    } else if (inClass) inClass = ch !== "]";
    else if (ch === "[") inClass = true;
    else if (ch === "(" && /^\(\?<?[=!]/.test(source.slice(i, i + 4))) return true;
  }
  return false;
}

function charDfa(pattern: string): CharDfa {
  if (hasLookaround(normalizePattern(pattern))) {
    throw new ConstraintError(`unsupported regular expression /${pattern}/: lookarounds, \\b and backreferences are not supported`);
  }
  const parsed = parse(pattern);
  const maxCharacter = parsed.maxCharacter;
  let dfa: DFA;
  try {
    const expression = transform(anchors, parsed.expression);
    const nfa = NFA.fromRegex(expression, { maxCharacter }, { assertions: "throw", unknowns: "throw" });
    dfa = DFA.fromFA(nfa, new DFA.LimitedNodeFactory(20_000));
  } catch (e) {
    throw new ConstraintError(`unsupported regular expression /${pattern}/: ${(e as Error).message} (lookarounds, \\b and backreferences are not supported)`);
  }
  dfa.minimize();
  const ids = new Map<DFA.ReadonlyNode, number>([[dfa.initial, 0]]);
  const order: DFA.ReadonlyNode[] = [dfa.initial];
  const ranges: Int32Array[] = [];
  for (let i = 0; i < order.length; i++) {
    const flat: number[] = [];
    for (const [range, to] of order[i].out) {
      let id = ids.get(to);
      if (id === undefined) {
        id = order.length;
        ids.set(to, id);
        order.push(to);
      }
      flat.push(range.min, range.max, id);
    }
    const triples = Array.from({ length: flat.length / 3 }, (_, k) => [flat[3 * k], flat[3 * k + 1], flat[3 * k + 2]]);
    triples.sort((a, b) => a[0] - b[0]);
    ranges.push(Int32Array.from(triples.flat()));
  }
  return { ranges, accept: order.map((n) => dfa.finals.has(n as DFA.Node)) };
}

const MIXED = -2;
const NONE = -1;

/** The single target of every code point in [lo, hi], NONE if none has one, MIXED otherwise. */
function classify(r: Int32Array, lo: number, hi: number): number {
  let i = 0;
  let a = 0;
  let b = r.length / 3;
  while (a < b) {
    const m = (a + b) >> 1;
    if (r[3 * m + 1] < lo) a = m + 1;
    else b = m;
  }
  i = a;
  if (i * 3 >= r.length || r[3 * i] > hi) return NONE;
  if (r[3 * i] <= lo && r[3 * i + 1] >= hi) return r[3 * i + 2];
  return MIXED;
}

type Key =
  | { readonly kind: "char"; readonly s: number }
  | { readonly kind: "mixed"; readonly s: number; readonly lo: number; readonly rem: number }
  | { readonly kind: "const"; readonly target: number; readonly rem: number };

/** Numbers for the common keys (Map lookups on small integers are cheap); strings for the rest. */
function keyOf(k: Key): string | number {
  switch (k.kind) {
    case "char":
      return k.s * 4;
    case "const":
      return k.target * 4 + k.rem;
    case "mixed":
      return `m${k.s}:${k.lo}:${k.rem}`;
    default:
      return unreachable(k);
  }
}

/** The code point interval a lead byte opens and the continuation bytes still to read. */
function leadInterval(b: number): { lo: number; rem: number } | undefined {
  if (b >= 0xc2 && b <= 0xdf) return { lo: (b & 0x1f) << 6, rem: 1 };
  if (b >= 0xe0 && b <= 0xef) return { lo: (b & 0x0f) << 12, rem: 2 };
  if (b >= 0xf0 && b <= 0xf4) return { lo: (b & 0x07) << 18, rem: 3 };
  return undefined;
}

function enter(c: CharDfa, s: number, lo: number, rem: number): Key | undefined {
  const hi = lo + 64 ** rem - 1;
  const target = classify(c.ranges[s], lo, hi);
  if (target === NONE) return undefined;
  if (target === MIXED) return { kind: "mixed", s, lo, rem };
  return { kind: "const", target, rem };
}

function step(c: CharDfa, k: Key, b: number): Key | undefined {
  const cont = (b & 0xc0) === 0x80;
  switch (k.kind) {
    case "char": {
      if (b < 0x80) {
        const t = classify(c.ranges[k.s], b, b);
        return t >= 0 ? { kind: "char", s: t } : undefined;
      }
      const lead = leadInterval(b);
      return lead === undefined ? undefined : enter(c, k.s, lead.lo, lead.rem);
    }
    case "mixed": {
      if (!cont) return undefined;
      const lo = k.lo + (b & 0x3f) * 64 ** (k.rem - 1);
      if (k.rem > 1) return enter(c, k.s, lo, k.rem - 1);
      const t = classify(c.ranges[k.s], lo, lo);
      return t >= 0 ? { kind: "char", s: t } : undefined;
    }
    case "const":
      if (!cont) return undefined;
      return k.rem > 1 ? { kind: "const", target: k.target, rem: k.rem - 1 } : { kind: "char", s: k.target };
    default:
      return unreachable(k);
  }
}

/**
 * Bytes that behave alike in every lowered state: ASCII bytes with the same target everywhere, lead
 * bytes whose whole interval has the same single target (or none) everywhere, and continuation bytes
 * together unless some interval is split between targets (then each is its own class).
 */
function regexByteClasses(c: CharDfa): Uint8Array {
  const signature = new Array<string>(256);
  let split = false;
  for (let b = 0; b < 256; b++) {
    if ((b & 0xc0) === 0x80) continue;
    const lead = b < 0x80 ? { lo: b, rem: 0 } : leadInterval(b);
    if (lead === undefined) {
      signature[b] = "dead";
      continue;
    }
    const hi = lead.lo + 64 ** lead.rem - 1;
    const targets = c.ranges.map((r) => classify(r, lead.lo, hi));
    if (targets.includes(MIXED)) split = true;
    signature[b] = `${lead.rem}:${targets.includes(MIXED) ? `mixed${b}` : targets.join(",")}`;
  }
  for (let b = 0x80; b < 0xc0; b++) signature[b] = split ? `cont${b}` : "cont";
  const ids = new Map<string, number>();
  return Uint8Array.from(signature, (sig) => {
    let id = ids.get(sig);
    if (id === undefined) ids.set(sig, (id = ids.size));
    return id;
  });
}

/** The byte DFA of a whole-value regex (validity of the UTF-8 itself is checked by a separate product). */
export function regexDfa(pattern: string): Dfa {
  const c = charDfa(pattern);
  const classes = regexByteClasses(c);
  return explore<Key>({ kind: "char", s: 0 }, keyOf, (k, b) => step(c, k, b), (k) => k.kind === "char" && c.accept[k.s], classes);
}
