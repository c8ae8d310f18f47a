import { describe, expect, it } from "vitest";
import type { Expr } from "../../src/syntax/ast.js";
import { evaluate, type EvalContext, createBuiltins, pyRepr, Scope, toJs } from "../../src/runtime/eval/index.js";
import { call, cmp, dict, flt, index, kw, lambda, list, method, name, set, tuple, bin, attr, un } from "./ast-factory.js";
import { env, err, r } from "./run.js";

describe("builtin functions", () => {
  const cases: [string, Expr, string][] = [
    ["range", call("list", call("range", 3)), "[0, 1, 2]"],
    ["range with step", call("list", call("range", 10, 0, -3)), "[10, 7, 4, 1]"],
    ["len of str counts code points", call("len", "a😀"), "2"],
    ["len of dict", call("len", dict(["a", 1])), "1"],
    ["len of range", call("len", call("range", 0, 10, 3)), "4"],
    ["str of float", call("str", flt(3)), "'3.0'"],
    ["str of list", call("str", list("a", 1)), "\"['a', 1]\""],
    ["int of str", call("int", " -42 "), "-42"],
    ["int with base", call("int", "ff", 16), "255"],
    ["int with base 0", call("int", "0x1F", 0), "31"],
    ["int of a long text", call("int", "1".repeat(40)), "1111111111111111111111111111111111111111"],
    ["str of a big int", call("str", bin("**", 2, 64)), "'18446744073709551616'"],
    ["format of a big int", call("format", bin("**", 2, 70), ","), "'1,180,591,620,717,411,303,424'"],
    ["hex of a big int", call("hex", bin("**", 2, 70)), "'0x400000000000000000'"],
    ["round a big int", call("round", bin("**", 2, 70), -20), "1200000000000000000000"],
    ["abs of a big int", call("abs", un("-", bin("**", 2, 80))), "1208925819614629174706176"],
    ["int of a big float", call("int", flt(1e20)), "100000000000000000000"],
    ["int of Unicode digits", call("int", "٣٤"), "34"],
    ["int of touching digit runs", call("int", "\u{1D7D8}\u{1D7E1}"), "9"],
    ["float of fullwidth digits", call("float", "１２.５"), "12.5"],
    ["int truncates float", call("int", flt(-3.9)), "-3"],
    ["int of bool", call("int", true), "1"],
    ["float of str", call("float", " 1e3 "), "1000.0"],
    ["float of inf", call("float", "-Infinity"), "-inf"],
    ["float of int", call("float", 2), "2.0"],
    ["bool", call("bool", ""), "False"],
    ["list of str", call("list", "ab"), "['a', 'b']"],
    ["tuple", call("tuple", list(1, 2)), "(1, 2)"],
    ["set dedups", call("len", call("set", list(1, 1, 2))), "2"],
    ["dict of pairs and keywords", call("dict", list(tuple("a", 1)), kw("b", 2)), "{'a': 1, 'b': 2}"],
    ["enumerate", call("enumerate", "ab", 1), "[(1, 'a'), (2, 'b')]"],
    ["enumerate from a big int", call("enumerate", "a", bin("**", 2, 64)), "[(18446744073709551616, 'a')]"],
    ["zip stops at the shortest", call("zip", list(1, 2, 3), "ab"), "[(1, 'a'), (2, 'b')]"],
    ["sorted", call("sorted", list(3, 1, 2)), "[1, 2, 3]"],
    ["sorted by key", call("sorted", list("bb", "a", "ccc"), kw("key", name("len")), kw("reverse", true)), "['ccc', 'bb', 'a']"],
    ["sorted is stable", call("sorted", list(tuple(1, "b"), tuple(0, "z"), tuple(1, "a")), kw("key", lambda(["p"], bin("+", 0, call("len", list()))))), "[(1, 'b'), (0, 'z'), (1, 'a')]"],
    ["reversed", call("reversed", "abc"), "['c', 'b', 'a']"],
    ["min", call("min", 3, 1, 2), "1"],
    ["max of iterable", call("max", list("b", "c", "a")), "'c'"],
    ["max by key", call("max", list("aa", "b", "cc"), kw("key", name("len"))), "'aa'"],
    ["min default", call("min", list(), kw("default", null)), "None"],
    ["sum", call("sum", list(1, 2, 3)), "6"],
    ["sum of floats", call("sum", list(flt(0.5), 1)), "1.5"],
    ["sum with start", call("sum", list(list(1), list(2)), list()), "[1, 2]"],
    ["abs", call("abs", -3), "3"],
    ["abs float", call("abs", flt(-2)), "2.0"],
    ["isinstance", call("isinstance", 3, name("int")), "True"],
    ["bool is an int", call("isinstance", true, name("int")), "True"],
    ["isinstance with tuple", call("isinstance", "s", tuple(name("int"), name("str"))), "True"],
    ["float is not int", call("isinstance", flt(3), name("int")), "False"],
    ["type", call("type", flt(1)), "<class 'float'>"],
    ["type identity", cmp(call("type", list()), ["is", name("list")]), "True"],
    ["any", call("any", list(0, "", list(1))), "True"],
    ["all", call("all", list()), "True"],
    ["map", call("map", name("str"), list(1, 2)), "['1', '2']"],
    ["map with two iterables", call("map", lambda(["a", "b"], bin("+", name("a"), name("b"))), list(1, 2), list(10, 20)), "[11, 22]"],
    ["filter", call("filter", null, list(0, 1, "", "x")), "[1, 'x']"],
    ["repr", call("repr", "a"), "\"'a'\""],
    ["ord", call("ord", "A"), "65"],
    ["chr", call("chr", 0x1f600), "'😀'"],
    ["divmod", call("divmod", -7, 2), "(-4, 1)"],
    ["hex", call("hex", -255), "'-0xff'"],
    ["format", call("format", flt(0.5), ".1%"), "'50.0%'"],
    ["getattr default", call("getattr", 1, "nope", "d"), "'d'"],
    ["hasattr", call("hasattr", "s", "upper"), "True"],
    ["callable", call("callable", name("len")), "True"],
    ["round far left", call("round", flt(123.4), -400), "0.0"],
    ["round int far left", call("round", 5, -400), "0"],
  ];
  it.each(cases)("%s", async (_l, e, expected) => {
    expect(await r(e)).toBe(expected);
  });

  const errors: [string, Expr, string][] = [
    ["int of bad text", call("int", "3.5"), "ValueError: invalid literal for int() with base 10: '3.5'"],
    ["base 0 refuses leading zeros", call("int", "007", 0), "ValueError: invalid literal for int() with base 0: '007'"],
    ["int of list", call("int", list()), "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'list'"],
    ["float of bad text", call("float", "abc"), "ValueError: could not convert string to float: 'abc'"],
    ["len of int", call("len", 5), "TypeError: object of type 'int' has no len()"],
    ["range of float", call("range", flt(2)), "TypeError: 'float' object cannot be interpreted as an integer"],
    ["range zero step", call("range", 1, 2, 0), "ValueError: range() arg 3 must not be zero"],
    ["min of nothing", call("min", list()), "ValueError: min() iterable argument is empty"],
    ["enumerate from a float", call("enumerate", "a", flt(1)), "TypeError: 'float' object cannot be interpreted as an integer"],
    ["sum of strings", call("sum", list("a"), ""), "TypeError: sum() can't sum strings [use ''.join(seq) instead]"],
    ["sorted mixed", call("sorted", list(1, "a")), "TypeError: '<' not supported between instances of 'str' and 'int'"],
    ["ord of two", call("ord", "ab"), "TypeError: ord() expected a character, but string of length 2 found"],
    ["chr out of range", call("chr", -1), "ValueError: chr() arg not in range(0x110000)"],
    ["arity", call("len"), "TypeError: len() takes exactly 1 argument (0 given)"],
    ["unknown keyword", call("len", "a", kw("x", 1)), "TypeError: len() got an unexpected keyword argument 'x'"],
    ["list of a huge range", call("list", call("range", 10 ** 9)), "MemoryError: sequence longer than 10000000 items"],
    ["input without a hook", call("input", "? "), "RuntimeError: input() is not available here: the host registered no input hook"],
    ["NaN to int", call("int", call("float", "nan")), "ValueError: cannot convert float NaN to integer"],
    ["a giant string", bin("*", "ab", 10 ** 8), "MemoryError: sequence longer than 10000000 items"],
    ["a giant list", bin("*", list(0), 10 ** 8), "MemoryError: sequence longer than 10000000 items"],
    ["a giant padding", method("x", "center", 10 ** 9), "MemoryError: sequence longer than 10000000 items"],
    ["a giant format width", call("format", 1, "1000000000"), "MemoryError: sequence longer than 10000000 items"],
    ["a giant precision", call("format", flt(1), ".100000f"), "ValueError: precision too big: lmql-ts formats at most 10000 digits"],
    ["summing a giant range", call("sum", call("range", 10 ** 12)), "MemoryError: sequence longer than 10000000 items"],
    ["joining a giant range", method("", "join", call("range", 2 ** 52)), "MemoryError: sequence longer than 10000000 items"],
  ];
  it.each(errors)("error: %s", async (_l, e, expected) => {
    expect(await err(e)).toBe(expected);
  });

  it("print writes through the context hook with sep and end", async () => {
    const { scope, ctx, printed } = env();
    await evaluate(call("print", "a", 1, list(null)), scope, ctx);
    await evaluate(call("print", "x", "y", kw("sep", "-"), kw("end", "")), scope, ctx);
    expect(printed).toEqual(["a 1 [None]\n", "x-y"]);
  });

  it("input asks the host hook", async () => {
    const prompts: string[] = [];
    const ctx: EvalContext = { print: () => {}, input: async (p) => (prompts.push(p), "typed") };
    const scope = new Scope(createBuiltins(ctx));
    expect(await evaluate(call("input", "name? "), scope, ctx)).toBe("typed");
    expect(prompts).toEqual(["name? "]);
  });
});

describe("str methods", () => {
  const cases: [string, Expr, string][] = [
    ["strip", method("  a b \n", "strip"), "'a b'"],
    ["strip chars", method("xxaxx", "strip", "x"), "'a'"],
    ["lstrip", method("  a ", "lstrip"), "'a '"],
    ["rstrip chars", method("a.,;", "rstrip", ".,;"), "'a'"],
    ["split whitespace runs", method("  a  b\tc\n", "split"), "['a', 'b', 'c']"],
    ["split sep keeps empties", method("a,,b", "split", ","), "['a', '', 'b']"],
    ["split maxsplit", method("a b c d", "split", null, 2), "['a', 'b', 'c d']"],
    ["split maxsplit keyword", method("a-b-c", "split", "-", kw("maxsplit", 1)), "['a', 'b-c']"],
    ["rsplit maxsplit", method("a b c d", "rsplit", null, 1), "['a b c', 'd']"],
    ["rsplit sep", method("k=v=w", "rsplit", "=", 1), "['k=v', 'w']"],
    ["split of empty", method("", "split"), "[]"],
    ["split keeps the rest's trailing space", method("  a b  ", "split", null, 1), "['a', 'b  ']"],
    ["rsplit keeps the rest's leading space", method("  a b  ", "rsplit", null, 1), "['  a', 'b']"],
    ["split with maxsplit 0", method("  a b  ", "split", null, 0), "['a b  ']"],
    ["join", method(", ", "join", list("a", "b")), "'a, b'"],
    ["join a generator-ish list", method("", "join", call("map", name("str"), list(1, 2))), "'12'"],
    ["startswith", method("hello", "startswith", "he"), "True"],
    ["startswith tuple", method("hello", "startswith", tuple("x", "hel")), "True"],
    ["startswith start", method("hello", "startswith", "ll", 2), "True"],
    ["endswith", method("hello", "endswith", "lo"), "True"],
    ["lower/upper", bin("+", method("AbC", "lower"), method("AbC", "upper")), "'abcABC'"],
    ["replace", method("aaa", "replace", "a", "b"), "'bbb'"],
    ["replace count", method("aaa", "replace", "a", "b", 2), "'bba'"],
    ["replace empty", method("ab", "replace", "", "-"), "'-a-b-'"],
    ["find", method("hello", "find", "l"), "2"],
    ["find missing", method("hello", "find", "z"), "-1"],
    ["rfind", method("hello", "rfind", "l"), "3"],
    ["find from", method("hello", "find", "l", 3), "3"],
    ["find after emoji counts code points", method("😀ab", "find", "b"), "2"],
    ["index", method("hello", "index", "e"), "1"],
    ["count", method("banana", "count", "an"), "2"],
    ["count empty", method("ab", "count", ""), "3"],
    ["count empty in a reversed window", method("abcdef", "count", "", -2, 1), "0"],
    ["find empty in a reversed window", method("abcdef", "find", "", 4, 1), "-1"],
    ["splitlines", method("a\nb\r\nc", "splitlines"), "['a', 'b', 'c']"],
    ["splitlines keepends", method("a\nb", "splitlines", true), "['a\\n', 'b']"],
    ["title", method("hello wORLD", "title"), "'Hello World'"],
    ["capitalize", method("hELLO", "capitalize"), "'Hello'"],
    ["isdigit", method("123", "isdigit"), "True"],
    ["isdigit empty", method("", "isdigit"), "False"],
    ["isalpha", method("abc1", "isalpha"), "False"],
    ["isspace", method(" \t", "isspace"), "True"],
    ["zfill", method("-42", "zfill", 5), "'-0042'"],
    ["center", method("ab", "center", 6, "*"), "'**ab**'"],
    ["ljust", method("ab", "ljust", 4), "'ab  '"],
    ["partition", method("k=v=w", "partition", "="), "('k', '=', 'v=w')"],
    ["removeprefix", method("prefix-x", "removeprefix", "prefix-"), "'x'"],
    ["format", method("{}!", "format", "hi"), "'hi!'"],
    ["format_map", method("{a}-{b:>3}", "format_map", dict(["a", 1], ["b", "x"])), "'1-  x'"],
    ["expandtabs", method("a\tbc\td", "expandtabs", 4), "'a   bc  d'"],
    ["istitle", method("Title Case", "istitle"), "True"],
    ["isidentifier", method("_id1", "isidentifier"), "True"],
  ];
  it.each(cases)("%s", async (_l, e, expected) => {
    expect(await r(e)).toBe(expected);
  });
  it("raises Python's errors", async () => {
    expect(await err(method("a", "split", ""))).toBe("ValueError: empty separator");
    expect(await err(method("a", "index", "z"))).toBe("ValueError: substring not found");
    expect(await err(method(",", "join", list("a", 1)))).toBe("TypeError: sequence item 1: expected str instance, int found");
    expect(await err(method("a", "nope"))).toBe("AttributeError: 'str' object has no attribute 'nope'");
    expect(await err(method("a", "upper", 1))).toBe("TypeError: upper() takes exactly 0 arguments (1 given)");
  });
});

describe("list, dict and set methods", () => {
  async function run(statements: Expr[], result: Expr, globals: Record<string, unknown> = {}): Promise<string> {
    const { scope, ctx } = env(globals);
    for (const s of statements) await evaluate(s, scope, ctx);
    return r(result, Object.fromEntries(scope.entries().map(([k, v]) => [k, v])));
  }
  const xs = name("xs");
  const d = name("d");
  const s = name("s");
  it("mutates lists in place", async () => {
    expect(await run([method(xs, "append", 4), method(xs, "extend", "ab"), method(xs, "insert", 0, 0), method(xs, "remove", 2)], xs, { xs: [1, 2, 3] })).toBe("[0, 1, 3, 4, 'a', 'b']");
    expect(await run([method(xs, "pop"), method(xs, "pop", 0)], xs, { xs: [1, 2, 3] })).toBe("[2]");
    expect(await run([method(xs, "sort", kw("reverse", true))], xs, { xs: [2, 3, 1] })).toBe("[3, 2, 1]");
    expect(await run([method(xs, "sort", kw("key", lambda(["x"], bin("%", name("x"), 3))))], xs, { xs: [5, 3, 4] })).toBe("[3, 4, 5]");
    expect(await run([method(xs, "reverse")], xs, { xs: [1, 2] })).toBe("[2, 1]");
    expect(await r(method(list(1, 2, 1), "count", 1))).toBe("2");
    expect(await r(method(list(1, 2, 1), "index", 2))).toBe("1");
    expect(await r(method(tuple(1, 2, 1), "count", 1))).toBe("2");
    expect(await r(cmp(method(list(1), "copy"), ["==", list(1)]))).toBe("True");
  });
  it("handles lists of hundreds of thousands of items without overflowing the JS stack", async () => {
    const big = call("list", call("range", 300_000));
    expect(await r(call("len", bin("+", list(), big)))).toBe("300000");
    expect(await r(call("len", call("sorted", big, kw("reverse", true))))).toBe("300000");
    expect(await r(call("len", list(1, { kind: "starred", expr: big, span: { start: 0, end: 0 } })))).toBe("300001");
    expect(await run([method(xs, "extend", big), method(xs, "sort")], call("len", xs), { xs: [] })).toBe("300000");
  });
  it("raises list errors as Python does", async () => {
    expect(await err(method(list(), "pop"))).toBe("IndexError: pop from empty list");
    expect(await err(method(list(1), "pop", 5))).toBe("IndexError: pop index out of range");
    expect(await err(method(list(1), "remove", 5))).toBe("ValueError: list.remove(x): x not in list");
    expect(await err(method(list(1), "index", 5))).toBe("ValueError: 5 is not in list");
  });
  it("reads and updates dicts", async () => {
    const g = () => ({ d: new Map<unknown, unknown>([["a", 1]]) });
    expect(await r(method(d, "get", "a"), g())).toBe("1");
    expect(await r(method(d, "get", "z"), g())).toBe("None");
    expect(await r(method(d, "get", "z", 0), g())).toBe("0");
    expect(await r(method(d, "keys"), g())).toBe("dict_keys(['a'])");
    expect(await r(call("list", method(d, "items")), g())).toBe("[('a', 1)]");
    expect(await run([method(d, "update", dict(["b", 2]), kw("c", 3)), method(d, "setdefault", "a", 9), method(d, "setdefault", "e", 5)], d, g())).toBe("{'a': 1, 'b': 2, 'c': 3, 'e': 5}");
    expect(await run([method(d, "pop", "a")], d, g())).toBe("{}");
    expect(await r(method(d, "pop", "z", "dflt"), g())).toBe("'dflt'");
    expect(await err(method(d, "pop", "z"), g())).toBe("KeyError: 'z'");
  });
  it("returns live dict views that print, compare and combine as Python's do", async () => {
    const g = () => ({ d: new Map<unknown, unknown>([["a", 1], ["b", 2]]) });
    expect(await r(method(d, "keys"), g())).toBe("dict_keys(['a', 'b'])");
    expect(await r(method(d, "values"), g())).toBe("dict_values([1, 2])");
    expect(await r(method(d, "items"), g())).toBe("dict_items([('a', 1), ('b', 2)])");
    expect(await r(cmp(method(d, "keys"), ["==", set("b", "a")]), g())).toBe("True");
    expect(await r(cmp(tuple("a", 1), ["in", method(d, "items")]), g())).toBe("True");
    expect(await r(cmp(2, ["in", method(d, "values")]), g())).toBe("True");
    expect(await r(call("sorted", bin("&", method(d, "keys"), list("b", "z"))), g())).toBe("['b']");
    expect(await r(call("len", method(d, "items")), g())).toBe("2");
    expect(await r(call("type", method(d, "keys")), g())).toBe("<class 'dict_keys'>");
    expect(await err(index(method(d, "keys"), 0), g())).toBe("TypeError: 'dict_keys' object is not subscriptable");
    expect(await err(set(method(d, "keys")), g())).toBe("TypeError: unhashable type: 'dict_keys'");
    // A view sees later changes to its dict.
    const { scope, ctx } = env(g());
    const keys = await evaluate(method(d, "keys"), scope, ctx);
    await evaluate(method(d, "update", dict(["c", 3])), scope, ctx);
    expect(pyRepr(keys)).toBe("dict_keys(['a', 'b', 'c'])");
    expect(toJs(keys)).toEqual(["a", "b", "c"]);
  });
  it("adds to and combines sets", async () => {
    const g = () => ({ s: new Set([1]) });
    expect(await run([method(s, "add", 2), method(s, "add", flt(1)), method(s, "update", list(3), "a"), method(s, "discard", 9)], s, g())).toBe("{1, 2, 3, 'a'}");
    expect(await r(method(set(1, 2), "union", list(3)))).toBe("{1, 2, 3}");
    expect(await r(method(set(1, 2), "issubset", list(1, 2, 3)))).toBe("True");
    expect(await err(method(set(), "remove", 1))).toBe("KeyError: 1");
  });
  it("numbers have the few methods queries use", async () => {
    expect(await r(method(flt(3), "is_integer"))).toBe("True");
    expect(await r(method(8, "bit_length"))).toBe("4");
    expect(await err(attr(flt(1), "bit_length"))).toBe("AttributeError: 'float' object has no attribute 'bit_length'");
  });
});
