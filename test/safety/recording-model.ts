/** A LogitsModel wrapper that records every token fed and can push chosen ids up (an adversary). */
import type { LogitsModel, ModelSession } from "../../src/models/model.js";

export interface RecordingModel extends LogitsModel {
  /** Every token fed to any session, in order. */
  readonly fed: number[];
}

export function recording(inner: LogitsModel, boost: readonly number[] = []): RecordingModel {
  const fed: number[] = [];
  const wrap = (s: ModelSession): ModelSession => {
    const adjust = (logits: Float32Array): Float32Array => {
      for (const id of boost) logits[id] = 1000;
      return logits;
    };
    const session: ModelSession = {
      get tokens() {
        return s.tokens;
      },
      stats: s.stats,
      feed: async (tokens) => (fed.push(...tokens), adjust(await s.feed(tokens))),
      score: async (tokens) => (fed.push(...tokens), s.score(tokens)),
      truncate: (n) => s.truncate(n),
      fork: () => wrap(s.fork()),
      ...(s.beginHole === undefined ? {} : { beginHole: (p: string, h: string) => s.beginHole!(p, h) }),
    };
    return session;
  };
  return {
    id: inner.id,
    capabilities: inner.capabilities,
    vocabSize: inner.vocabSize,
    eosTokenIds: inner.eosTokenIds,
    bosTokenId: inner.bosTokenId,
    contextLength: inner.contextLength,
    tokenizerJson: inner.tokenizerJson,
    ...(inner.chatTemplate === undefined ? {} : { chatTemplate: inner.chatTemplate }),
    encode: (t) => inner.encode(t),
    decode: (ids) => inner.decode(ids),
    createSession: async () => wrap(await inner.createSession()),
    dispose: () => inner.dispose(),
    fed,
  };
}
