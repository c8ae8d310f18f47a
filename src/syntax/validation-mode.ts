/**
 * Chevrotain's lexer and grammar validations (ambiguities, left recursion, unreachable tokens) cost
 * a large share of start-up and can only fail when the grammar itself changes: they run under the
 * test runner, not for users.
 */
export const SKIP_GRAMMAR_VALIDATIONS = process.env["VITEST"] === undefined;
