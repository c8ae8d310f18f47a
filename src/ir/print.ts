/**
 * A readable text form of the IR, for golden tests and debugging: one line per statement and
 * segment, each hole with its constraint template. Expressions are shown as their source text.
 */
import { unreachable, type Span } from "../diagnostics/diagnostic.js";
import type { ConstraintTemplate } from "./constraint-template.js";
import type { HoleIr, IrStmt, Program, SegmentIr } from "./ir.js";

export function printProgram(program: Program, source: string): string {
  const src = (span: Span): string => source.slice(span.start, span.end).replace(/\s*\n\s*/g, " ");
  const out: string[] = [];
  const clauses = [`decoder ${src(program.decoder.span) || program.decoder.name}`];
  if (program.model !== undefined) clauses.push(`model ${src(program.model.expr.span)}`);
  if (program.distribution !== undefined) clauses.push(`distribution ${program.distribution.variable} in ${src(program.distribution.options.span)}`);
  out.push(`program (${clauses.join("; ")}) holes [${program.holeNames.join(", ")}]`);
  printBlock(program.body, 1, out, src);
  return `${out.join("\n")}\n`;
}

type Src = (span: Span) => string;

function printBlock(stmts: readonly IrStmt[], depth: number, out: string[], src: Src): void {
  for (const s of stmts) printStmt(s, depth, out, src);
}

function printStmt(s: IrStmt, depth: number, out: string[], src: Src): void {
  const pad = "  ".repeat(depth);
  switch (s.kind) {
    case "prompt":
      out.push(`${pad}prompt`);
      for (const seg of s.segments) printSegment(seg, depth + 1, out, src);
      return;
    case "expr":
    case "assign":
    case "augassign":
    case "break":
    case "continue":
    case "pass":
    case "return":
    case "assert":
      out.push(`${pad}${src(s.span)}`);
      return;
    case "if":
      s.branches.forEach((b, i) => {
        out.push(`${pad}${i === 0 ? "if" : "elif"} ${src(b.test.span)}`);
        printBlock(b.body, depth + 1, out, src);
      });
      printElse(s.orelse, depth, out, src);
      return;
    case "for":
      out.push(`${pad}for ${src(s.target.span)} in ${src(s.iter.span)}`);
      printBlock(s.body, depth + 1, out, src);
      printElse(s.orelse, depth, out, src);
      return;
    case "while":
      out.push(`${pad}while ${src(s.test.span)}`);
      printBlock(s.body, depth + 1, out, src);
      printElse(s.orelse, depth, out, src);
      return;
    case "def":
      for (const d of s.decorators) out.push(`${pad}@${src(d.span)}`);
      out.push(`${pad}def ${s.name}(${s.params.map((p) => p.name).join(", ")}) ${s.flavor}`);
      printBlock(s.body, depth + 1, out, src);
      return;
    default:
      unreachable(s);
  }
}

function printElse(orelse: readonly IrStmt[], depth: number, out: string[], src: Src): void {
  if (orelse.length === 0) return;
  out.push(`${"  ".repeat(depth)}else`);
  printBlock(orelse, depth + 1, out, src);
}

function printSegment(seg: SegmentIr, depth: number, out: string[], src: Src): void {
  const pad = "  ".repeat(depth);
  switch (seg.kind) {
    case "text":
      out.push(`${pad}text ${JSON.stringify(seg.text)}`);
      return;
    case "interpolation":
      out.push(`${pad}interpolation ${src(seg.span)}`);
      return;
    case "role":
      out.push(`${pad}role ${seg.role}`);
      return;
    case "hole":
      printHole(seg, pad, out, src);
      return;
    default:
      unreachable(seg);
  }
}

function printHole(hole: HoleIr, pad: string, out: string[], src: Src): void {
  const value = hole.value.kind === "call" ? `call ${src(hole.value.span)}` : hole.value.kind;
  const decorators = hole.decorators.map((d) => `@${src(d.span)} `).join("");
  out.push(`${pad}hole ${decorators}${hole.name}: ${value}`);
  out.push(`${pad}  constraint ${template(hole.constraint, src)}`);
  for (const check of hole.postChecks) out.push(`${pad}  post-check ${src(check.span)}`);
}

export function template(t: ConstraintTemplate, src: Src): string {
  switch (t.kind) {
    case "true":
    case "int":
    case "float":
      return t.kind;
    case "regex":
      return `regex(${src(t.pattern.span)})`;
    case "choice":
      return `choice(${src(t.options.span)})`;
    case "text":
      return `${t.op}(${src(t.text.span)})`;
    case "length":
      return `${t.measure}Length ${t.op} ${src(t.n.span)}`;
    case "condition":
      return `when[${t.holes.join(", ")}](${src(t.expr.span)})`;
    case "opaque":
      return `opaque(${src(t.expr.span)})`;
    case "and":
    case "or":
      return `${t.kind}(${t.parts.map((p) => template(p, src)).join(", ")})`;
    case "not":
      return `not(${template(t.part, src)})`;
    default:
      return unreachable(t);
  }
}
