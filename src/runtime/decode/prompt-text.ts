/**
 * The prompt as the model sees it: template text, generated values and role markers. Text runs are
 * tokenized together (as the model would tokenize the whole text); role markers that the tokenizer
 * knows as special tokens (`<|user|>`) are inserted by id so they can never be spelled by text.
 */
import type { LogitsModel } from "../../models/model.js";

type Segment =
  | { readonly kind: "text"; readonly text: string }
  /** `role` is set on a marker that opens a turn (not on `<|end|>`). */
  | { readonly kind: "special"; readonly id: number; readonly text: string; readonly role?: string };

export class PromptText {
  readonly #model: LogitsModel;
  readonly #roles: RoleTokens | undefined;
  #segments: Segment[];
  #openRole: string | undefined;
  #tokens: number[] | undefined;

  constructor(model: LogitsModel, segments: Segment[] = [], openRole?: string) {
    this.#model = model;
    this.#roles = roleTokens(model.tokenizerJson);
    this.#segments = segments;
    this.#openRole = openRole;
  }

  get text(): string {
    return this.#segments.map((s) => s.text).join("");
  }

  append(text: string): void {
    if (text === "") return;
    const last = this.#segments[this.#segments.length - 1];
    if (last !== undefined && last.kind === "text") this.#segments[this.#segments.length - 1] = { kind: "text", text: last.text + text };
    else this.#segments.push({ kind: "text", text });
    this.#tokens = undefined;
  }

  /**
   * With role tokens, follows the chat template of tiny-lm-style models: `<|role|>\n` opens a turn
   * and `<|end|>\n` closes the previous one. Without them, LMQL's plain-text marker `\n((role)):`.
   */
  appendRole(role: string): void {
    const open = this.#roles?.byRole.get(role);
    if (this.#roles === undefined || open === undefined) {
      this.append(`\n((${role})):`);
      return;
    }
    if (this.#openRole !== undefined && this.#roles.end !== undefined) {
      this.#pushSpecial(this.#roles.end, "<|end|>");
      this.append("\n");
    }
    this.#pushSpecial(open, `<|${role}|>`, role);
    this.append("\n");
    this.#openRole = role;
  }

  /**
   * Cuts the prompt back to its first `length` characters: post-processing rewrites the value just
   * generated, a nested query that returns is unwound. The cut must not fall inside a role marker
   * (callers only rewind to lengths the prompt had); the open role is the one still open after it.
   */
  rewind(length: number): void {
    if (!Number.isInteger(length) || length < 0 || length > this.text.length) throw new RangeError(`cannot rewind a prompt of ${this.text.length} characters to ${length}`);
    const kept: Segment[] = [];
    let at = 0;
    for (const s of this.#segments) {
      if (at + s.text.length <= length) {
        kept.push(s);
        at += s.text.length;
        continue;
      }
      if (at === length) break;
      if (s.kind === "special") throw new RangeError(`cannot rewind into the role marker ${s.text}`);
      kept.push({ kind: "text", text: s.text.slice(0, length - at) });
      break;
    }
    this.#segments = kept;
    this.#openRole = lastOpenRole(kept);
    this.#tokens = undefined;
  }

  /** The token ids of the whole prompt: bos (if the model uses one), then each segment. */
  tokens(): readonly number[] {
    if (this.#tokens !== undefined) return this.#tokens;
    const ids: number[] = this.#model.bosTokenId === undefined ? [] : [this.#model.bosTokenId];
    for (const s of this.#segments) {
      if (s.kind === "special") ids.push(s.id);
      else for (const id of this.#model.encode(s.text)) ids.push(id);
    }
    this.#tokens = ids;
    return ids;
  }

  /** The tokens the prompt would have with `extra` text appended (for scoring continuations). */
  tokensWith(extra: string): number[] {
    const copy = this.fork();
    copy.append(extra);
    return [...copy.tokens()];
  }

  fork(): PromptText {
    const copy = new PromptText(this.#model, [...this.#segments], this.#openRole);
    copy.#tokens = this.#tokens;
    return copy;
  }

  #pushSpecial(id: number, text: string, role?: string): void {
    this.#segments.push(role === undefined ? { kind: "special", id, text } : { kind: "special", id, text, role });
    this.#tokens = undefined;
  }
}

/** The role whose turn is open at the end of `segments`: a closing `<|end|>` leaves none open. */
function lastOpenRole(segments: readonly Segment[]): string | undefined {
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = segments[i]!;
    if (s.kind === "special") return s.role;
  }
  return undefined;
}

interface RoleTokens {
  readonly byRole: ReadonlyMap<string, number>;
  readonly end: number | undefined;
}

const ROLE_TOKEN = /^<\|([a-z_]+)\|>$/;

/** `<|role|>` added tokens of a tokenizer.json, if it has any. */
function roleTokens(tokenizerJson: unknown): RoleTokens | undefined {
  const added = (tokenizerJson as { added_tokens?: unknown } | null)?.added_tokens;
  if (!Array.isArray(added)) return undefined;
  const byRole = new Map<string, number>();
  let end: number | undefined;
  for (const entry of added as { id?: unknown; content?: unknown }[]) {
    if (typeof entry.id !== "number" || typeof entry.content !== "string") continue;
    const m = ROLE_TOKEN.exec(entry.content);
    if (m === null) continue;
    if (m[1] === "end") end = entry.id;
    else if (m[1] !== "endoftext") byRole.set(m[1], entry.id);
  }
  return byRole.size === 0 ? undefined : { byRole, end };
}
