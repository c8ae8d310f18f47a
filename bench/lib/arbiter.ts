/**
 * A third opinion on tokens the two engines disagree about: the constraint's reference regex
 * (bench/data), as a refa DFA over code points. A token is viable after a prefix when prefix + token
 * can still be extended to a string the regex matches in full.
 */
import { DFA, JS, NFA } from "refa";

export type Viability = "viable" | "not-viable" | "undecided";

export interface Arbiter {
  /** Whether `bytes` (a prefix of the value) can still be completed; undecided for partial UTF-8. */
  viable(bytes: Uint8Array): Viability;
}

const strict = new TextDecoder("utf-8", { fatal: true });

export function regexArbiter(pattern: string): Arbiter {
  const { expression, maxCharacter } = JS.Parser.fromLiteral({ source: pattern, flags: "u" }).parse();
  const dfa = DFA.fromFA(NFA.fromRegex(expression, { maxCharacter }));
  const live = liveNodes(dfa);
  return {
    viable(bytes) {
      let text: string;
      try {
        text = strict.decode(bytes);
      } catch {
        return "undecided";
      }
      let node: DFA.ReadonlyNode | undefined = dfa.initial;
      for (const ch of text) {
        node = node.out.get(ch.codePointAt(0) ?? 0);
        if (node === undefined || !live.has(node)) return "not-viable";
      }
      return live.has(node) ? "viable" : "not-viable";
    },
  };
}

/** Nodes from which a final node is reachable. */
function liveNodes(dfa: DFA): Set<DFA.ReadonlyNode> {
  const nodes = [...dfa.nodes()];
  const live = new Set<DFA.ReadonlyNode>(dfa.finals);
  let grew = true;
  while (grew) {
    grew = false;
    for (const node of nodes) {
      if (live.has(node)) continue;
      for (const [, next] of node.out) {
        if (live.has(next)) {
          live.add(node);
          grew = true;
          break;
        }
      }
    }
  }
  return live;
}
