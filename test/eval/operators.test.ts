import { describe, expect, it } from "vitest";
import type { Expr } from "../../src/syntax/ast.js";
import { bin, cmp, flt, index, list, name, set, dict, tuple, un, and, or, cond, call } from "./ast-factory.js";
import { err, r } from "./run.js";

describe("arithmetic with Python's int/float rules", () => {
  const cases: [string, Expr, string][] = [
    ["int + int", bin("+", 2, 3), "5"],
    ["int + float", bin("+", 2, flt(0.5)), "2.5"],
    ["float with integral value stays float", bin("+", flt(1), 2), "3.0"],
    ["true division", bin("/", 7, 2), "3.5"],
    ["true division of ints is float", bin("/", 6, 2), "3.0"],
    ["floor division", bin("//", 7, 2), "3"],
    ["floor division rounds down", bin("//", -7, 2), "-4"],
    ["float floor division", bin("//", flt(7), 2), "3.0"],
    ["modulo takes the divisor's sign", bin("%", -7, 3), "2"],
    ["modulo negative divisor", bin("%", 7, -3), "-2"],
    ["float modulo", bin("%", flt(-7.5), 2), "0.5"],
    ["power", bin("**", 2, 10), "1024"],
    ["negative power is float", bin("**", 2, -1), "0.5"],
    ["float power", bin("**", flt(2), 3), "8.0"],
    ["bool is an int", bin("+", true, 1), "2"],
    ["str concat", bin("+", "ab", "cd"), "'abcd'"],
    ["str repeat", bin("*", "ab", 3), "'ababab'"],
    ["int * str", bin("*", 2, "x"), "'xx'"],
    ["negative repeat", bin("*", "ab", -1), "''"],
    ["list concat", bin("+", list(1), list(2, 3)), "[1, 2, 3]"],
    ["list repeat", bin("*", list(0), 3), "[0, 0, 0]"],
    ["empty list times a huge count", bin("*", list(), 2 ** 52), "[]"],
    ["empty string times a huge count", bin("*", "", 2 ** 52), "''"],
    ["tuple concat", bin("+", tuple(1), tuple(2)), "(1, 2)"],
    ["bit and", bin("&", 12, 10), "8"],
    ["bit or", bin("|", 12, 3), "15"],
    ["bit xor", bin("^", 12, 10), "6"],
    ["shift", bin("<<", 1, 40), "1099511627776"],
    ["ints grow past 2**53", bin("**", 2, 100), "1267650600228229401496703205376"],
    ["big floor division", bin("//", bin("**", 10, 30), 7), "142857142857142857142857142857"],
    ["big modulo takes the divisor's sign", bin("%", un("-", bin("**", 2, 70)), 3), "2"],
    ["big true division", bin("/", bin("**", 10, 400), bin("**", 10, 399)), "10.0"],
    ["big invert", un("~", bin("**", 2, 64)), "-18446744073709551617"],
    ["big shift right", bin(">>", bin("**", 2, 64), 3), "2305843009213693952"],
    ["back to a small int", bin("-", bin("**", 2, 64), bin("**", 2, 64)), "0"],
    ["bool & bool stays bool", bin("&", true, false), "False"],
    ["set union", bin("|", set(1, 2), set(2, 3)), "{1, 2, 3}"],
    ["set intersection", bin("&", set(1, 2), set(2, 3)), "{2}"],
    ["set difference", bin("-", set(1, 2), set(2, 3)), "{1}"],
    ["dict merge", bin("|", dict(["a", 1]), dict(["a", 2], ["b", 3])), "{'a': 2, 'b': 3}"],
    ["percent formatting", bin("%", "%s has %d items (%.1f%%)", tuple("cart", 3, flt(12.345))), "'cart has 3 items (12.3%)'"],
    ["percent with one value", bin("%", "[%5s]", "ab"), "'[   ab]'"],
    ["percent with dict", bin("%", "%(a)s-%(b)03d", dict(["a", "x"], ["b", 7])), "'x-007'"],
    ["unary minus", un("-", 5), "-5"],
    ["unary minus float", un("-", flt(2)), "-2.0"],
    ["invert", un("~", 5), "-6"],
    ["not", un("not", list()), "True"],
  ];
  it.each(cases)("%s", async (_label, e, expected) => {
    expect(await r(e)).toBe(expected);
  });
});

describe("operator errors are Python's", () => {
  const cases: [string, Expr, string][] = [
    ["int + str", bin("+", 1, "a"), "TypeError: unsupported operand type(s) for +: 'int' and 'str'"],
    ["str + int", bin("+", "a", 1), 'TypeError: can only concatenate str (not "int") to str'],
    ["list + tuple", bin("+", list(), tuple()), 'TypeError: can only concatenate list (not "tuple") to list'],
    ["str * str", bin("*", "a", "b"), "TypeError: can't multiply sequence by non-int of type 'str'"],
    ["division by zero", bin("/", 1, 0), "ZeroDivisionError: division by zero"],
    ["float division by zero", bin("/", flt(1), 0), "ZeroDivisionError: float division by zero"],
    ["floor division by zero", bin("//", 1, 0), "ZeroDivisionError: integer division or modulo by zero"],
    ["modulo by zero", bin("%", 1, 0), "ZeroDivisionError: integer modulo by zero"],
    ["zero to negative power", bin("**", 0, -1), "ZeroDivisionError: 0.0 cannot be raised to a negative power"],
    ["unary minus on str", un("-", "a"), "TypeError: bad operand type for unary -: 'str'"],
    ["an int too large to hold", bin("**", 2, 10 ** 8), "OverflowError: integer result too large: lmql-ts ints have at most 100000 bits"],
    ["a big int as a float", bin("*", bin("**", 2, 1100), flt(1)), "OverflowError: int too large to convert to float"],
    ["a big int as an index", index(list(1), bin("**", 2, 64)), "IndexError: cannot fit 'int' into an index-sized integer"],
    ["a big int as a count", bin("*", "a", bin("**", 2, 64)), "OverflowError: cannot fit 'int' into an index-sized integer"],
    ["percent: too few", bin("%", "%s %s", tuple(1)), "TypeError: not enough arguments for format string"],
    ["percent: too many", bin("%", "%s", tuple(1, 2)), "TypeError: not all arguments converted during string formatting"],
    ["unhashable set member", set(list()), "TypeError: unhashable type: 'list'"],
  ];
  it.each(cases)("%s", async (_label, e, expected) => {
    expect(await err(e)).toBe(expected);
  });
});

describe("comparisons", () => {
  const cases: [string, Expr, string][] = [
    ["chain true", cmp(1, ["<", 2], ["<", 3]), "True"],
    ["chain false in the middle", cmp(1, ["<", 3], ["<", 2]), "False"],
    ["int equals float", cmp(1, ["==", flt(1)]), "True"],
    ["True equals 1", cmp(true, ["==", 1]), "True"],
    ["list equality", cmp(list(1, list(2)), ["==", list(1, list(2))]), "True"],
    ["list never equals tuple", cmp(list(1), ["==", tuple(1)]), "False"],
    ["dict equality ignores order", cmp(dict(["a", 1], ["b", 2]), ["==", dict(["b", 2], ["a", 1])]), "True"],
    ["string ordering", cmp("apple", ["<", "banana"]), "True"],
    ["list ordering is lexicographic", cmp(list(1, 2), ["<", list(1, 3)]), "True"],
    ["shorter prefix is smaller", cmp(tuple(1), ["<", tuple(1, 0)]), "True"],
    ["substring in", cmp("ell", ["in", "hello"]), "True"],
    ["not in list", cmp(4, ["not in", list(1, 2)]), "True"],
    ["in dict keys", cmp("a", ["in", dict(["a", 1])]), "True"],
    ["1.0 in list of ints", cmp(flt(1), ["in", list(1, 2)]), "True"],
    ["in range", cmp(4, ["in", call("range", 0, 10, 2)]), "True"],
    ["not in range", cmp(5, ["in", call("range", 0, 10, 2)]), "False"],
    ["is None", cmp(null, ["is", null]), "True"],
    ["is not None", cmp(0, ["is not", null]), "True"],
    ["subset", cmp(set(1), ["<", set(1, 2)]), "True"],
    ["!= ", cmp("a", ["!=", "b"]), "True"],
    ["big int vs float, exactly", cmp(bin("+", bin("**", 2, 53), 1), ["==", bin("**", flt(2), 53)]), "False"],
    ["big int above the float", cmp(bin("+", bin("**", 2, 53), 1), [">", bin("**", flt(2), 53)]), "True"],
    ["big int equals its float", cmp(bin("**", 2, 64), ["==", bin("**", flt(2), 64)]), "True"],
    ["big int dict key found by its float", index(dict([bin("**", 2, 64), "a"]), bin("**", flt(2), 64)), "'a'"],
  ];
  it.each(cases)("%s", async (_label, e, expected) => {
    expect(await r(e)).toBe(expected);
  });

  it("refuses ordering across types as Python does", async () => {
    expect(await err(cmp(1, ["<", "a"]))).toBe("TypeError: '<' not supported between instances of 'int' and 'str'");
    expect(await err(cmp(1, ["in", "abc"]))).toBe("TypeError: 'in <string>' requires string as left operand, not int");
    expect(await err(cmp(1, ["in", 5]))).toBe("TypeError: argument of type 'int' is not iterable");
  });

  it("evaluates each operand of a chain once and stops at the first false link", async () => {
    // `undefined_name` would raise if evaluated.
    expect(await r(cmp(3, ["<", 2], ["<", name("undefined_name")]))).toBe("False");
  });
});

describe("and / or / conditional", () => {
  it("return operands, not booleans, and short-circuit", async () => {
    expect(await r(or("", "default"))).toBe("'default'");
    expect(await r(or("x", name("nope")))).toBe("'x'");
    expect(await r(and(0, name("nope")))).toBe("0");
    expect(await r(and(1, list(2)))).toBe("[2]");
    expect(await r(cond(list(), "yes", "no"))).toBe("'no'");
    expect(await r(cond(dict(["k", 1]), "yes", name("nope")))).toBe("'yes'");
  });
});
