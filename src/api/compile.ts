/**
 * `compile()`: source text → parsed, checked and lowered query, or the diagnostics that stop it.
 * Warnings (e.g. inputs without a value yet) travel with a successful result.
 */
import { hasErrors, LmqlError, type Diagnostic, type Source, type Span } from "../diagnostics/diagnostic.js";
import { checkSource } from "../check/check-source.js";
import { lower } from "../ir/lower.js";
import type { Program } from "../ir/ir.js";

export interface CompiledQuery {
  readonly kind: "compiled-query";
  readonly source: Source;
  readonly program: Program;
  /** Names the query reads but never defines: values the caller must supply. */
  readonly inputs: readonly string[];
  /** Where each input is first read (for "missing input" errors). */
  readonly inputSpans: ReadonlyMap<string, Span>;
  /** Warnings found while compiling. */
  readonly diagnostics: readonly Diagnostic[];
}

export type CompileResult =
  | { readonly kind: "ok"; readonly query: CompiledQuery; readonly diagnostics: readonly Diagnostic[] }
  | { readonly kind: "error"; readonly source: Source; readonly diagnostics: readonly Diagnostic[] };

export interface CompileOptions {
  /** Names of functions the host will register: never inputs. */
  readonly hostFunctions?: readonly string[];
}

export function toSource(source: string | Source, name = "<query>"): Source {
  return typeof source === "string" ? { name, text: source } : source;
}

export function compile(source: string | Source, options: CompileOptions = {}): CompileResult {
  const src = toSource(source);
  const checked = checkSource(src, options.hostFunctions === undefined ? {} : { hostFunctions: options.hostFunctions });
  const frontEnd = checked.diagnostics;
  if (hasErrors(frontEnd)) return { kind: "error", source: src, diagnostics: frontEnd };
  const lowered = lower(checked.value);
  const diagnostics = [...frontEnd, ...lowered.diagnostics];
  if (hasErrors(diagnostics)) return { kind: "error", source: src, diagnostics };
  const query: CompiledQuery = {
    kind: "compiled-query",
    source: src,
    program: lowered.value,
    inputs: checked.value.inputs,
    inputSpans: checked.value.inputSpans,
    diagnostics,
  };
  return { kind: "ok", query, diagnostics };
}

/** Like `compile` but throws an LmqlError carrying the diagnostics. */
export function compileOrThrow(source: string | Source, options: CompileOptions = {}): CompiledQuery {
  const result = compile(source, options);
  if (result.kind === "error") throw new LmqlError(result.diagnostics.filter((d) => d.severity === "error"), result.source);
  return result.query;
}
