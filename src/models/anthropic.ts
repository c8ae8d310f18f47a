/**
 * Anthropic's Messages API as a text backend. The program's prompt goes in the user turn under a
 * system instruction to continue it; its last line goes in an assistant prefill, so the reply
 * continues mid-line exactly (a prefill may not end in whitespace: the trailing blanks are cut and
 * taken off the reply's start again). The user turn is split at the prompt lengths earlier calls
 * sent, and its last block is marked for prompt caching, so each call reads the previous call's
 * prefix from the cache. Retries (429/5xx/network, honouring `retry-after`) and the request timeout
 * are the SDK's; a broken stream is returned as `truncated` for the session to continue from.
 */
import Anthropic, { APIError, APIUserAbortError } from "@anthropic-ai/sdk";
import { NO_USAGE, TextModelError, type TextCapabilities, type TextModel, type TextReply, type TextRequest, type TextStopReason, type TextUsage } from "./text-model.js";

export interface AnthropicOptions {
  readonly apiKey?: string;
  readonly baseURL?: string;
  /** Retries of a failed request (429, 5xx, network); the SDK backs off and honours `retry-after`. */
  readonly maxRetries?: number;
  /** Per request, in milliseconds. */
  readonly timeoutMs?: number;
  /** Put the prompt's last line in an assistant prefill (default true; off for models that refuse one). */
  readonly prefill?: boolean;
}

export const ANTHROPIC_PREFIXES: readonly string[] = ["anthropic:", "anthropic/"];

/** `anthropic:claude-sonnet-4-5` or LMQL's `anthropic/claude-sonnet-4-5` → the API's model name. */
export function anthropicModelName(id: string): string | undefined {
  const prefix = ANTHROPIC_PREFIXES.find((p) => id.startsWith(p));
  return prefix === undefined ? undefined : id.slice(prefix.length);
}

const INSTRUCTION =
  "You continue documents. The user turn holds the start of a document; continue it exactly where it stops, " +
  "in the same style and format. Reply with the continuation only: no preamble, no commentary, no quotes.";

const CAPABILITIES: TextCapabilities = { logprobs: false, stopSequences: true, maxStopSequences: 16, promptCaching: true };

/** A missing key is reported before any work (one line, E818). */
export function openAnthropic(id: string, options: AnthropicOptions = {}, env: NodeJS.ProcessEnv = process.env): TextModel {
  const name = anthropicModelName(id);
  if (name === undefined || name === "") throw new TextModelError("E818", id, `'${id}' names no Anthropic model`, "write it as anthropic:MODEL, e.g. anthropic:claude-sonnet-4-5");
  const apiKey = options.apiKey ?? env["ANTHROPIC_API_KEY"];
  if (apiKey === undefined || apiKey === "") {
    throw new TextModelError("E818", id, `model '${id}' needs an API key: ANTHROPIC_API_KEY is not set`, "export ANTHROPIC_API_KEY=... (and ANTHROPIC_BASE_URL for a proxy), or pass apiKey");
  }
  const baseURL = options.baseURL ?? env["ANTHROPIC_BASE_URL"];
  const client = new Anthropic({
    apiKey,
    ...(baseURL === undefined || baseURL === "" ? {} : { baseURL }),
    maxRetries: options.maxRetries ?? 4,
    timeout: options.timeoutMs ?? 120_000,
  });
  return new AnthropicModel(id, name, client, options.prefill !== false);
}

class AnthropicModel implements TextModel {
  readonly kind = "text";
  readonly capabilities = CAPABILITIES;

  constructor(
    readonly id: string,
    private readonly name: string,
    private readonly client: Anthropic,
    private readonly prefill: boolean,
  ) {}

  async complete(request: TextRequest, onText?: (delta: string) => void): Promise<TextReply> {
    const { params, dropped } = buildParams(this.name, request, this.prefill);
    const strip = new LeadingStrip(dropped);
    let text = "";
    const stream = this.client.messages.stream(params, request.signal === undefined ? {} : { signal: request.signal });
    stream.on("text", (delta) => {
      const kept = strip.take(delta);
      if (kept === "") return;
      text += kept;
      onText?.(kept);
    });
    try {
      const message = await stream.finalMessage();
      const reason = message.stop_reason;
      return {
        text,
        stopReason: stopReasonOf(reason),
        ...(message.stop_sequence == null ? {} : { stopSequence: message.stop_sequence }),
        usage: usageOf(message.usage),
        // A stream cut before its message_delta has no stop reason.
        ...(reason == null ? { truncated: true } : {}),
      };
    } catch (e) {
      const partial = stream.currentMessage?.usage;
      if (e instanceof APIUserAbortError) return { text, stopReason: "other", usage: partial === undefined ? NO_USAGE : usageOf(partial) };
      if (text !== "" && !(e instanceof APIError && e.status !== undefined)) return { text, stopReason: "other", truncated: true, usage: partial === undefined ? NO_USAGE : usageOf(partial) };
      throw backendFailure(this.id, e);
    }
  }
}

type Params = Anthropic.MessageCreateParamsNonStreaming;

/** The request for one continuation; `dropped` is the whitespace cut off the prefill. */
export function buildParams(model: string, request: TextRequest, prefill: boolean): { params: Params; dropped: string } {
  const { prompt } = request;
  const { head, tail } = splitPrompt(prompt, prefill);
  const dropped = tail === "" ? "" : prompt.slice(head.length + tail.length);
  // Earlier calls sent their own heads: cut there, where their cache breakpoints were.
  const cuts = request.stablePrefixes.filter((n) => n <= prompt.length).map((n) => splitPrompt(prompt.slice(0, n), prefill).head.length);
  const messages: Anthropic.MessageParam[] = [{ role: "user", content: userBlocks(head, cuts) }];
  if (tail !== "") messages.push({ role: "assistant", content: tail });
  const stop = [...new Set(request.stop.filter((s) => s.trim() !== ""))].slice(0, CAPABILITIES.maxStopSequences);
  const params: Params = {
    model,
    max_tokens: request.maxTokens,
    system: INSTRUCTION,
    messages,
    ...(stop.length === 0 ? {} : { stop_sequences: stop }),
    ...(request.temperature === undefined ? {} : { temperature: Math.min(1, Math.max(0, request.temperature)) }),
  };
  return { params, dropped };
}

/** The user turn's text and the prefill (the last line, trailing blanks cut; "" for none). */
function splitPrompt(prompt: string, prefill: boolean): { head: string; tail: string } {
  const split = prefill ? prompt.lastIndexOf("\n") + 1 : prompt.length;
  const tail = prompt.slice(split).trimEnd();
  return tail === "" ? { head: prompt, tail: "" } : { head: prompt.slice(0, split), tail };
}

/**
 * The user turn as blocks cut where earlier calls' prompts ended (the API caches at block
 * boundaries), the last one marked for caching. Blocks must hold visible text.
 */
function userBlocks(head: string, boundaries: readonly number[]): Anthropic.TextBlockParam[] {
  if (head.trim() === "") return [{ type: "text", text: "(The document is empty: begin it.)" }];
  const cuts = [...new Set(boundaries.filter((n) => n > 0 && n < head.length))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let at = 0;
  for (const cut of [...cuts, head.length]) {
    const piece = head.slice(at, cut);
    at = cut;
    // A blank piece joins the next one (or the previous, at the end).
    if (pieces.length > 0 && pieces[pieces.length - 1]!.trim() === "") pieces[pieces.length - 1] += piece;
    else pieces.push(piece);
  }
  if (pieces.length > 1 && pieces[pieces.length - 1]!.trim() === "") pieces[pieces.length - 2] += pieces.pop()!;
  return pieces.map((text, i) => (i === pieces.length - 1 ? { type: "text", text, cache_control: { type: "ephemeral" } } : { type: "text", text }));
}

/** Takes the prefill's cut-off whitespace off the start of the reply, when the reply repeats it. */
class LeadingStrip {
  #left: string;
  constructor(dropped: string) {
    this.#left = dropped;
  }
  take(delta: string): string {
    let i = 0;
    while (this.#left !== "" && i < delta.length && delta[i] === this.#left[0]) {
      this.#left = this.#left.slice(1);
      i++;
    }
    if (i < delta.length) this.#left = "";
    return delta.slice(i);
  }
}

function stopReasonOf(reason: string | null | undefined): TextStopReason {
  switch (reason) {
    case "end_turn": return "end";
    case "stop_sequence": return "stop";
    case "max_tokens": return "length";
    default: return "other";
  }
}

interface WireUsage {
  readonly input_tokens?: number | null;
  readonly output_tokens?: number | null;
  readonly cache_read_input_tokens?: number | null;
  readonly cache_creation_input_tokens?: number | null;
}

function usageOf(u: WireUsage): TextUsage {
  return { inputTokens: u.input_tokens ?? 0, outputTokens: u.output_tokens ?? 0, cachedTokens: u.cache_read_input_tokens ?? 0, cacheWriteTokens: u.cache_creation_input_tokens ?? 0 };
}

function backendFailure(id: string, e: unknown): TextModelError {
  const detail = e instanceof APIError && e.status !== undefined ? `HTTP ${e.status}: ${e.message}` : e instanceof Error ? e.message : String(e);
  return new TextModelError("E817", id, `model '${id}' failed: ${detail}`, "check ANTHROPIC_BASE_URL, the model name and your quota; failed requests were retried with backoff");
}
