/**
 * Token id → exact bytes, read from a Hugging Face `tokenizer.json`. Masks work on bytes, so the
 * vocabulary is built from the token strings themselves, never by decoding single ids (decoding a
 * lone id loses the half of a UTF-8 character that byte-level BPE tokens often hold).
 */
import type { Vocabulary } from "./engine.js";
import { unreachable } from "../diagnostics/diagnostic.js";

export interface VocabularyOptions {
  /** Overrides the end-of-sequence ids found among the tokenizer's special tokens. */
  readonly eosTokenIds?: readonly number[];
}

/** Special-token texts that end a sequence in the common model families. */
const EOS_TEXTS: ReadonlySet<string> = new Set([
  "<|endoftext|>", "</s>", "<|end|>", "<|eot_id|>", "<|end_of_text|>", "<eos>", "<|im_end|>",
  "<end_of_turn>", "<|eos|>", "[SEP]",
]);

type Style = "byteLevel" | "sentencePiece" | "plain";

/** A vocabulary stored as one byte buffer plus offsets: cheap at 262k tokens. */
class FlatVocabulary implements Vocabulary {
  readonly size: number;
  readonly eosTokenIds: readonly number[];
  private readonly data: Uint8Array;
  private readonly offsets: Int32Array;
  private readonly special: Uint8Array;

  constructor(data: Uint8Array, offsets: Int32Array, special: Uint8Array, eos: readonly number[]) {
    this.size = special.length;
    this.data = data;
    this.offsets = offsets;
    this.special = special;
    this.eosTokenIds = eos;
  }

  bytes(id: number): Uint8Array {
    if (id < 0 || id >= this.size || this.special[id] === 1) return new Uint8Array(0);
    return this.data.subarray(this.offsets[id], this.offsets[id + 1]);
  }

  isSpecial(id: number): boolean {
    return id < 0 || id >= this.size || this.special[id] === 1;
  }
}

/** Builds a vocabulary from explicit byte strings (tests, and tokenizers read elsewhere). */
export function vocabularyFromBytes(
  tokens: readonly (Uint8Array | string | null)[],
  eosTokenIds: readonly number[] = [],
): Vocabulary {
  const encoder = new TextEncoder();
  const parts = tokens.map((t) => (t === null ? null : typeof t === "string" ? encoder.encode(t) : t));
  return flatten(parts, eosTokenIds);
}

function flatten(parts: readonly (Uint8Array | null)[], eos: readonly number[]): Vocabulary {
  let total = 0;
  for (const p of parts) total += p === null ? 0 : p.length;
  const data = new Uint8Array(total);
  const offsets = new Int32Array(parts.length + 1);
  const special = new Uint8Array(parts.length);
  let at = 0;
  parts.forEach((p, id) => {
    offsets[id] = at;
    if (p === null) special[id] = 1;
    else {
      data.set(p, at);
      at += p.length;
    }
  });
  offsets[parts.length] = at;
  return new FlatVocabulary(data, offsets, special, eos);
}

/**
 * GPT-2's bytes_to_unicode table, inverted: the code point a byte-level token uses → that byte
 * (−1 for code points the table never uses). All of them are below 324.
 */
function byteLevelDecoder(): Int16Array {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const isPrintable = new Set(printable);
  const decoder = new Int16Array(512).fill(-1);
  for (const b of printable) decoder[b] = b;
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!isPrintable.has(b)) decoder[256 + n++] = b;
  }
  return decoder;
}

const BYTE_LEVEL = byteLevelDecoder();
const ENCODER = new TextEncoder();
const BYTE_FALLBACK = /^<0x([0-9A-Fa-f]{2})>$/;

function byteLevelBytes(piece: string): Uint8Array | null {
  const out = new Uint8Array(piece.length);
  for (let i = 0; i < piece.length; i++) {
    const code = piece.charCodeAt(i);
    const b = code < 512 ? BYTE_LEVEL[code] : -1;
    if (b < 0) return null;
    out[i] = b;
  }
  return out;
}

function sentencePieceBytes(piece: string, byteFallback: boolean): Uint8Array {
  const m = byteFallback ? BYTE_FALLBACK.exec(piece) : null;
  if (m) return Uint8Array.of(parseInt(m[1], 16));
  return ENCODER.encode(piece.replaceAll("\u2581", " "));
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** All component types named in a (possibly nested `Sequence`) decoder or pre-tokenizer. */
function componentTypes(x: unknown, into: Set<string> = new Set()): Set<string> {
  if (!isRecord(x)) return into;
  if (typeof x.type === "string") into.add(x.type);
  for (const key of ["decoders", "pretokenizers"]) {
    const list = x[key];
    if (Array.isArray(list)) for (const d of list) componentTypes(d, into);
  }
  return into;
}

function detectStyle(json: Record<string, unknown>, model: Record<string, unknown>): Style {
  const types = componentTypes(json.decoder);
  componentTypes(json.pre_tokenizer, types);
  if (types.has("ByteLevel")) return "byteLevel";
  if (types.has("Metaspace") || types.has("ByteFallback") || types.has("Replace")) return "sentencePiece";
  if (model.type === "Unigram" || model.byte_fallback === true) return "sentencePiece";
  return "plain";
}

/** The model's pieces as id → text (BPE/WordPiece: a map; Unigram: a list of [piece, score]). */
function modelPieces(model: Record<string, unknown>): Map<number, string> {
  const pieces = new Map<number, string>();
  const vocab = model.vocab;
  if (Array.isArray(vocab)) {
    vocab.forEach((entry, id) => {
      if (Array.isArray(entry) && typeof entry[0] === "string") pieces.set(id, entry[0]);
    });
  } else if (isRecord(vocab)) {
    for (const [piece, id] of Object.entries(vocab)) if (typeof id === "number") pieces.set(id, piece);
  } else {
    throw new Error("tokenizer.json: model.vocab is missing");
  }
  return pieces;
}

interface AddedToken {
  readonly id: number;
  readonly content: string;
  readonly special: boolean;
}

function addedTokens(json: Record<string, unknown>): AddedToken[] {
  const list = json.added_tokens;
  if (!Array.isArray(list)) return [];
  const out: AddedToken[] = [];
  for (const t of list) {
    if (isRecord(t) && typeof t.id === "number" && typeof t.content === "string") {
      out.push({ id: t.id, content: t.content, special: t.special === true });
    }
  }
  return out;
}

/**
 * Reads a tokenizer.json (byte-level BPE, SentencePiece-style with `▁` and `<0xNN>` byte fallback,
 * or plain) into a byte vocabulary. Special added tokens get no bytes and `isSpecial`; non-special
 * added tokens are ordinary text. Throws for input that is not a tokenizer.json (a bug upstream).
 */
export function vocabularyFromTokenizerJson(json: unknown, options: VocabularyOptions = {}): Vocabulary {
  if (!isRecord(json) || !isRecord(json.model)) throw new Error("tokenizer.json: no model section");
  const model = json.model;
  const style = detectStyle(json, model);
  const byteFallback = model.byte_fallback === true || componentTypes(json.decoder).has("ByteFallback");
  const pieces = modelPieces(model);
  const added = addedTokens(json);
  let size = 0;
  for (const id of pieces.keys()) size = Math.max(size, id + 1);
  for (const t of added) size = Math.max(size, t.id + 1);
  const parts: (Uint8Array | null)[] = new Array<Uint8Array | null>(size).fill(null);
  for (const [id, piece] of pieces) parts[id] = pieceBytes(piece, style, byteFallback);
  const eos: number[] = [];
  for (const t of added) {
    parts[t.id] = t.special ? null : ENCODER.encode(t.content);
    if (t.special && EOS_TEXTS.has(t.content)) eos.push(t.id);
  }
  // Empty pieces (e.g. SentencePiece's <unk> placeholders) can never be part of a value.
  for (let id = 0; id < size; id++) if (parts[id]?.length === 0) parts[id] = null;
  return flatten(parts, options.eosTokenIds ?? eos);
}

function pieceBytes(piece: string, style: Style, byteFallback: boolean): Uint8Array | null {
  switch (style) {
    case "byteLevel":
      return byteLevelBytes(piece);
    case "sentencePiece":
      return sentencePieceBytes(piece, byteFallback);
    case "plain":
      return ENCODER.encode(piece);
    default:
      return unreachable(style);
  }
}
