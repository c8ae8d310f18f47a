/**
 * LMQL's model ids that name a backend other than in-process transformers. LMQL's meaning of an id
 * wins over reading it as a Hugging Face id: `openai/...` is the OpenAI API in LMQL.
 */
import type { Span } from "../diagnostics/diagnostic.js";
import type { Expr } from "../syntax/ast.js";

interface OtherBackend {
  readonly backend: string;
  readonly test: RegExp;
  /** How lmql-ts spells the id, where it provides the backend under another name. */
  readonly spelling?: (id: string) => string;
}

const OTHER_BACKENDS: readonly OtherBackend[] = [
  { backend: "the OpenAI API", test: /^(?:openai\/|azure\/|chatgpt$|gpt-(?:3\.5|4)|text-(?:davinci|curie|babbage|ada)-)/ },
  // `anthropic:` and `anthropic/` ids run on the Anthropic backend; a bare `claude-...` needs the prefix.
  { backend: "the Anthropic API", test: /^claude/, spelling: (id) => `anthropic:${id}` },
  { backend: "LMQL's random test model", test: /^random$/ },
  { backend: "llama.cpp", test: /^llama\.cpp:/ },
  { backend: "Replicate", test: /^replicate:/ },
];

/** The backend `id` names when lmql-ts does not provide it under that id. */
export function otherBackendOf(id: string): string | undefined {
  return findBackend(id)?.backend;
}

/** The id lmql-ts runs the backend under (`claude-x` → `anthropic:claude-x`), when there is one. */
export function providedSpellingOf(id: string): string | undefined {
  return findBackend(id)?.spelling?.(id.trim());
}

function findBackend(id: string): OtherBackend | undefined {
  return OTHER_BACKENDS.find((b) => b.test.test(id.trim()));
}

/**
 * The model id a `from` clause names: `from "id"`, or `from lmql.model("id", ...)` where, as in
 * LMQL, an `endpoint="replicate:..."`-style option overrides the id with another backend.
 * Undefined when the id is not a literal.
 */
export function modelIdOfClause(e: Expr): { readonly id: string; readonly span: Span } | undefined {
  if (e.kind === "string") return { id: e.value, span: e.span };
  if (e.kind !== "call") return undefined;
  const endpoint = e.args.find((a) => a.kind === "keyword" && a.name === "endpoint")?.value;
  if (endpoint?.kind === "string" && otherBackendOf(endpoint.value) !== undefined) return { id: endpoint.value, span: endpoint.span };
  const first = e.args[0];
  if (first !== undefined && first.kind === "positional" && first.value.kind === "string") return { id: first.value.value, span: first.value.span };
  return undefined;
}
