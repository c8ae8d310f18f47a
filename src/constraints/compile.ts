/**
 * The mask engine's entry point: ConstraintSpec + Vocabulary → CompiledConstraint, cached per
 * vocabulary by a canonical form of the spec (queries compile the same hole on every iteration).
 */
import type { CompiledConstraint, Vocabulary } from "./engine.js";
import type { ConstraintSpec } from "./spec.js";
import { analyse } from "./analysis.js";
import { Compiled } from "./compiled.js";
import { lowerSpec } from "./lower.js";
import { trieOf } from "./trie.js";
import { classTrieOf } from "./class-trie.js";
import { hasNestedTokenTerms, tokenTermCases, TokenTermSwitch, TokenTermUnion } from "./token-atoms.js";
import { unreachable } from "../diagnostics/diagnostic.js";

export { ConstraintError } from "./errors.js";

const caches = new WeakMap<Vocabulary, Map<string, CompiledConstraint>>();

/**
 * Automata this large usually count (bounded repeats): nearly every step is a new state and a new
 * walk, so the walks go over a trie of byte classes, built once per class partition.
 */
const CLASS_TRIE_MIN_STATES = 64;

/** Canonical text of a spec: same constraint, same key (`and`/`or` parts are order-insensitive). */
export function canonicalSpec(spec: ConstraintSpec): string {
  switch (spec.kind) {
    case "and":
    case "or":
      return `${spec.kind}(${spec.parts.map(canonicalSpec).sort().join(",")})`;
    case "not":
      return `not(${canonicalSpec(spec.part)})`;
    default:
      return JSON.stringify(spec, Object.keys(spec).sort());
  }
}

/**
 * Compiles a constraint for one vocabulary. Throws `ConstraintError` for an invalid or unsupported
 * regex or a constraint too large to build (the checker reports these to users first).
 */
export function compileConstraint(spec: ConstraintSpec, vocab: Vocabulary): CompiledConstraint {
  let cache = caches.get(vocab);
  if (cache === undefined) caches.set(vocab, (cache = new Map()));
  const c = cache;
  const key = canonicalSpec(spec);
  let compiled = cache.get(key);
  if (compiled === undefined) {
    compiled = hasNestedTokenTerms(spec) ? splitTokenTerms(spec, vocab, c) : compileDirect(spec, vocab, c);
    cache.set(key, compiled);
  }
  return compiled;
}

/**
 * `len(TOKENS(X))` under `or`/`not`: a union of cases, one per truth assignment of the terms, each
 * exact with top-level counters; with more terms than that, the switch (token-atoms.ts).
 */
function splitTokenTerms(spec: ConstraintSpec, vocab: Vocabulary, cache: Map<string, CompiledConstraint>): CompiledConstraint {
  const cases = tokenTermCases(spec, canonicalSpec);
  if (cases === undefined) return new TokenTermSwitch(spec, vocab, (s) => compileDirect(s, vocab, cache), canonicalSpec);
  return new TokenTermUnion(spec, vocab, cases.map((s) => compileDirect(s, vocab, cache)));
}

/** One automaton for the spec (nested token-count terms assumed satisfiable), cached beside the rest. */
function compileDirect(spec: ConstraintSpec, vocab: Vocabulary, cache: Map<string, CompiledConstraint>): CompiledConstraint {
  const key = `direct:${canonicalSpec(spec)}`;
  let compiled = cache.get(key);
  if (compiled === undefined) {
    const plan = lowerSpec(spec);
    const trie = trieOf(vocab);
    const walkTrie = plan.dfa.states >= CLASS_TRIE_MIN_STATES ? classTrieOf(trie, plan.dfa, plan.spillOk) : trie;
    compiled = new Compiled(spec, plan, analyse(plan), vocab, walkTrie);
    cache.set(key, compiled);
  }
  return compiled;
}

function tokenCap(spec: ConstraintSpec): number | undefined {
  if (spec.kind !== "tokenLength") return undefined;
  switch (spec.op) {
    case "<": return Math.max(0, spec.n - 1);
    case "<=":
    case "==": return spec.n;
    case ">":
    case ">=":
    case "!=": return undefined;
    default: return unreachable(spec.op);
  }
}

/** The most tokens a value may have under `spec` (from `len(TOKENS(X)) < n` and the like). */
export function maxTokensOf(spec: ConstraintSpec): number | undefined {
  switch (spec.kind) {
    case "tokenLength":
      return tokenCap(spec);
    case "and": {
      const caps = spec.parts.map(maxTokensOf).filter((c): c is number => c !== undefined);
      return caps.length === 0 ? undefined : Math.min(...caps);
    }
    case "or": {
      const caps = spec.parts.map(maxTokensOf);
      return caps.every((c): c is number => c !== undefined) && caps.length > 0 ? Math.max(...caps) : undefined;
    }
    default:
      return undefined;
  }
}
