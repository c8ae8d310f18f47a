import { describe, expect, it } from "vitest";
import { formatValue, PyFloat, pyRepr, pyStr, type Value } from "../../src/runtime/eval/index.js";
import { bin, flt, fstr, name, list, dict, call, method } from "./ast-factory.js";
import { err, r } from "./run.js";

const f = (x: number) => new PyFloat(x);

describe("repr of floats matches Python", () => {
  const cases: [number, string][] = [
    [3, "3.0"],
    [0.1, "0.1"],
    [0.1 + 0.2, "0.30000000000000004"],
    [1e16, "1e+16"],
    [123456789012345.6, "123456789012345.6"],
    [1e-5, "1e-05"],
    [0.0001, "0.0001"],
    [1.5e300, "1.5e+300"],
    [-0, "-0.0"],
    [Infinity, "inf"],
    [-Infinity, "-inf"],
    [NaN, "nan"],
    [2.5e-7, "2.5e-07"],
  ];
  it.each(cases)("repr(%s) is %s", (x, expected) => {
    expect(pyRepr(f(x))).toBe(expected);
  });
});

describe("repr and str of other values", () => {
  const cases: [Value, string][] = [
    [null, "None"],
    [true, "True"],
    ["it's", `"it's"`],
    ["say \"hi\" it's", `'say "hi" it\\'s'`],
    ["a\nb\t\\", "'a\\nb\\t\\\\'"],
    ["\x00\u200b", "'\\x00\\u200b'"],
    ["café 日本", "'café 日本'"],
    [[1, "a", [null]], "[1, 'a', [None]]"],
  ];
  it.each(cases)("repr %j", (v, expected) => {
    expect(pyRepr(v)).toBe(expected);
  });
  it("str of a string is the string itself, of containers the repr", () => {
    expect(pyStr("it's")).toBe("it's");
    expect(pyStr(["it's"])).toBe(`["it's"]`);
  });
  it("prints a cyclic list as Python does", () => {
    const xs: Value[] = [1];
    xs.push(xs);
    expect(pyRepr(xs)).toBe("[1, [...]]");
  });
});

describe("format-spec mini-language", () => {
  const cases: [Value, string, string][] = [
    [f(3.14159), ".2f", "3.14"],
    [f(2.5), ".0f", "2"],
    [f(3.5), ".0f", "4"],
    [f(0.125), ".2f", "0.12"],
    [f(0.375), ".2f", "0.38"],
    [f(2.675), ".2f", "2.67"],
    [f(1e22), ".1f", "10000000000000000000000.0"],
    [3, ".2f", "3.00"],
    [f(1234567.891), ",.2f", "1,234,567.89"],
    [1234567, ",", "1,234,567"],
    [1234567, "_", "1_234_567"],
    [42, ">5", "   42"],
    [42, "<5", "42   "],
    [42, "^6", "  42  "],
    [42, "*^7", "**42***"],
    [-42, "=+6", "-   42"],
    [42, "+d", "+42"],
    [42, "05d", "00042"],
    [-42, "05", "-0042"],
    [255, "x", "ff"],
    [255, "#X", "0XFF"],
    [5, "b", "101"],
    [8, "#o", "0o10"],
    [65, "c", "A"],
    ["ab", ">5", "   ab"],
    ["ab", "5", "ab   "],
    ["abcdef", ".3", "abc"],
    ["ab", "-^6", "--ab--"],
    [f(0.5), "%", "50.000000%"],
    [f(0.256), ".1%", "25.6%"],
    [f(12345.678), "e", "1.234568e+04"],
    [f(12345.678), ".2E", "1.23E+04"],
    [f(1.125), ".2e", "1.12e+00"],
    [f(0.00001234), "g", "1.234e-05"],
    [f(123456789), "g", "1.23457e+08"],
    [f(100), "g", "100"],
    [f(1.5), ".3", "1.5"],
    [f(1), ".3", "1.0"],
    [f(1234.5), ".2", "1.2e+03"],
    [f(-0.0001), "z.2f", "0.00"],
    [f(-0.0001), ".2f", "-0.00"],
    [f(Infinity), "f", "inf"],
    [true, "", "True"],
    [true, "d", "1"],
    [null, "", "None"],
    [f(3), "", "3.0"],
    [f(3), "10", "       3.0"],
  ];
  it.each(cases)("format(%j, %j)", (v, spec, expected) => {
    expect(formatValue(v, spec)).toBe(expected);
  });

  it("rejects codes that do not apply, with Python's messages", () => {
    expect(() => formatValue("a", "d")).toThrow("Unknown format code 'd' for object of type 'str'");
    expect(() => formatValue(f(1.5), "x")).toThrow("Unknown format code 'x' for object of type 'float'");
    expect(() => formatValue(null, ">5")).toThrow("unsupported format string passed to NoneType.__format__");
    expect(() => formatValue(5, "!!")).toThrow("Invalid format specifier '!!' for object of type 'int'");
  });
});

describe("f-strings", () => {
  it("interpolates with format specs and conversions", async () => {
    const g = { x: 3.14159, n: 42, s: "hi", xs: [1, 2] };
    expect(await r(fstr("x=", [name("x"), ".2f"], "; n=", [name("n"), ">5"], "; ", [name("s"), undefined, "r"], " ", [name("xs")]), g)).toBe(`"x=3.14; n=   42; 'hi' [1, 2]"`);
    expect(await r(fstr("{", [bin("+", name("n"), 1)], "}"), g)).toBe("'{43}'");
    expect(await r(fstr([name("s"), "*^6", "r"]), g)).toBe(`"*'hi'*"`);
  });
  it("reports a bad format spec as a ValueError", async () => {
    expect(await err(fstr([name("s"), "d"]), { s: "x" })).toBe("ValueError: Unknown format code 'd' for object of type 'str'");
  });
});

describe("str.format", () => {
  it("fills auto, numbered, named, indexed and attribute fields", async () => {
    expect(await r(method("{} + {} = {}", "format", 1, 2, 3))).toBe("'1 + 2 = 3'");
    expect(await r(method("{1}{0}{1}", "format", "a", "b"))).toBe("'bab'");
    expect(await r(method("{name:>6}|{0!r}", "format", "x", { kw: "name", value: "bob" }))).toBe(`"   bob|'x'"`);
    expect(await r(method("{0[1]} {d[k]}", "format", list(7, 8), { kw: "d", value: dict(["k", "v"]) }))).toBe("'8 v'");
    expect(await r(method("{:{w}.{p}f}", "format", flt(3.14159), { kw: "w", value: 8 }, { kw: "p", value: 2 }))).toBe("'    3.14'");
    expect(await r(method("{{}} {}", "format", 1))).toBe("'{} 1'");
  });
  it("raises Python's errors", async () => {
    expect(await err(method("{} {}", "format", 1))).toBe("IndexError: Replacement index 1 out of range for positional args tuple");
    expect(await err(method("{x}", "format"))).toBe("KeyError: 'x'");
    expect(await err(method("{0} {}", "format", 1, 2))).toBe("ValueError: cannot switch from manual field specification to automatic field numbering");
    expect(await err(method("a}", "format"))).toBe("ValueError: Single '}' encountered in format string");
    expect(await err(method("{0.__class__}", "format", 1))).toBe("AttributeError: 'int' object has no attribute '__class__'");
  });
});

describe("round", () => {
  const cases: [string, ReturnType<typeof call>, string][] = [
    ["half to even (down)", call("round", flt(2.5)), "2"],
    ["half to even (up)", call("round", flt(3.5)), "4"],
    ["negative half", call("round", flt(-0.5)), "0"],
    ["ndigits keeps a float", call("round", flt(2.675), 2), "2.67"],
    ["exact tie at 2 digits", call("round", flt(0.125), 2), "0.12"],
    ["int with negative ndigits", call("round", 1250, -2), "1200"],
    ["int stays int", call("round", 7, 2), "7"],
    ["float ndigits 0", call("round", flt(7.6), 0), "8.0"],
  ];
  it.each(cases)("%s", async (_l, e, expected) => {
    expect(await r(e)).toBe(expected);
  });
});
