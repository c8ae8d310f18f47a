/**
 * lmql-ts public API. Every export is named here (no `export *`).
 */
export type { Diagnostic, Span, Severity, Source } from "./diagnostics/diagnostic.js";
export { LmqlError } from "./diagnostics/diagnostic.js";
export { renderDiagnostic, renderDiagnostics } from "./diagnostics/render.js";
