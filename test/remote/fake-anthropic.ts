/**
 * A fake Anthropic Messages API on 127.0.0.1 for tests: the real SDK talks to it over HTTP. It
 * answers `/v1/messages` in the wire format (SSE when `stream` is set), applies `stop_sequences`
 * and `max_tokens` the way the API does (the matched stop sequence is not returned), emulates the
 * prompt cache at `cache_control` breakpoints, records every request, and can answer with an error
 * status (with `retry-after`), a delay, or a stream cut short.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface WireBlock {
  readonly type: "text";
  readonly text: string;
  readonly cache_control?: { readonly type: string };
}

export interface WireRequest {
  readonly model: string;
  readonly max_tokens: number;
  readonly system?: string;
  readonly messages: readonly { readonly role: "user" | "assistant"; readonly content: string | readonly WireBlock[] }[];
  readonly stop_sequences?: readonly string[];
  readonly stream?: boolean;
  readonly temperature?: number;
}

export interface Recorded {
  readonly body: WireRequest;
  readonly headers: IncomingMessage["headers"];
  readonly at: number;
}

export type FakeReply =
  /** The model writes `text`; stops and max_tokens are applied to it as the API would. */
  | { readonly kind: "text"; readonly text: string; readonly delayMs?: number; readonly chunk?: number; readonly cutAfterChunks?: number }
  | { readonly kind: "status"; readonly status: number; readonly retryAfter?: string; readonly errorType?: string };

/** A token of the fake model: four characters (input and output alike). */
export const CHARS_PER_TOKEN = 4;
const tokensOf = (s: string): number => Math.ceil(s.length / CHARS_PER_TOKEN);

/** The user turn's text (blocks joined) and the assistant prefill, as the model would read them. */
export function documentOf(req: WireRequest): { user: string; prefill: string } {
  const text = (c: string | readonly WireBlock[]): string => (typeof c === "string" ? c : c.map((b) => b.text).join(""));
  const user = req.messages.filter((m) => m.role === "user").map((m) => text(m.content)).join("");
  const last = req.messages[req.messages.length - 1];
  return { user, prefill: last?.role === "assistant" ? text(last.content) : "" };
}

export class FakeAnthropic {
  readonly requests: Recorded[] = [];
  #server: Server | undefined;
  /** Prefixes written to the cache (system + user blocks up to a breakpoint). */
  readonly #cache = new Set<string>();

  constructor(private readonly respond: (req: WireRequest, index: number) => FakeReply) {}

  get url(): string {
    const port = (this.#server!.address() as AddressInfo).port;
    return `http://127.0.0.1:${port}`;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((ok) => this.#server!.listen(0, "127.0.0.1", ok));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    if (req.method !== "POST" || req.url?.split("?")[0] !== "/v1/messages") {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ type: "error", error: { type: "not_found_error", message: req.url } }));
      return;
    }
    const body = JSON.parse(raw) as WireRequest;
    const index = this.requests.length;
    this.requests.push({ body, headers: req.headers, at: Date.now() });
    const reply = this.respond(body, index);
    if (reply.kind === "status") {
      const headers: Record<string, string> = { "content-type": "application/json", ...(reply.retryAfter === undefined ? {} : { "retry-after": reply.retryAfter }) };
      res.writeHead(reply.status, headers).end(JSON.stringify({ type: "error", error: { type: reply.errorType ?? "api_error", message: `injected ${reply.status}` } }));
      return;
    }
    if (reply.delayMs !== undefined) await new Promise((ok) => setTimeout(ok, reply.delayMs));
    const out = applyLimits(body, reply.text);
    const usage = { ...this.#cacheUsage(body), output_tokens: tokensOf(out.text) };
    if (body.stream === true) this.#stream(res, body, out, usage, reply);
    else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(message(body, out, usage)));
  }

  /** Reads the longest cached prefix at a block boundary, then writes the breakpoint's prefix. */
  #cacheUsage(body: WireRequest): { input_tokens: number; cache_read_input_tokens: number; cache_creation_input_tokens: number } {
    const blocks = body.messages[0]?.content;
    const doc = documentOf(body);
    const total = tokensOf((body.system ?? "") + doc.user + doc.prefill);
    if (typeof blocks === "string" || blocks === undefined) return { input_tokens: total, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
    let prefix = body.system ?? "";
    let read = "";
    let write: string | undefined;
    for (const b of blocks) {
      prefix += b.text;
      if (this.#cache.has(prefix)) read = prefix;
      if (b.cache_control !== undefined) write = prefix;
    }
    const created = write !== undefined && write !== read ? tokensOf(write) - tokensOf(read) : 0;
    if (write !== undefined) this.#cache.add(write);
    return { input_tokens: total - tokensOf(read) - created, cache_read_input_tokens: tokensOf(read), cache_creation_input_tokens: created };
  }

  #stream(res: ServerResponse, body: WireRequest, out: Limited, usage: Usage, reply: FakeReply & { kind: "text" }): void {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const send = (type: string, data: object): void => void res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    send("message_start", { message: { ...message(body, { text: "", stop: null, sequence: null }, { ...usage, output_tokens: 1 }), content: [] } });
    send("content_block_start", { index: 0, content_block: { type: "text", text: "" } });
    const size = reply.chunk ?? 3;
    let sent = 0;
    for (let i = 0; i < out.text.length; i += size) {
      if (reply.cutAfterChunks !== undefined && sent === reply.cutAfterChunks) {
        res.end();
        return;
      }
      send("content_block_delta", { index: 0, delta: { type: "text_delta", text: out.text.slice(i, i + size) } });
      sent++;
    }
    if (reply.cutAfterChunks !== undefined) {
      res.end();
      return;
    }
    send("content_block_stop", { index: 0 });
    send("message_delta", { delta: { stop_reason: out.stop, stop_sequence: out.sequence }, usage: { output_tokens: usage.output_tokens } });
    send("message_stop", {});
    res.end();
  }
}

interface Limited {
  readonly text: string;
  readonly stop: "end_turn" | "stop_sequence" | "max_tokens" | null;
  readonly sequence: string | null;
}

type Usage = { input_tokens: number; output_tokens: number; cache_read_input_tokens: number; cache_creation_input_tokens: number };

/** The API's rules: the earliest stop sequence ends the text (and is dropped); then max_tokens. */
function applyLimits(body: WireRequest, text: string): Limited {
  let cut = text.length;
  let sequence: string | null = null;
  for (const s of body.stop_sequences ?? []) {
    const at = text.indexOf(s);
    if (at >= 0 && at < cut) {
      cut = at;
      sequence = s;
    }
  }
  const max = body.max_tokens * CHARS_PER_TOKEN;
  if (cut > max) return { text: text.slice(0, max), stop: "max_tokens", sequence: null };
  return { text: text.slice(0, cut), stop: sequence === null ? "end_turn" : "stop_sequence", sequence };
}

function message(body: WireRequest, out: Limited, usage: Usage): object {
  return {
    id: "msg_fake",
    type: "message",
    role: "assistant",
    model: body.model,
    content: out.text === "" ? [] : [{ type: "text", text: out.text }],
    stop_reason: out.stop,
    stop_sequence: out.sequence,
    usage,
  };
}
