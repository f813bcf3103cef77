import { sampleMatching } from "./overlap.js";
import { concatNfa, LinearMatcher, matcherFor, reversedMatcher } from "./linear-match.js";
import { boundsInRegex, escapeRegex, matchesType } from "./placeholder-types.js";
const PLACEHOLDER = /^\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z_][A-Za-z0-9_.-]*))?\}/;
/** Splits pattern text into literal and placeholder parts. `{{` and `}}` are literal braces. */
export function parsePatternText(text) {
    const parts = [];
    const errors = [];
    let literal = '';
    let i = 0;
    const flush = () => {
        if (literal)
            parts.push({ kind: 'literal', text: literal });
        literal = '';
    };
    while (i < text.length) {
        const c = text[i];
        if (c === '{' && text[i + 1] === '{') {
            literal += '{';
            i += 2;
        }
        else if (c === '}' && text[i + 1] === '}') {
            literal += '}';
            i += 2;
        }
        else if (c === '{') {
            const m = PLACEHOLDER.exec(text.slice(i));
            if (!m) {
                const close = text.indexOf('}', i);
                const inner = close < 0 ? text.slice(i) : text.slice(i, close + 1);
                errors.push({
                    offset: i,
                    message: close < 0 ? `unclosed '{' in pattern '${text}'` : `invalid placeholder '${inner}' in pattern '${text}'`,
                });
                i = close < 0 ? text.length : close + 1;
                continue;
            }
            flush();
            parts.push({ kind: 'placeholder', name: m[1], ...(m[2] ? { typeRef: m[2] } : {}), offset: i });
            i += m[0].length;
        }
        else if (c === '}') {
            errors.push({ offset: i, message: `unmatched '}' in pattern '${text}'` });
            i++;
        }
        else {
            literal += c;
            i++;
        }
    }
    flush();
    if (parts.length === 0)
        errors.push({ offset: 0, message: 'empty pattern' });
    return { parts, errors };
}
/** Compiles resolved parts into a Pattern. */
export function compilePattern(text, parts) {
    let regex = '^';
    for (const p of parts) {
        regex += p.kind === 'literal' ? escapeRegex(p.text) : `(${p.type.regex})`;
    }
    regex += '$';
    return {
        text,
        parts,
        regex,
        placeholders: parts.flatMap((p) => (p.kind === 'placeholder' ? [p.name] : [])),
    };
}
const linearCache = new WeakMap();
function pieces(parts) {
    return parts.map((p) => (p.kind === 'literal' ? { literal: p.text } : { regex: p.type.regex }));
}
function linear(pattern) {
    let lp = linearCache.get(pattern);
    if (!lp) {
        lp = {
            whole: new LinearMatcher(concatNfa(pieces(pattern.parts))),
            exact: pattern.parts.every((p) => p.kind === 'literal' || boundsInRegex(p.type)),
        };
        linearCache.set(pattern, lp);
    }
    return lp;
}
function splitter(pattern, lp) {
    if (!lp.split) {
        const parts = pattern.parts;
        lp.split = {
            suffixes: parts.map((_, j) => (j === 0 ? undefined : reversedMatcher(concatNfa(pieces(parts.slice(j)))))),
            types: parts.map((p) => (p.kind === 'placeholder' ? matcherFor(p.type.regex) : undefined)),
        };
    }
    return lp.split;
}
/** A reusable `testPattern` for one pattern (the checker keeps one per key pattern). */
export function patternMatcher(pattern) {
    const lp = linear(pattern);
    return lp.exact ? lp.whole : { test: (text) => lp.whole.test(text) && matchPattern(pattern, text) !== null };
}
/** Does a text match a pattern (its regex and the integer bounds of its placeholders)? Linear time. */
export function testPattern(pattern, text) {
    const lp = linear(pattern);
    if (!lp.whole.test(text))
        return false;
    return lp.exact || matchPattern(pattern, text) !== null;
}
/**
 * Parses a concrete key (or field, channel, message) with a pattern: its params, or null if it does not
 * match. Where a text can be split in more than one way, each placeholder, left to right, takes the
 * longest value that leaves a match for the rest. Linear time in the length of the text.
 */
export function matchPattern(pattern, text) {
    const lp = linear(pattern);
    if (!lp.whole.test(text))
        return null;
    const { suffixes, types } = splitter(pattern, lp);
    const parts = pattern.parts;
    // fits[j][i]: parts j.. match text[i..]. Part 0 from 0 is the whole match, known to hold.
    const fits = suffixes.map((m) => m?.startsFromEnd(text));
    const restFits = (j, i) => (j === parts.length ? i === text.length : fits[j][i] === 1);
    const params = {};
    let pos = 0;
    for (let j = 0; j < parts.length; j++) {
        const p = parts[j];
        if (p.kind === 'literal') {
            pos += p.text.length;
            continue;
        }
        const ends = types[j].ends(text, pos);
        let end = -1;
        for (let e = ends.length - 1; e >= 0; e--) {
            if (restFits(j + 1, ends[e])) {
                end = ends[e];
                break;
            }
        }
        if (end < 0)
            return null; // cannot happen: the whole text matched
        const value = text.slice(pos, end);
        if (!matchesType(p.type, value))
            return null;
        params[p.name] = value;
        pos = end;
    }
    return params;
}
export class PatternParamError extends Error {
    placeholder;
    value;
    type;
    constructor(placeholder, value, type) {
        super(`placeholder {${placeholder}} must be ${describeType(type)}, got ${JSON.stringify(value)}`);
        this.placeholder = placeholder;
        this.value = value;
        this.type = type;
    }
}
/** Builds a concrete key from params. Throws PatternParamError on a missing or ill-typed param. */
export function buildFromPattern(pattern, params) {
    let out = '';
    for (const p of pattern.parts) {
        if (p.kind === 'literal') {
            out += p.text;
            continue;
        }
        const v = params[p.name];
        // A param is a string or a number (as the generated client's params types say); nothing else is text.
        const s = typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
        if (s === undefined || !matchesType(p.type, s))
            throw new PatternParamError(p.name, v, p.type);
        out += s;
    }
    return out;
}
export function describeType(type) {
    switch (type.kind) {
        case 'enum':
            return `one of ${(type.values ?? []).map((v) => `'${v}'`).join(', ')}`;
        case 'integer':
            return `an integer${type.min !== undefined ? ` >= ${type.min}` : ''}${type.max !== undefined ? ` <= ${type.max}` : ''}`;
        default:
            return `${type.name} (/${type.regex}/)`;
    }
}
/** An example value for a type: its first example, else something that matches its regex. */
export function exampleFor(type) {
    if (type.examples.length > 0)
        return type.examples[0];
    if (type.values && type.values.length > 0)
        return type.values[0];
    if (type.kind === 'integer')
        return String(type.min ?? 1);
    return sampleMatching(type.regex) ?? type.name;
}
/** An example of the whole pattern built from its placeholder types' examples. */
export function examplePattern(pattern) {
    return pattern.parts.map((p) => (p.kind === 'literal' ? p.text : exampleFor(p.type))).join('');
}
//# sourceMappingURL=pattern.js.map