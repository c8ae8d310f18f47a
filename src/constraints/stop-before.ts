/**
 * `STOPS_BEFORE(X, s)`: generation stops when a phrase appears and the value is the text before it.
 * The other constraints speak about the value, so we build an automaton over the *generated* text:
 * an Aho–Corasick matcher over the phrases runs beside the value's DFA, which is kept at the point
 * just before the current partial phrase match (the matched bytes may yet turn out to be the phrase,
 * and then they are not part of the value). States where a phrase completed are final and record how
 * many bytes to strip.
 */
import { DEAD, explore, isContinuation, type Dfa } from "./dfa.js";

interface Matcher {
  /** goto[node * 256 + byte] → node. */
  readonly goto: Int32Array;
  readonly depth: Int32Array;
  /** Length of the longest phrase that is a suffix of the node's string, or 0. */
  readonly out: Int32Array;
  /** The node's string (bytes), to replay dropped bytes through the value DFA. */
  readonly text: readonly Uint8Array[];
}

function buildMatcher(phrases: readonly Uint8Array[]): Matcher {
  const children: Map<number, number>[] = [new Map()];
  const text: Uint8Array[] = [new Uint8Array(0)];
  const ends: number[] = [0];
  for (const p of phrases) {
    let node = 0;
    for (const b of p) {
      let next = children[node].get(b);
      if (next === undefined) {
        next = children.length;
        children.push(new Map());
        text.push(Uint8Array.of(...text[node], b));
        ends.push(0);
        children[node].set(b, next);
      }
      node = next;
    }
    ends[node] = Math.max(ends[node], p.length);
  }
  const n = children.length;
  const goto = new Int32Array(n * 256);
  const fail = new Int32Array(n);
  const out = Int32Array.from(ends);
  const depth = Int32Array.from(text.map((t) => t.length));
  const queue: number[] = [];
  for (let b = 0; b < 256; b++) {
    const c = children[0].get(b);
    goto[b] = c ?? 0;
    if (c !== undefined) queue.push(c);
  }
  for (let qi = 0; qi < queue.length; qi++) {
    const node = queue[qi];
    // The longest phrase ending here may end in a proper suffix (via the failure link).
    out[node] = Math.max(out[node], out[fail[node]]);
    for (let b = 0; b < 256; b++) {
      const c = children[node].get(b);
      if (c === undefined) goto[node * 256 + b] = goto[fail[node] * 256 + b];
      else {
        fail[c] = goto[fail[node] * 256 + b];
        goto[node * 256 + b] = c;
        queue.push(c);
      }
    }
  }
  return { goto, depth, out, text };
}

function run(d: Dfa, from: number, bytes: Uint8Array, start: number, end: number): number {
  let s = from;
  for (let i = start; i < end && s >= 0; i++) s = d.trans[s * 256 + bytes[i]];
  return s;
}

type Key =
  | { readonly kind: "run"; readonly node: number; readonly before: number }
  | { readonly kind: "ended"; readonly strip: number; readonly stripChars: number; readonly valueState: number };

export interface StopBeforeDfa extends Dfa {
  /** Per state: bytes at the end of the generated text that are the stop phrase, not the value. */
  readonly stripBytes: Int32Array;
  readonly stripChars: Int32Array;
}

/** `value` must be trimmed (−1 = cannot accept). `final` marks value states with no way to continue. */
export function stopBeforeDfa(value: Dfa, final: Uint8Array, phrases: readonly Uint8Array[]): StopBeforeDfa {
  const m = buildMatcher(phrases);
  const now = (k: Key & { kind: "run" }): number => run(value, k.before, m.text[k.node], 0, m.depth[k.node]);
  const step = (k: Key, b: number): Key | undefined => {
    if (k.kind === "ended") return undefined;
    const current = now(k);
    // Another constraint (e.g. STOPS_AT) already ended the value: whichever phrase comes first wins.
    if (current >= 0 && final[current] === 1) return undefined;
    const window = Uint8Array.of(...m.text[k.node], b);
    const next = m.goto[k.node * 256 + b];
    const phrase = m.out[next];
    if (phrase > 0) {
      const valueState = run(value, k.before, window, 0, window.length - phrase);
      if (valueState < 0) return undefined;
      let stripChars = 0;
      for (let i = window.length - phrase; i < window.length; i++) if (!isContinuation(window[i])) stripChars++;
      return { kind: "ended", strip: phrase, stripChars, valueState };
    }
    const before = run(value, k.before, window, 0, window.length - m.depth[next]);
    return before === DEAD ? undefined : { kind: "run", node: next, before };
  };
  const accepts = (k: Key): boolean => {
    const s = k.kind === "ended" ? k.valueState : now(k);
    return s >= 0 && value.accept[s] === 1;
  };
  const keyOf = (k: Key): string => (k.kind === "ended" ? `e${k.strip}:${k.valueState}` : `r${k.node}:${k.before}`);
  const d = explore<Key>({ kind: "run", node: 0, before: 0 }, keyOf, step, accepts);
  const stripBytes = Int32Array.from(d.keys, (k) => (k.kind === "ended" ? k.strip : 0));
  const stripChars = Int32Array.from(d.keys, (k) => (k.kind === "ended" ? k.stripChars : 0));
  return { states: d.states, trans: d.trans, accept: d.accept, stripBytes, stripChars };
}
