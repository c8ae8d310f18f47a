/**
 * The prompt as the model sees it: template text, generated values and role markers. Text runs are
 * tokenized together (as the model would tokenize the whole text); role markers that the tokenizer
 * knows as special tokens (`<|user|>`) are inserted by id so they can never be spelled by text.
 */
import type { LogitsModel } from "../../models/model.js";

type Segment =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "special"; readonly id: number; readonly text: string };

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
    this.#pushSpecial(open, `<|${role}|>`);
    this.append("\n");
    this.#openRole = role;
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

  #pushSpecial(id: number, text: string): void {
    this.#segments.push({ kind: "special", id, text });
    this.#tokens = undefined;
  }
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
