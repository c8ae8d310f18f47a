/**
 * A brute-force reference for masks, independent of the automata: it enumerates every string of up
 * to `maxChars` characters over a small character alphabet, decides which are complete generated
 * texts with the string-level evaluator, and answers questions about byte strings through the set of
 * byte prefixes of those. Valid for constraints whose values have at most `maxChars` characters.
 *
 * Top-level STOPS_BEFORE phrases follow the engine's generated-text rule: the text ends at the first
 * phrase occurrence (which is then not part of the value), unless the value had to end earlier.
 */
import type { ConstraintSpec } from "../../src/constraints/spec.js";
import { evaluateSpec } from "../../src/constraints/evaluate.js";
import { flattenAnd, spillRule } from "../../src/constraints/lower.js";

const encoder = new TextEncoder();
const key = (bytes: readonly number[] | Uint8Array): string => Array.from(bytes, (b) => String.fromCharCode(b)).join("");

function allStrings(alphabet: readonly string[], maxChars: number): string[] {
  let layer = [""];
  const out = [""];
  for (let n = 1; n <= maxChars; n++) {
    layer = layer.flatMap((s) => alphabet.map((c) => s + c));
    out.push(...layer);
  }
  return out;
}

/** Complete values, their byte-level proper prefixes, and finality, over one constraint. */
class Language {
  readonly complete = new Set<string>();
  readonly properPrefixes = new Set<string>();
  constructor(texts: readonly string[], ok: (text: string) => boolean) {
    for (const t of texts) {
      if (!ok(t)) continue;
      const b = encoder.encode(t);
      this.complete.add(key(b));
      for (let i = 0; i < b.length; i++) this.properPrefixes.add(key(b.subarray(0, i)));
    }
  }
  viable(k: string): boolean {
    return this.complete.has(k) || this.properPrefixes.has(k);
  }
  final(k: string): boolean {
    return this.complete.has(k) && !this.properPrefixes.has(k);
  }
}

export class Reference {
  private readonly gen: Language;
  private readonly spillOk: Uint8Array;

  constructor(spec: ConstraintSpec, alphabet: readonly string[], maxChars: number) {
    this.spillOk = spillRule(spec);
    const parts = flattenAnd(spec);
    const stops = parts.flatMap((p) => (p.kind === "stopsBefore" && p.stop.length > 0 ? [p.stop] : []));
    const other: ConstraintSpec = { kind: "and", parts: parts.filter((p) => !(p.kind === "stopsBefore" && p.stop.length > 0)) };
    const valueOk = (t: string): boolean => evaluateSpec(spec, t, undefined).ok;
    if (stops.length === 0) {
      this.gen = new Language(allStrings(alphabet, maxChars), valueOk);
      return;
    }
    const longest = Math.max(...stops.map((s) => [...s].length));
    const texts = allStrings(alphabet, maxChars + longest);
    const values = new Language(texts, (t) => evaluateSpec(other, t, undefined).ok);
    this.gen = new Language(texts, (g) => generatedOk(g, stops, valueOk, values));
  }

  complete(v: readonly number[]): boolean {
    return this.gen.complete.has(key(v));
  }

  /** Whether token bytes may follow `v`, and where the value ends inside it (overshoot rule). */
  allowed(v: readonly number[], token: Uint8Array): { ok: boolean; endsAfter?: number } {
    const u = [...v];
    for (let i = 0; i < token.length; i++) {
      u.push(token[i]);
      const k = key(u);
      if (i + 1 < token.length && this.gen.final(k)) return this.spillOk[token[i + 1]] === 1 ? { ok: true, endsAfter: i + 1 } : { ok: false };
      if (!this.gen.viable(k)) return { ok: false };
    }
    return { ok: true };
  }
}

/** A generated text is complete: it ends at its first stop phrase (value before it) or has none. */
function generatedOk(g: string, stops: readonly string[], valueOk: (t: string) => boolean, values: Language): boolean {
  const bytes = encoder.encode(g);
  // Generation would have stopped where the value could not go on.
  for (let i = 0; i < bytes.length; i++) if (values.final(key(bytes.subarray(0, i)))) return false;
  let firstEnd = Infinity;
  let phrase = "";
  for (const s of stops) {
    const at = g.indexOf(s);
    if (at < 0) continue;
    const end = at + s.length;
    if (end < firstEnd || (end === firstEnd && s.length > phrase.length)) { firstEnd = end; phrase = s; }
  }
  if (firstEnd === Infinity) return valueOk(g);
  return firstEnd === g.length && valueOk(g.slice(0, g.length - phrase.length));
}

const strict = new TextDecoder("utf-8", { fatal: true });

/**
 * The characters a vocabulary's bytes can spell (every valid 1–3 byte sequence of its bytes, since
 * tokens may split characters), plus fillers no token has, standing in for "any other character".
 */
export function alphabetFor(tokens: readonly Uint8Array[], fillers: readonly string[] = ["z", " "]): string[] {
  const bytes = new Set<number>();
  for (const t of tokens) for (const b of t) bytes.add(b);
  const list = [...bytes];
  const out = new Set<string>(fillers);
  const tryChar = (seq: number[]): void => {
    try {
      const s = strict.decode(Uint8Array.from(seq));
      if ([...s].length === 1) out.add(s);
    } catch {
      // not a character
    }
  };
  for (const a of list) {
    tryChar([a]);
    for (const b of list) {
      tryChar([a, b]);
      for (const c of list) tryChar([a, b, c]);
    }
  }
  return [...out];
}
