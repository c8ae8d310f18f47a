/**
 * Stop sequences for backends that stop server-side: the hole's own stop phrases (STOPS_AT /
 * STOPS_BEFORE in its top-level conjunction) and the template text that follows the hole in the
 * program, so a model that goes on writing the template (`\nA:` after a question) is cut before it
 * and never leaks template text into a value.
 */
import type { ConstraintSpec } from "../../constraints/spec.js";
import type { CompiledConstraint } from "../../constraints/engine.js";
import type { IrStmt, Program, SegmentIr } from "../../ir/ir.js";
import { unreachable } from "../../diagnostics/diagnostic.js";

/** The spec a compiled constraint was built from (the engine's `Compiled` keeps it). */
export function specOf(constraint: CompiledConstraint): ConstraintSpec | undefined {
  const spec = (constraint as { readonly spec?: ConstraintSpec }).spec;
  return spec !== undefined && typeof spec === "object" && "kind" in spec ? spec : undefined;
}

/** Phrases that end the value: only those of the top-level conjunction (under `or`/`not` they may not). */
export function constraintStops(spec: ConstraintSpec | undefined): { readonly at: string[]; readonly before: string[] } {
  const out = { at: [] as string[], before: [] as string[] };
  const visit = (s: ConstraintSpec): void => {
    if (s.kind === "and") s.parts.forEach(visit);
    else if (s.kind === "stopsAt" && s.stop !== "") out.at.push(s.stop);
    else if (s.kind === "stopsBefore" && s.stop !== "") out.before.push(s.stop);
  };
  if (spec !== undefined) visit(spec);
  return out;
}

/** Hole name → the start of the template text after each of its occurrences. */
export function templateStops(program: Program): ReadonlyMap<string, readonly string[]> {
  const out = new Map<string, string[]>();
  const visit = (stmts: readonly IrStmt[]): void => {
    for (const s of stmts) {
      switch (s.kind) {
        case "prompt": collect(s.segments, out); break;
        case "if": s.branches.forEach((b) => visit(b.body)); visit(s.orelse); break;
        case "for": case "while": visit(s.body); visit(s.orelse); break;
        case "def": visit(s.body); break;
        case "expr": case "assign": case "augassign": case "break": case "continue": case "pass": case "return": case "assert": break;
        default: unreachable(s);
      }
    }
  };
  visit(program.body);
  return out;
}

function collect(segments: readonly SegmentIr[], out: Map<string, string[]>): void {
  segments.forEach((seg, i) => {
    const next = segments[i + 1];
    if (seg.kind !== "hole" || next === undefined || next.kind !== "text") return;
    const phrase = leadingLine(next.text);
    if (phrase === undefined) return;
    const list = out.get(seg.name) ?? [];
    if (!list.includes(phrase)) list.push(phrase);
    out.set(seg.name, list);
  });
}

/** The text up to the end of its first non-blank line (leading line breaks kept), trailing blanks cut. */
function leadingLine(text: string): string | undefined {
  const firstVisible = text.search(/\S/u);
  if (firstVisible < 0) return undefined;
  const eol = text.indexOf("\n", firstVisible);
  return (eol < 0 ? text : text.slice(0, eol)).trimEnd();
}
