/**
 * The mask engine's one exception. The checker reports bad constraints to users as diagnostics
 * before anything is compiled; this is the safety net for what slips through (an invalid regex, a
 * constraint whose automaton would be too large).
 */
export class ConstraintError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConstraintError";
  }
}
