/**
 * Types of a query's variables read from its text at the type level, for queries TypeScript can
 * see as a literal (`lmql("...")`, `compile("...")`). A hole `[N: int]` or `[X: float]` is a
 * `number`, `[X: str]` and an untyped hole a `string` (a string union when a `where` clause says
 * `X in ["a", "b"]` with a literal list), a hole typed by a function `unknown`. When the text is a
 * plain `string` the variables fall back to `Record<string, unknown>`.
 *
 * The scan is deliberately conservative: it only recognises `[NAME]` and `[NAME: type]` (and
 * `[@decorator NAME]`) after a non-identifier character, so Python indexing such as `xs[i]` is
 * never taken for a hole.
 */

type Lower = "a" | "b" | "c" | "d" | "e" | "f" | "g" | "h" | "i" | "j" | "k" | "l" | "m" | "n" | "o" | "p" | "q" | "r" | "s" | "t" | "u" | "v" | "w" | "x" | "y" | "z";
type Digit = "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9";
type IdentChar = Lower | Uppercase<Lower> | Digit | "_";

/** True when `S` is a non-empty identifier. */
type IsIdent<S extends string> = S extends "" ? false : S extends `${IdentChar}${infer Rest}` ? (Rest extends "" ? true : IsIdent<Rest>) : false;

type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;

/** A hole's name and declared type (`""` when untyped), or never when `Inside` is not a hole. */
type HoleOf<Inside extends string> = Trim<Inside> extends `@${string} ${infer Name}`
  ? HoleOf<Name>
  : Trim<Inside> extends `${infer Name}:${infer Type}`
    ? IsIdent<Trim<Name>> extends true ? [Trim<Name>, Trim<Type>] : never
    : IsIdent<Trim<Inside>> extends true ? [Trim<Inside>, ""] : never;

/** Every `[...]` that is a hole, as `[name, type]` pairs (tail-recursive, so long queries type-check). */
type Holes<S extends string, Acc = never> = S extends `${infer Before}[${infer Inside}]${infer Rest}`
  ? Holes<Rest, Acc | (Before extends `${string}${IdentChar | ")" | "]"}` ? never : HoleOf<Inside>)>
  : Acc;

/** `"a", 'b'` → `"a" | "b"`; never when any item is not a plain quoted string. */
type StringList<L extends string> = Trim<L> extends `"${infer A}"${infer Rest}` ? ListTail<A, Rest> : Trim<L> extends `'${infer A}'${infer Rest}` ? ListTail<A, Rest> : never;
type ListTail<A extends string, Rest extends string> = A extends `${string}${"\\" | '"' | "'"}${string}`
  ? never
  : Trim<Rest> extends "" ? A : Trim<Rest> extends `,${infer More}` ? (Trim<More> extends "" ? A : StringList<More> extends never ? never : A | StringList<More>) : never;

/** The options of `NAME in [...]` in the text, or never. */
type ChoicesOf<S extends string, Name extends string> = S extends `${infer Before}${Name} in [${infer L}]${infer Rest}`
  ? Before extends `${string}${IdentChar | "."}` ? ChoicesOf<Rest, Name> : [StringList<L>] extends [never] ? never : StringList<L>
  : never;

type ValueOf<S extends string, Name extends string, Type extends string> = Type extends "int" | "float"
  ? number
  : Type extends "" | "str"
    ? [ChoicesOf<S, Name>] extends [never] ? string : ChoicesOf<S, Name>
    : unknown;

/** The variables of a query whose text is `S`: exact when `S` is a literal, a record otherwise. */
export type VariablesOf<S extends string> = string extends S
  ? Readonly<Record<string, unknown>>
  : { readonly [H in Holes<S> as H[0]]: ValueOf<S, H[0], H[1]> };

/** Code that may define names (assignments, loops, functions, imports): inputs are then not knowable from the text alone. */
type DefinesNames<S extends string> = S extends `${string}${" = " | "for " | "def " | "import " | "lambda" | "with " | "+=" | "-=" | ":="}${string}` ? true : false;

/** Names interpolated as `{NAME}` (not `{{NAME}}`, which is literal text). */
type Interpolated<S extends string, Acc extends string = never> = S extends `${infer Before}{${infer Inside}}${infer Rest}`
  ? Interpolated<Rest, Acc | (Before extends `${string}{` ? never : IsIdent<Inside> extends true ? Inside : never)>
  : Acc;

/**
 * The inputs a literal query certainly reads: `{NAME}` interpolations that are no hole, in a query
 * whose code defines no names (otherwise none are required: a false requirement would reject
 * correct code, a missing one is still reported at run time).
 */
export type InputsOf<S extends string> = string extends S
  ? Readonly<Record<string, unknown>>
  : DefinesNames<S> extends true
    ? Readonly<Record<string, unknown>>
    : RequiredInputs<Exclude<Interpolated<S>, Holes<S>[0]>>;

type RequiredInputs<Names extends string> = [Names] extends [never] ? Readonly<Record<string, unknown>> : Readonly<Record<string, unknown>> & { readonly [K in Names]: unknown };
