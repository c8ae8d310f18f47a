/** Prints the benchmark's figures as a plain-text table with ratios ours ÷ XGrammar. */
import type { EndDiff } from "./compare.js";
import type { MaskBenchResults, VocabResult } from "./results.js";

const HEADER = [
  "vocab",
  "constraint",
  "steps",
  "compile ms",
  "xgr ms",
  "÷",
  "cold µs",
  "xgr cold",
  "÷",
  "warm µs (p90)",
  "xgr warm (p90)",
  "÷",
  "mask diffs",
];

export function formatTable(results: MaskBenchResults): string {
  const rows: string[][] = [HEADER];
  for (const vocab of results.vocab) rows.push(...vocabRows(vocab));
  const widths = HEADER.map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  const lines = rows.map((row) => row.map((cell, col) => pad(cell, widths[col], col)).join("  "));
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  return [...lines, "", ...results.vocab.map(vocabLine)].join("\n");
}

function vocabRows(vocab: VocabResult): string[][] {
  return vocab.constraints.map((c) => [
    `${vocab.name} (${vocab.size})`,
    c.name,
    String(c.steps),
    num(c.compileMs),
    num(c.xgrammarCompileMs),
    ratio(c.compileMs, c.xgrammarCompileMs),
    `${num(c.coldUs)} (${num(c.coldP90Us)})`,
    `${num(c.xgrammarColdUs)} (${num(c.xgrammarColdP90Us)})`,
    ratio(c.coldUs, c.xgrammarColdUs),
    `${num(c.warmUs)} (${num(c.warmP90Us)})`,
    `${num(c.xgrammarWarmUs)} (${num(c.xgrammarWarmP90Us)})`,
    ratio(c.warmUs, c.xgrammarWarmUs),
    c.maskCounts === null ? "n/a" : c.maskDiffs.length === 0 ? "none" : `${c.maskDiffs.length} steps`,
  ]);
}

function vocabLine(vocab: VocabResult): string {
  return (
    `${vocab.name}: ${vocab.size} tokens; tokenizer.json parse ${num(vocab.jsonParseMs)} ms; ` +
    `our vocabulary ${num(vocab.vocabularyMs)} ms + trie ${num(vocab.trieMs)} ms ` +
    `(trie arrays ${num(vocab.trieMB)} MB; first compile ${num(vocab.firstCompileMs)} ms), heap +${num(vocab.heapMB)} MB, ` +
    `array buffers +${num(vocab.arrayBuffersMB)} MB; XGrammar TokenizerInfo ${num(vocab.xgrammarVocabMs)} ms`
  );
}

function num(value: number | null): string {
  if (value === null) return "—";
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function ratio(ours: number | null, theirs: number): string {
  if (ours === null || theirs <= 0) return "—";
  return `${(ours / theirs).toFixed(2)}×`;
}

function pad(cell: string, width: number, col: number): string {
  // Names left-aligned, figures right-aligned.
  return col < 2 ? cell.padEnd(width) : cell.padStart(width);
}

/** "steps 0–15 (ours true, XGrammar false)": consecutive steps with the same answers as one run. */
function endDiffRuns(diffs: readonly EndDiff[]): string {
  const runs: string[] = [];
  let i = 0;
  while (i < diffs.length) {
    let j = i;
    const same = (d: EndDiff): boolean => d.ours === diffs[i].ours && d.xgrammar === diffs[i].xgrammar;
    while (j + 1 < diffs.length && diffs[j + 1].step === diffs[j].step + 1 && same(diffs[j + 1])) j++;
    const steps = i === j ? `step ${diffs[i].step}` : `steps ${diffs[i].step}–${diffs[j].step}`;
    runs.push(`${steps} (ours ${diffs[i].ours}, XGrammar ${diffs[i].xgrammar})`);
    i = j + 1;
  }
  return runs.join(", ");
}

/** One paragraph per constraint whose masks differ between the engines, with example tokens. */
export function formatDiffs(results: MaskBenchResults): string {
  const lines: string[] = [];
  for (const vocab of results.vocab) {
    for (const c of vocab.constraints) {
      if (c.maskDiffs.length === 0 && c.endDiffs.length === 0) continue;
      const onlyOurs = c.maskDiffs.reduce((sum, d) => sum + d.onlyOurs, 0);
      const onlyTheirs = c.maskDiffs.reduce((sum, d) => sum + d.onlyXGrammar, 0);
      const classes = new Map<string, number>();
      for (const d of c.maskDiffs) {
        for (const [kind, n] of Object.entries(d.classes)) classes.set(kind, (classes.get(kind) ?? 0) + (n ?? 0));
      }
      const classText = [...classes].map(([kind, n]) => `${kind} ${n}`).join(", ");
      lines.push(
        `${vocab.name}/${c.name}: masks differ at ${c.maskDiffs.length} of ${c.steps} steps ` +
          `(token-steps only in ours ${onlyOurs}, only in XGrammar ${onlyTheirs}; ${classText || "none"})`,
      );
      const first = c.maskDiffs[0];
      if (first) lines.push(`    step ${first.step}: ${first.samples.join("; ")}`);
      if (c.endDiffs.length > 0) lines.push(`    end-of-value allowed differently at ${endDiffRuns(c.endDiffs)}`);
    }
  }
  return lines.length === 0 ? "Masks: identical in both engines at every step." : lines.join("\n");
}
