/**
 * Per-constraint tables computed once after lowering: which states are final, the unique next byte
 * where only one exists (fast-forward), and — when a character-length counter is active — for each
 * state the set of character counts with which the value can still be completed (`reach`). The last
 * is what lets a length cap stay a counter: viability of (state, count) is a lookup, not a new state.
 */
import { isContinuation, type Dfa } from "./dfa.js";
import { lengthHorizon } from "./length-set.js";
import { finalStates, type Plan } from "./lower.js";
import { ConstraintError } from "./errors.js";

export interface Analysis {
  readonly final: Uint8Array;
  /** The only byte leading to a live state, or −1 (none or several). */
  readonly onlyByte: Int16Array;
  /** Reach table width: indices 0..horizon, the last meaning "horizon or more". */
  readonly horizon: number;
  /** reach[s * (horizon + 1) + r] = 1 when the generated text can be completed from s adding r chars. */
  readonly reach: Uint8Array | undefined;
  /** Per state: the smallest reach index, or −1 when the value cannot be completed. */
  readonly minReach: Int32Array | undefined;
  /** Per state: every reach index from minReach up is reachable (the value can always be padded). */
  readonly upClosed: Uint8Array | undefined;
  /** Per state: the reachable indices form one interval (e.g. a final state: just one). */
  readonly contiguous: Uint8Array | undefined;
}

/** A reach table larger than this refuses to compile (an enormous length cap on a large pattern). */
const MAX_REACH_CELLS = 40_000_000;

export function analyse(plan: Plan): Analysis {
  const d = plan.dfa;
  const onlyByte = new Int16Array(d.states);
  for (let s = 0; s < d.states; s++) {
    let only = -1;
    for (let b = 0; b < 256; b++) {
      if (d.trans[s * 256 + b] < 0) continue;
      if (only === -1) only = b;
      else { only = -2; break; }
    }
    onlyByte[s] = only < 0 ? -1 : only;
  }
  if (plan.chars === undefined) {
    return { final: finalStates(d), onlyByte, horizon: 0, reach: undefined, minReach: undefined, upClosed: undefined, contiguous: undefined };
  }
  const horizon = lengthHorizon(plan.chars);
  if (d.states * (horizon + 1) > MAX_REACH_CELLS && plan.chars.min === 0 && plan.chars.excluded.length === 0) {
    // A plain cap needs only the shortest completion of each state (`len(A) < 10**9`).
    return { final: finalStates(d), onlyByte, horizon, reach: undefined, minReach: shortestCompletion(d), upClosed: undefined, contiguous: undefined };
  }
  if (d.states * (horizon + 1) > MAX_REACH_CELLS) {
    throw new ConstraintError(`length limit ${horizon} is too large for a pattern with ${d.states} states`);
  }
  const reach = reachTable(d, horizon);
  const width = horizon + 1;
  const minReach = new Int32Array(d.states).fill(-1);
  const upClosed = new Uint8Array(d.states);
  const contiguous = new Uint8Array(d.states);
  for (let s = 0; s < d.states; s++) {
    const row = reach.subarray(s * width, (s + 1) * width);
    minReach[s] = row.indexOf(1);
    const gap = minReach[s] < 0 ? -1 : row.indexOf(0, minReach[s]);
    upClosed[s] = minReach[s] >= 0 && gap < 0 ? 1 : 0;
    contiguous[s] = minReach[s] >= 0 && (gap < 0 || row.indexOf(1, gap) < 0) ? 1 : 0;
  }
  return { final: finalStates(d), onlyByte, horizon, reach, minReach, upClosed, contiguous };
}

/** Per state: the fewest characters that complete the value (0-1 BFS backwards), −1 if none. */
function shortestCompletion(d: Dfa): Int32Array {
  const rev = reverseEdges(d);
  const dist = new Int32Array(d.states).fill(-1);
  const done = new Uint8Array(d.states);
  let front: number[] = [];
  for (let s = 0; s < d.states; s++) if (d.accept[s] === 1) { dist[s] = 0; front.push(s); }
  for (let level = 0; front.length > 0; level++) {
    const next: number[] = [];
    for (let i = 0; i < front.length; i++) {
      const t = front[i];
      if (done[t] === 1) continue;
      done[t] = 1;
      for (const e of rev[t]) {
        const s = e >> 1;
        const cost = level + (e & 1);
        if (dist[s] >= 0 && dist[s] <= cost) continue;
        dist[s] = cost;
        if ((e & 1) === 0) front.push(s);
        else next.push(s);
      }
    }
    front = next;
  }
  return dist;
}

/** Predecessors of each state, once per (predecessor, counts-a-character) pair. */
function reverseEdges(d: Dfa): Int32Array[] {
  const lists: number[][] = Array.from({ length: d.states }, () => []);
  const seen = new Set<number>();
  for (let s = 0; s < d.states; s++) {
    seen.clear();
    for (let b = 0; b < 256; b++) {
      const t = d.trans[s * 256 + b];
      if (t < 0) continue;
      const code = t * 2 + (isContinuation(b) ? 0 : 1);
      if (seen.has(code)) continue;
      seen.add(code);
      lists[t].push(s * 2 + (isContinuation(b) ? 0 : 1));
    }
  }
  return lists.map((l) => Int32Array.from(l));
}

/** Backward search over (state, characters still to add) pairs from the accepting states. */
function reachTable(d: Dfa, horizon: number): Uint8Array {
  const width = horizon + 1;
  const reach = new Uint8Array(d.states * width);
  const rev = reverseEdges(d);
  const work: number[] = [];
  const mark = (s: number, r: number): void => {
    const cell = s * width + Math.min(r, horizon);
    if (reach[cell] === 0) { reach[cell] = 1; work.push(cell); }
  };
  for (let s = 0; s < d.states; s++) if (d.accept[s] === 1) mark(s, 0);
  while (work.length > 0) {
    const cell = work.pop()!;
    const t = Math.floor(cell / width);
    const r = cell - t * width;
    for (const e of rev[t]) mark(e >> 1, r + (e & 1));
  }
  return reach;
}
