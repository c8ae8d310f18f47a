/**
 * Reading a query file for `check` and `run`. A file that is not valid UTF-8 is a located error
 * (E001) rather than text with U+FFFD silently substituted for its bad bytes.
 */
import { readFile } from "node:fs/promises";
import { error, type Diagnostic, type Source } from "../diagnostics/diagnostic.js";

export const INVALID_UTF8 = "E001";

export interface ReadQuery {
  readonly source: Source;
  /** E001 at the first invalid byte sequence, if any. */
  readonly encoding: Diagnostic | undefined;
}

/** The file as a Source; throws what `readFile` throws (the caller reports it). */
export async function readQuery(file: string): Promise<ReadQuery> {
  const bytes = await readFile(file);
  const text = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false }).decode(bytes);
  const at = firstInvalid(text, bytes);
  const source: Source = { name: file, text };
  if (at === undefined) return { source, encoding: undefined };
  const diagnostic = error(INVALID_UTF8, `the file is not valid UTF-8 (byte ${at.byte} cannot be decoded)`, { start: at.char, end: at.char + 1 }, "save the query as UTF-8");
  return { source, encoding: diagnostic };
}

/** Where the decoder substituted U+FFFD for bytes that were not the character U+FFFD itself. */
function firstInvalid(text: string, bytes: Uint8Array): { char: number; byte: number } | undefined {
  if (!text.includes("\ufffd")) return undefined;
  let byte = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf && !text.startsWith("\ufeff") ? 3 : 0;
  for (let char = 0; char < text.length; ) {
    const cp = text.codePointAt(char)!;
    const width = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (cp === 0xfffd && !(bytes[byte] === 0xef && bytes[byte + 1] === 0xbf && bytes[byte + 2] === 0xbd)) return { char, byte };
    byte += width;
    char += cp > 0xffff ? 2 : 1;
  }
  return undefined;
}
