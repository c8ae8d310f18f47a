/**
 * A brute-force reference for masks, independent of the automata: it enumerates every string of up
 * to `maxChars` characters over a small character alphabet, decides which are complete generated
 * texts with the string-level evaluator, and answers questions about byte strings through the set of
 * byte prefixes of those. Valid for constraints whose values have at most `maxChars` characters.
 *
 * Stopping phrases follow LMQL (evaluate.ts): a generated text is complete when a phrase rule fires
 * at its end, or when the constraint holds on it; and it never runs past a point where a rule fired.
 */
import type { ConstraintSpec } from "../../src/constraints/spec.js";
import { evaluateSpec, firedRules, stopRules, type StopRule } from "../../src/constraints/evaluate.js";
import { spillRule } from "../../src/constraints/lower.js";

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
    const rules = stopRules(spec);
    this.gen = new Language(allStrings(alphabet, maxChars), (g) => generatedOk(spec, rules, g, undefined));
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

/**
 * A complete generated text: no rule fired before its end (at a character boundary: rules look at
 * text), and at its end either a rule fires or the constraint holds. `tokens` as in evaluate.ts.
 */
export function generatedOk(spec: ConstraintSpec, rules: readonly StopRule[], g: string, tokens: number | undefined): boolean {
  const chars = [...g];
  for (let i = 1; i < chars.length; i++) if (firedRules(rules, chars.slice(0, i).join(""), tokens).length > 0) return false;
  return firedRules(rules, g, tokens).length > 0 || evaluateSpec(spec, g, tokens).ok;
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
