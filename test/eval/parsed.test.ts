/** Expressions written as source text, parsed by the front end and evaluated: the spec in Python syntax. */
import { describe, expect, it } from "vitest";
import { evaluate, hostFunction, PyError, pyRepr } from "../../src/runtime/eval/index.js";
import { parseExpression } from "../../src/syntax/parse.js";
import { env } from "./run.js";

const GLOBALS = { x: 3.14159, n: 42, name: "Ada", xs: [3, 1, 2], d: { a: 1, b: 2 }, word: "  Hello World  " };

async function run(source: string): Promise<string> {
  const parsed = parseExpression(source);
  expect(parsed.diagnostics).toEqual([]);
  const { scope, ctx } = env(GLOBALS);
  scope.set("fetch", hostFunction("fetch", async (q: string) => `result for ${q}`));
  try {
    return pyRepr(await evaluate(parsed.value, scope, ctx));
  } catch (e) {
    if (e instanceof PyError) return `${e.pyType}: ${e.pyMessage}`;
    throw e;
  }
}

const cases: [string, string][] = [
  // f-strings and format specs
  ['f"{x:.2f}"', "'3.14'"],
  ['f"{name!r}"', `"'Ada'"`],
  ['f"{n:>5}|"', "'   42|'"],
  ['f"{{literal}} {n}"', "'{literal} 42'"],
  ['f"{n:08,}"', "'0,000,042'"],
  ['f"{xs[0] * 2}"', "'6'"],
  ['f"{len(xs)} items, first {sorted(xs)[0]}"', "'3 items, first 1'"],
  ['f"{x:{n // 7}.{1 + 1}f}"', "'  3.14'"],
  // strings
  ["word.strip().lower().split()", "['hello', 'world']"],
  ['", ".join(str(v) for v in xs)', "'3, 1, 2'"],
  ['"%s is %d" % (name, n)', "'Ada is 42'"],
  ['"{0}-{0}".format(name)', "'Ada-Ada'"],
  ["name[::-1]", "'adA'"],
  ["name * 2 + '!'", "'AdaAda!'"],
  // numbers
  ["7 / 2, 7 // 2, -7 // 2, -7 % 3, 2 ** -1", "(3.5, 3, -4, 2, 0.5)"],
  ["round(x, 2), int(x), float(n), str(3.0)", "(3.14, 3, 42.0, '3.0')"],
  ["1 < n <= 42 != 43", "True"],
  ["0.1 + 0.2", "0.30000000000000004"],
  // collections
  ["[v * v for v in xs if v > 1]", "[9, 4]"],
  ["{k: v + 1 for k, v in d.items()}", "{'a': 2, 'b': 3}"],
  ["sorted(d, key=lambda k: -d[k])", "['b', 'a']"],
  ["[*xs, *'ab']", "[3, 1, 2, 'a', 'b']"],
  ["max(*xs)", "3"],
  ["(lambda a, b=10, *rest, **kw: (a, b, rest, kw))(1, 2, 3, z=4)", "(1, 2, (3,), {'z': 4})"],
  ["list(enumerate('ab', 1))", "[(1, 'a'), (2, 'b')]"],
  ["dict(zip('ab', range(2)))", "{'a': 0, 'b': 1}"],
  ["d.get('z') is None and 'a' in d", "True"],
  ["xs[1:] + xs[:1]", "[1, 2, 3]"],
  ["any(v > 2 for v in xs), all(v > 2 for v in xs)", "(True, False)"],
  ["len({v % 2 for v in xs})", "2"],
  // methods taken from their type
  ["list(map(str.strip, [' a ', 'b ']))", "['a', 'b']"],
  ["sorted(['b', 'A', 'c'], key=str.lower)", "['A', 'b', 'c']"],
  ["dict.fromkeys('ab', 0)", "{'a': 0, 'b': 0}"],
  ["str.upper()", "TypeError: unbound method str.upper() needs an argument"],
  ["str.upper(1)", "TypeError: descriptor 'upper' for 'str' objects doesn't apply to a 'int' object"],
  ["int.__add__", "AttributeError: 'type' object has no attribute '__add__'"],
  // conditionals, await
  ["'big' if n > 10 else 'small'", "'big'"],
  ["await fetch('weather')", "'result for weather'"],
  ["n or undefined_name", "42"],
  // errors
  ["undefined_name", "NameError: name 'undefined_name' is not defined"],
  ["xs[10]", "IndexError: list index out of range"],
  ["d['z']", "KeyError: 'z'"],
  ["1 + 'a'", "TypeError: unsupported operand type(s) for +: 'int' and 'str'"],
  ["int('abc')", "ValueError: invalid literal for int() with base 10: 'abc'"],
  ["n / 0", "ZeroDivisionError: division by zero"],
  ["name.__class__", "AttributeError: 'str' object has no attribute '__class__'"],
  ["xs.constructor", "AttributeError: 'list' object has no attribute 'constructor'"],
];

describe("parsed expressions", () => {
  it.each(cases)("%s", async (source, expected) => {
    expect(await run(source)).toBe(expected);
  });
});
