/** Prints the benchmark's figures as a plain-text table with ratios ours ÷ XGrammar. */
import type { ClassCounts, EndDiff, StepDiff } from "./compare.js";
import type { MaskBenchResults, VocabResult } from "./results.js";

const HEADER = [
  "vocab",
  "constraint",
  "steps",
  "compile cpu ms",
  "xgr",
  "÷",
  "cold µs (p90, max)",
  "xgr cold (p90, max)",
  "÷",
  "warm µs (p90)",
  "xgr warm (p90)",
  "÷",
  "new text µs (p90)",
  "xgr new",
  "÷",
  "mask diffs",
];

export function formatTable(results: MaskBenchResults): string {
  const rows: string[][] = [HEADER];
  for (const vocab of results.vocab) rows.push(...vocabRows(vocab));
  const widths = HEADER.map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  const lines = rows.map((row) => row.map((cell, col) => pad(cell, widths[col], col)).join("  "));
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  const [atStart, atEnd] = results.meta.loadAverage;
  const load = `load average ${atStart} → ${atEnd} on ${results.meta.cores} cores (shared machine)`;
  return [...lines, "", ...results.vocab.map(vocabLine), load].join("\n");
}

function vocabRows(vocab: VocabResult): string[][] {
  return vocab.constraints.map((c) => [
    `${vocab.name} (${vocab.size})`,
    c.name,
    String(c.steps),
    num(c.compileCpuMs),
    num(c.xgrammarCompileCpuMs),
    ratio(c.compileCpuMs, c.xgrammarCompileCpuMs),
    `${num(c.coldUs)} (${num(c.coldP90Us)}, ${num(c.coldMaxUs)})`,
    `${num(c.xgrammarColdUs)} (${num(c.xgrammarColdP90Us)}, ${num(c.xgrammarColdMaxUs)})`,
    ratio(c.coldUs, c.xgrammarColdUs),
    `${num(c.warmUs)} (${num(c.warmP90Us)})`,
    `${num(c.xgrammarWarmUs)} (${num(c.xgrammarWarmP90Us)})`,
    ratio(c.warmUs, c.xgrammarWarmUs),
    `${num(c.newTextUs)} (${num(c.newTextP90Us)})`,
    num(c.xgrammarNewTextUs),
    ratio(c.newTextUs, c.xgrammarNewTextUs),
    c.maskCounts === null ? "n/a" : c.maskDiffs.length === 0 ? "none" : `${c.maskDiffs.length} steps`,
  ]);
}

function vocabLine(vocab: VocabResult): string {
  return (
    `${vocab.name}: ${vocab.size} tokens; tokenizer.json parse ${num(vocab.jsonParseMs)} ms; ` +
    `our vocabulary ${num(vocab.vocabularyMs)} ms (cpu ${num(vocab.vocabularyCpuMs)}) + ` +
    `trie ${num(vocab.trieMs)} ms (cpu ${num(vocab.trieCpuMs)}), trie arrays ${num(vocab.trieMB)} MB, ` +
    `heap +${num(vocab.heapMB)} MB, array buffers +${num(vocab.arrayBuffersMB)} MB ` +
    `(+${num(vocab.afterWarmUpMB)} MB after the warm-up), ` +
    `first compile cpu ${num(vocab.firstCompileMs)} ms; ` +
    `XGrammar TokenizerInfo ${num(vocab.xgrammarVocabMs)} ms (cpu ${num(vocab.xgrammarVocabCpuMs)})`
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

/** The first differing step, and up to two steps holding tokens only the reference regex explains. */
function samplesWorthShowing(diffs: readonly StepDiff[]): StepDiff[] {
  const judged = (c: ClassCounts): boolean => (c.viable ?? 0) + (c["not-viable"] ?? 0) > 0;
  const unexplained = diffs.filter((d) => judged(d.onlyOurs) || judged(d.onlyXGrammar)).slice(0, 2);
  return diffs.length === 0 ? [] : [...new Set([diffs[0], ...unexplained])];
}

function classText(perStep: readonly ClassCounts[]): string {
  const total = new Map<string, number>();
  for (const counts of perStep) {
    for (const [kind, n] of Object.entries(counts)) total.set(kind, (total.get(kind) ?? 0) + (n ?? 0));
  }
  return total.size === 0 ? "none" : [...total].map(([kind, n]) => `${kind} ${n}`).join(", ");
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
      lines.push(
        `${vocab.name}/${c.name}: masks differ at ${c.maskDiffs.length} of ${c.steps} steps; token-steps ` +
          `only in ours: ${classText(c.maskDiffs.map((d) => d.onlyOurs))}; ` +
          `only in XGrammar: ${classText(c.maskDiffs.map((d) => d.onlyXGrammar))}`,
      );
      for (const d of samplesWorthShowing(c.maskDiffs)) lines.push(`    step ${d.step}: ${d.samples.join("; ")}`);
      if (c.endDiffs.length > 0) lines.push(`    end-of-value allowed differently at ${endDiffRuns(c.endDiffs)}`);
    }
  }
  return lines.length === 0 ? "Masks: identical in both engines at every step." : lines.join("\n");
}
