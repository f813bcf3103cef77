/**
 * Regex matching in guaranteed linear time. Spec regexes (placeholder types, whole patterns, value
 * formats) are matched against input the checker reads from Redis (key, field and channel names,
 * values) and the validator reads from the spec (examples), so no backtracking engine may run them:
 * `(a+)+` against `aaaa…!` takes exponential time in V8. Instead the regex becomes an NFA (refa) that
 * is simulated as a lazily built DFA: each input character costs one table lookup once its DFA state
 * is cached, and at most one step over the NFA's states otherwise, whatever the regex.
 */
import { JS, NFA } from 'refa';
/** Above this many cached DFA states the cache is dropped (memory stays bounded, time stays linear). */
const MAX_CACHED_STATES = 1024;
const ACCEPT = 1;
const DEAD = 2;
export function nfaOfSource(source) {
    const { expression, maxCharacter } = JS.Parser.fromLiteral({ source, flags: 'u' }).parse();
    return NFA.fromRegex(expression, { maxCharacter }, { assertions: 'throw' });
}
const nfaCache = new Map();
/** The NFA of a regex source, parsed once (callers must copy it before changing it). */
export function sharedNfa(source) {
    let nfa = nfaCache.get(source);
    if (!nfa) {
        nfa = nfaOfSource(source);
        if (nfaCache.size > 10_000)
            nfaCache.clear();
        nfaCache.set(source, nfa);
    }
    return nfa;
}
/** The NFA of a concatenation of literal texts and regex sources, composed without re-parsing. */
export function concatNfa(parts) {
    const piece = (p) => 'literal' in p ? NFA.fromWords([[...p.literal].map((c) => c.codePointAt(0))], { maxCharacter: 0x10ffff }) : sharedNfa(p.regex).copy();
    if (parts.length === 0)
        return NFA.fromWords([[]], { maxCharacter: 0x10ffff });
    const nfa = piece(parts[0]);
    for (const p of parts.slice(1))
        nfa.append(piece(p));
    return nfa;
}
/**
 * A whole-match matcher for one regular language: a DFA built lazily from the NFA, state by state as the
 * input needs them. Code points below 128 go through a flat table (state * 128 + char -> next + 1).
 */
export class LinearMatcher {
    out = [];
    finals = [];
    /** DFA states: their sorted NFA state sets, keyed by the set. */
    sets = [];
    ids = new Map();
    flags = new Uint8Array(16);
    table = new Int32Array(16 * 128);
    other = new Map();
    constructor(nfa) {
        const ids = new Map();
        const id = (n) => {
            let i = ids.get(n);
            if (i === undefined) {
                i = ids.size;
                ids.set(n, i);
                this.out.push([]);
                this.finals.push(false);
            }
            return i;
        };
        const todo = [nfa.initial];
        id(nfa.initial);
        const seen = new Set([nfa.initial]);
        while (todo.length) {
            const n = todo.pop();
            const from = id(n);
            this.finals[from] = nfa.finals.has(n);
            for (const [to, chars] of n.out) {
                this.out[from].push({ chars, to: id(to) });
                if (!seen.has(to)) {
                    seen.add(to);
                    todo.push(to);
                }
            }
        }
        this.intern([0]); // the start state is always DFA state 0
    }
    static fromSource(source) {
        return new LinearMatcher(nfaOfSource(source));
    }
    intern(set) {
        const key = set.join(',');
        let d = this.ids.get(key);
        if (d === undefined) {
            d = this.sets.length;
            this.sets.push(set);
            this.ids.set(key, d);
            if (d >= this.flags.length) {
                const flags = new Uint8Array(this.flags.length * 2);
                flags.set(this.flags);
                this.flags = flags;
                const table = new Int32Array(this.table.length * 2);
                table.set(this.table);
                this.table = table;
            }
            this.flags[d] = (set.some((s) => this.finals[s]) ? ACCEPT : 0) | (set.length === 0 ? DEAD : 0);
        }
        return d;
    }
    /** The DFA state after `d` on code point `c`, computed from the NFA and cached. */
    step(d, c) {
        if (c < 128) {
            const cached = this.table[d * 128 + c] - 1;
            if (cached >= 0)
                return cached;
        }
        else {
            const cached = this.other.get(d * 0x110000 + c);
            if (cached !== undefined)
                return cached;
        }
        const next = new Set();
        for (const s of this.sets[d])
            for (const t of this.out[s])
                if (t.chars.has(c))
                    next.add(t.to);
        const set = [...next].sort((a, b) => a - b);
        if (this.sets.length >= MAX_CACHED_STATES) {
            this.reset();
            return this.intern(set);
        }
        const n = this.intern(set);
        if (c < 128)
            this.table[d * 128 + c] = n + 1;
        else if (this.other.size < 4096)
            this.other.set(d * 0x110000 + c, n);
        return n;
    }
    reset() {
        this.sets = [];
        this.ids = new Map();
        this.flags = new Uint8Array(16);
        this.table = new Int32Array(16 * 128);
        this.other = new Map();
        this.intern([0]);
    }
    /** Does the regex match all of `text`? */
    test(text) {
        let d = 0;
        const n = text.length;
        for (let i = 0; i < n; i++) {
            let c = text.charCodeAt(i);
            let next;
            if (c < 128) {
                next = this.table[d * 128 + c] - 1;
                if (next < 0)
                    next = this.step(d, c);
            }
            else {
                // Outside ASCII: whole code points, as the `u` flag reads them.
                c = text.codePointAt(i);
                if (c > 0xffff)
                    i++;
                next = this.step(d, c);
            }
            if (this.flags[next] & DEAD)
                return false;
            d = next;
        }
        return (this.flags[d] & ACCEPT) !== 0;
    }
    /**
     * The ends `e` (code-unit offsets, ascending) such that the regex matches `text[from, e)`; `e` = `from`
     * first if the regex matches the empty string.
     */
    ends(text, from) {
        const out = [];
        let d = 0;
        if (this.flags[d] & ACCEPT)
            out.push(from);
        for (let i = from; i < text.length;) {
            const c = text.codePointAt(i);
            i += c > 0xffff ? 2 : 1;
            d = this.step(d, c);
            if (this.flags[d] & DEAD)
                break;
            if (this.flags[d] & ACCEPT)
                out.push(i);
        }
        return out;
    }
    /**
     * Run backwards from the end of `text`: `starts[i]` is 1 iff the regex matches `text[i, length)`.
     * The matcher must have been built from the reversed NFA (see `reversedMatcher`).
     */
    startsFromEnd(text) {
        const starts = new Uint8Array(text.length + 1);
        let d = 0;
        if (this.flags[d] & ACCEPT)
            starts[text.length] = 1;
        for (let i = text.length; i > 0;) {
            let c = text.charCodeAt(i - 1);
            if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
                const hi = text.charCodeAt(i - 2);
                if (hi >= 0xd800 && hi <= 0xdbff) {
                    c = (hi - 0xd800) * 0x400 + (c - 0xdc00) + 0x10000;
                    i--;
                }
            }
            i--;
            d = this.step(d, c);
            if (this.flags[d] & DEAD)
                break;
            if (this.flags[d] & ACCEPT)
                starts[i] = 1;
        }
        return starts;
    }
}
/** A matcher for the reversed language of an NFA (for `startsFromEnd`); the NFA is reversed in place. */
export function reversedMatcher(nfa) {
    nfa.reverse();
    return new LinearMatcher(nfa);
}
const bySource = new Map();
/** The matcher of a regex source (with the `u` flag), cached by source. */
export function matcherFor(source) {
    let m = bySource.get(source);
    if (!m) {
        m = new LinearMatcher(sharedNfa(source));
        if (bySource.size > 10_000)
            bySource.clear();
        bySource.set(source, m);
    }
    return m;
}
/** Whole-match test of a regex source (with the `u` flag) in linear time. */
export function matchesRegex(source, text) {
    return matcherFor(source).test(text);
}
//# sourceMappingURL=linear-match.js.map