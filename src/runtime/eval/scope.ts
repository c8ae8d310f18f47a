/**
 * Lexical scopes with Python's function-scope rules as far as queries need them: reading a name
 * walks outwards (locals, enclosing functions, globals, builtins); assigning always binds in the
 * innermost scope, so a function's assignment creates a local and never changes a global.
 * Names live in a Map, so `constructor` or `__proto__` are ordinary names, not JS internals.
 */
import type { Value } from "./value.js";

export class Scope {
  readonly parent: Scope | undefined;
  private readonly vars = new Map<string, Value>();

  constructor(parent?: Scope) {
    this.parent = parent;
  }

  /** The value bound to `name` here or in an enclosing scope; `undefined` if unbound (None is `null`). */
  get(name: string): Value | undefined {
    for (let s: Scope | undefined = this; s !== undefined; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined || s.vars.has(name)) return v;
    }
    return undefined;
  }

  has(name: string): boolean {
    for (let s: Scope | undefined = this; s !== undefined; s = s.parent) if (s.vars.has(name)) return true;
    return false;
  }

  /** Binds in this scope (Python assignment). */
  set(name: string, value: Value): void {
    this.vars.set(name, value);
  }

  hasOwn(name: string): boolean {
    return this.vars.has(name);
  }

  delete(name: string): boolean {
    return this.vars.delete(name);
  }

  /** Names bound in this scope, in binding order. */
  names(): string[] {
    return [...this.vars.keys()];
  }

  /** The bindings of this scope only (not the enclosing ones). */
  entries(): [string, Value][] {
    return [...this.vars.entries()];
  }

  /** Every name visible from here (for "did you mean" hints). */
  visibleNames(): Set<string> {
    const out = new Set<string>();
    for (let s: Scope | undefined = this; s !== undefined; s = s.parent) for (const k of s.vars.keys()) out.add(k);
    return out;
  }

  /** A new scope nested in this one (a function call, a comprehension). */
  child(): Scope {
    return new Scope(this);
  }
}
