/** The class trie is an optimisation only: its masks must equal the byte trie's, step for step. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyse } from "../../src/constraints/analysis.js";
import { classTrieOf } from "../../src/constraints/class-trie.js";
import { Compiled } from "../../src/constraints/compiled.js";
import { lowerSpec } from "../../src/constraints/lower.js";
import { trieOf } from "../../src/constraints/trie.js";
import { vocabularyFromTokenizerJson } from "../../src/constraints/vocabulary.js";
import type { ConstraintSpec } from "../../src/constraints/spec.js";
import type { Vocabulary } from "../../src/constraints/engine.js";

const tiny = vocabularyFromTokenizerJson(JSON.parse(readFileSync(fileURLToPath(new URL("../../models/tiny-lm/tokenizer.json", import.meta.url)), "utf8")));

function both(spec: ConstraintSpec, vocab: Vocabulary): [Compiled, Compiled] {
  const plan = lowerSpec(spec);
  const trie = trieOf(vocab);
  return [new Compiled(spec, plan, analyse(plan), vocab, trie), new Compiled(spec, plan, analyse(plan), vocab, classTrieOf(trie, plan.dfa, plan.spillOk))];
}

function sameWalk(spec: ConstraintSpec, vocab: Vocabulary, seed: number): number {
  const [byBytes, byClasses] = both(spec, vocab);
  let a = byBytes.start();
  let b = byClasses.start();
  let rng = seed;
  let steps = 0;
  for (; steps < 40; steps++) {
    const ma = byBytes.mask(a);
    const mb = byClasses.mask(b);
    expect(Array.from(mb.allowed)).toEqual(Array.from(ma.allowed));
    expect([mb.canEnd, mb.mustEnd, mb.count]).toEqual([ma.canEnd, ma.mustEnd, ma.count]);
    if (ma.count === 0) break;
    rng = (rng * 1103515245 + 12345) >>> 0;
    let pick = rng % ma.count;
    let id = 0;
    for (; id < vocab.size; id++) if ((ma.allowed[id >>> 5] & (1 << (id & 31))) !== 0 && pick-- === 0) break;
    const na = byBytes.advance(a, id)!;
    const nb = byClasses.advance(b, id)!;
    expect(nb.valueEndsAfter).toBe(na.valueEndsAfter);
    a = na.state;
    b = nb.state;
  }
  return steps;
}

describe("class trie", () => {
  it("merges tokens with the same class signature", () => {
    const plan = lowerSpec({ kind: "regex", pattern: "[A-Za-z ,]{1,39}\\." });
    const classes = classTrieOf(trieOf(tiny), plan.dfa, plan.spillOk);
    expect(classes.nodeCount).toBeLessThan(trieOf(tiny).nodeCount / 4);
    expect([...classes.tokens].sort((x, y) => x - y)).toEqual([...trieOf(tiny).tokens].sort((x, y) => x - y));
  });

  it("gives the byte trie's masks on tiny-lm for counting regexes, stops and caps", () => {
    const specs: ConstraintSpec[] = [
      { kind: "regex", pattern: "[A-Za-z ,]{1,39}\\." },
      { kind: "regex", pattern: "[^\\n]{0,80}\\n" },
      { kind: "regex", pattern: "[a-z0-9._]+@[a-z0-9]+\\.[a-z]{2,4}" },
      { kind: "and", parts: [{ kind: "stopsAt", stop: "\n" }, { kind: "charLength", op: "<", n: 30 }, { kind: "contains", text: "é" }] },
      { kind: "and", parts: [{ kind: "stopsBefore", stop: "." }, { kind: "regex", pattern: "[a-z ]{0,70}" }] },
    ];
    let steps = 0;
    for (const spec of specs) for (let seed = 1; seed <= 3; seed++) steps += sameWalk(spec, tiny, seed);
    expect(steps).toBeGreaterThan(60);
  });
});
