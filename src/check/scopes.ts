/**
 * Name resolution with Python's function scoping: a name bound anywhere in a function body
 * (assignment, `for` target, hole, `def`, parameter) is local to that function; reads look in the
 * function, then its enclosing functions, then the module, then the builtins. Flow-insensitive on
 * purpose: a read before the binding is a runtime matter, not a typo. Reads that resolve nowhere
 * are the query's inputs.
 */
import { unreachable, type Span } from "../diagnostics/diagnostic.js";
import type { Expr, FunctionDef, PromptStmt, Query, Stmt } from "../syntax/ast.js";
import { isKnownGlobal, LIBRARY_NAMES } from "./known-names.js";
import { childBlocks, childExprs, holesOf } from "./walk.js";

export type BindingKind = "variable" | "hole" | "param" | "function";

export interface Frame {
  /** The function this frame belongs to; undefined for the module. */
  readonly owner: FunctionDef | undefined;
  readonly bindings: ReadonlyMap<string, ReadonlySet<BindingKind>>;
  readonly functions: ReadonlyMap<string, FunctionDef>;
  readonly parent: Frame | undefined;
}

export interface NameUse {
  readonly name: string;
  readonly span: Span;
}

export interface ScopeInfo {
  readonly module: Frame;
  /** The frame each prompt statement runs in (its holes bind there). */
  readonly frameOf: ReadonlyMap<PromptStmt, Frame>;
  /** Reads that resolve nowhere, in source order. */
  readonly unresolved: readonly NameUse[];
  /** Reads of `lmql` in ordinary code: lmql-ts provides its library only in clauses and decorators. */
  readonly libraryInCode: readonly NameUse[];
}

export interface Resolved {
  readonly frame: Frame;
  readonly kinds: ReadonlySet<BindingKind>;
  readonly fn: FunctionDef | undefined;
}

/** Where `name` is bound, seen from `frame`. */
export function lookup(frame: Frame, name: string): Resolved | undefined {
  for (let f: Frame | undefined = frame; f !== undefined; f = f.parent) {
    const kinds = f.bindings.get(name);
    if (kinds !== undefined) return { frame: f, kinds, fn: f.functions.get(name) };
  }
  return undefined;
}

/** All names visible from `frame` (for suggestions). */
export function visibleNames(frame: Frame): Set<string> {
  const names = new Set<string>();
  for (let f: Frame | undefined = frame; f !== undefined; f = f.parent) for (const n of f.bindings.keys()) names.add(n);
  return names;
}

interface MutableFrame extends Frame {
  readonly bindings: Map<string, Set<BindingKind>>;
  readonly functions: Map<string, FunctionDef>;
}

function bind(frame: MutableFrame, name: string, kind: BindingKind): void {
  const kinds = frame.bindings.get(name);
  if (kinds === undefined) frame.bindings.set(name, new Set([kind]));
  else kinds.add(kind);
}

/** Names bound by an assignment target (`a`, `a, (b, *c)`); attributes and indexes bind nothing. */
export function targetNames(target: Expr): NameUse[] {
  switch (target.kind) {
    case "name":
      return [{ name: target.name, span: target.span }];
    case "tuple":
    case "list":
      return target.elements.flatMap(targetNames);
    case "starred":
      return targetNames(target.expr);
    default:
      return [];
  }
}

function collectBindings(block: readonly Stmt[], frame: MutableFrame): void {
  for (const s of block) {
    switch (s.kind) {
      case "prompt":
        for (const h of holesOf(s)) bind(frame, h.name, "hole");
        break;
      case "assign":
        for (const t of s.targets) for (const n of targetNames(t)) bind(frame, n.name, "variable");
        break;
      case "augassign":
      case "annassign":
      case "for":
        for (const n of targetNames(s.target)) bind(frame, n.name, "variable");
        break;
      case "def":
        bind(frame, s.name, "function");
        frame.functions.set(s.name, s);
        break;
      default:
        break;
    }
    for (const inner of childBlocks(s)) collectBindings(inner, frame);
  }
}

class Resolver {
  readonly unresolved: NameUse[] = [];
  /** Reads of LMQL's library (`lmql.model(...)`) in ordinary code rather than in a clause. */
  readonly libraryInCode: NameUse[] = [];
  /** False while reading a clause or decorator, where the library is meant to be named. */
  private inCode = true;
  readonly frameOf = new Map<PromptStmt, Frame>();
  constructor(
    private readonly known: (name: string) => boolean,
    private readonly isLibrary: (name: string) => boolean,
  ) {}

  newFrame(owner: FunctionDef | undefined, parent: Frame | undefined, block: readonly Stmt[]): MutableFrame {
    const frame: MutableFrame = { owner, bindings: new Map(), functions: new Map(), parent };
    for (const p of owner?.params ?? []) bind(frame, p.name, "param");
    collectBindings(block, frame);
    return frame;
  }

  /** Reads of `e`, with `locals` bound by enclosing comprehensions and lambdas. */
  read(e: Expr, frame: Frame, locals: ReadonlySet<string> = new Set()): void {
    switch (e.kind) {
      case "name":
        if (!locals.has(e.name) && lookup(frame, e.name) === undefined) {
          if (!this.known(e.name)) this.unresolved.push({ name: e.name, span: e.span });
          else if (this.inCode && this.isLibrary(e.name)) this.libraryInCode.push({ name: e.name, span: e.span });
        }
        return;
      case "comprehension": {
        const inner = new Set(locals);
        for (const clause of e.clauses) {
          this.read(clause.iter, frame, inner);
          for (const n of targetNames(clause.target)) inner.add(n.name);
          for (const c of clause.conditions) this.read(c, frame, inner);
        }
        this.read(e.element, frame, inner);
        if (e.value !== undefined) this.read(e.value, frame, inner);
        return;
      }
      case "lambda": {
        const inner = new Set(locals);
        for (const p of e.params) {
          if (p.default !== undefined) this.read(p.default, frame, locals);
          inner.add(p.name);
        }
        this.read(e.body, frame, inner);
        return;
      }
      default:
        for (const child of childExprs(e)) this.read(child, frame, locals);
    }
  }

  /** Reads of an assignment target: only what attributes and indexes evaluate. */
  readTarget(target: Expr, frame: Frame): void {
    switch (target.kind) {
      case "name":
        return;
      case "tuple":
      case "list":
        for (const t of target.elements) this.readTarget(t, frame);
        return;
      case "starred":
        this.readTarget(target.expr, frame);
        return;
      default:
        this.read(target, frame);
    }
  }

  block(block: readonly Stmt[], frame: Frame): void {
    for (const s of block) this.statement(s, frame);
  }

  statement(s: Stmt, frame: Frame): void {
    this.statementReads(s, frame);
    for (const inner of childBlocks(s)) this.block(inner, frame);
  }

  /** The reads of a statement itself; nested blocks are walked by `statement`. */
  statementReads(s: Stmt, frame: Frame): void {
    switch (s.kind) {
      case "prompt":
        return this.prompt(s, frame);
      case "expr":
        return this.read(s.expr, frame);
      case "assign":
        this.read(s.value, frame);
        return s.targets.forEach((t) => this.readTarget(t, frame));
      case "augassign":
        this.read(s.value, frame);
        return this.read(s.target, frame);
      case "annassign":
        if (s.value !== undefined) this.read(s.value, frame);
        return this.readTarget(s.target, frame);
      case "if":
        return s.branches.forEach((b) => this.read(b.test, frame));
      case "for":
        this.read(s.iter, frame);
        return this.readTarget(s.target, frame);
      case "while":
        return this.read(s.test, frame);
      case "return":
        return s.value === undefined ? undefined : this.read(s.value, frame);
      case "assert":
        this.read(s.test, frame);
        return s.message === undefined ? undefined : this.read(s.message, frame);
      case "def":
        return this.functionDef(s, frame);
      case "break":
      case "continue":
      case "pass":
      case "unsupported":
        return;
      default:
        unreachable(s);
    }
  }

  prompt(s: PromptStmt, frame: Frame): void {
    this.frameOf.set(s, frame);
    for (const seg of s.segments) {
      if (seg.kind === "interpolation") this.read(seg.expr, frame);
      if (seg.kind !== "hole") continue;
      for (const d of seg.decorators) this.readClause(d, frame);
      // The callee of a `[X: fn(args)]` type is the holes pass's business; its arguments are reads.
      if (seg.type?.kind === "call") for (const a of seg.type.call.args) this.read(a.value, frame);
    }
    if (s.where !== undefined) this.read(s.where, frame);
  }

  /** A read where LMQL's library may be named: `from lmql.model(...)`, `[@lmql... X]`, `@lmql.query(...)`. */
  readClause(e: Expr, frame: Frame): void {
    this.inCode = false;
    try {
      this.read(e, frame);
    } finally {
      this.inCode = true;
    }
  }

  functionDef(s: FunctionDef, frame: Frame): void {
    // Decorators other than @lmql.query are reported as unsupported; their names are not inputs.
    for (const p of s.params) if (p.default !== undefined) this.read(p.default, frame);
    for (const a of s.queryOptions ?? []) this.readClause(a.value, frame);
    const inner = this.newFrame(s, frame, s.body);
    this.block(s.body, inner);
  }
}

/**
 * Resolves every name of the query; `known` says which extra names the host provides, `library`
 * which names were imported from LMQL's library (besides `lmql` itself).
 */
export function resolveScopes(query: Query, known: (name: string) => boolean = () => false, library: (name: string) => boolean = () => false): ScopeInfo {
  const isLibrary = (name: string): boolean => LIBRARY_NAMES.has(name) || library(name);
  const resolver = new Resolver((name) => isKnownGlobal(name) || isLibrary(name) || known(name), isLibrary);
  const module = resolver.newFrame(undefined, undefined, query.body);
  resolver.block(query.body, module);
  if (query.where !== undefined) resolver.read(query.where, module);
  if (query.model !== undefined) resolver.readClause(query.model.expr, module);
  for (const a of query.decoder?.args ?? []) resolver.read(a.value, module);
  if (query.distribution !== undefined) resolver.read(query.distribution.options, module);
  return { module, frameOf: resolver.frameOf, unresolved: resolver.unresolved, libraryInCode: resolver.libraryInCode };
}
