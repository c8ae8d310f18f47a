/** What a run reports while it goes, for streaming output (`run({ onEvent })`, the CLI). */
import type { ConstraintSpec } from "../constraints/spec.js";
import type { OptionScore } from "./decode/types.js";

export type RunEvent =
  /** Prompt text as it is decided: template text (`generated: false`) or a hole's tokens. */
  | { readonly type: "text"; readonly text: string; readonly generated: boolean; readonly variable?: string; readonly result: number }
  /** A role switch; `text` is what it added to the prompt (the model's role marker, if any). */
  | { readonly type: "role"; readonly role: string; readonly text: string; readonly result: number }
  /**
   * Post-processing changed text already streamed: the prompt from character `at` on (which read
   * `removed`) now reads `text`. A hole's value after STOPS_BEFORE, a cast or a decorator, or a
   * nested query unwound to its result. Applying every text and rewrite event in order to a buffer
   * gives the prompt exactly.
   */
  | { readonly type: "rewrite"; readonly at: number; readonly removed: string; readonly text: string; readonly variable?: string; readonly result: number }
  | { readonly type: "hole-start"; readonly variable: string; readonly result: number }
  /**
   * `value` is the variable's final value as JSON (cast, decorated). For a decoded hole, `text` is
   * the raw value and `spec` the constraint it was decoded under (for tools that re-check values).
   */
  | { readonly type: "hole-end"; readonly variable: string; readonly value: unknown; readonly text?: string; readonly spec?: ConstraintSpec; readonly result: number }
  | { readonly type: "distribution"; readonly variable: string; readonly scores: readonly OptionScore[]; readonly result: number }
  /** What the query's `print()` wrote. */
  | { readonly type: "print"; readonly text: string; readonly result: number }
  /** Model loading progress (a percentage, when known). */
  | { readonly type: "model-loading"; readonly model: string; readonly progress?: number; readonly file?: string };

export type RunEventHandler = (event: RunEvent) => void;
