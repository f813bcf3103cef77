/**
 * Exponential ambiguity of a regex, the cause of exponential backtracking: some text can be read in
 * two different ways from a point of the regex back to that same point, so n repetitions give 2^n
 * ways that a backtracking engine tries one by one before it gives up. Found on the regex's position
 * (Glushkov) automaton, which keeps every way of reading a text (`(a|a)*` has two `a` positions; the
 * nested stars of `(a*)*` give the `a`→`a` step twice), by looking for two distinct cycles on the same
 * word: a strongly connected part of the automaton × automaton product that holds both a pair (p, p)
 * and a pair (p, q) with p ≠ q, or a step taken in two ways on a cycle.
 */
import { JS } from 'refa';
class TooBig extends Error {
}
const MAX_POSITIONS = 200;
const MAX_PRODUCT_STEPS = 2_000_000;
class Glushkov {
    chars = [];
    /** follow[p]: target position -> number of ways the step p -> target arises. */
    follow = [];
    link(from, to) {
        for (const p of from)
            for (const q of to)
                this.follow[p].set(q, (this.follow[p].get(q) ?? 0) + 1);
    }
    concat(infos) {
        let acc = { nullable: true, first: [], last: [] };
        for (const i of infos) {
            this.link(acc.last, i.first);
            acc = {
                nullable: acc.nullable && i.nullable,
                first: acc.nullable ? [...acc.first, ...i.first] : acc.first,
                last: i.nullable ? [...acc.last, ...i.last] : i.last,
            };
        }
        return acc;
    }
    alternation(alternatives) {
        const infos = alternatives.map((a) => this.build(a));
        return {
            nullable: infos.some((i) => i.nullable),
            first: infos.flatMap((i) => i.first),
            last: infos.flatMap((i) => i.last),
        };
    }
    build(node) {
        switch (node.type) {
            case 'Expression':
            case 'Alternation':
                return this.alternation(node.alternatives ?? []);
            case 'Concatenation':
                return this.concat((node.elements ?? []).map((e) => this.build(e)));
            case 'CharacterClass': {
                const p = this.chars.length;
                if (p >= MAX_POSITIONS)
                    throw new TooBig();
                this.chars.push(node.characters);
                this.follow.push(new Map());
                return { nullable: false, first: [p], last: [p] };
            }
            case 'Quantifier': {
                const min = node.min ?? 0;
                const max = node.max ?? Infinity;
                const body = () => this.alternation(node.alternatives ?? []);
                const copies = [];
                for (let i = 0; i < min; i++)
                    copies.push(body());
                if (max === Infinity) {
                    const star = body();
                    this.link(star.last, star.first);
                    copies.push({ ...star, nullable: true });
                }
                else {
                    for (let i = min; i < max; i++)
                        copies.push({ ...body(), nullable: true });
                }
                return this.concat(copies);
            }
            default:
                // Assertions and unknown elements are rejected before (regexProblem).
                return { nullable: true, first: [], last: [] };
        }
    }
}
function pick(set) {
    const c = set.ranges[0].min;
    return c >= 0x21 && c < 0x7f ? String.fromCodePoint(c) : `\\u{${c.toString(16)}}`;
}
/**
 * A short description of an exponentially ambiguous part (e.g. `'a'`), or undefined if there is none or
 * the regex is too large to analyse this way.
 */
export function exponentialAmbiguity(source) {
    let g;
    try {
        const { expression } = JS.Parser.fromLiteral({ source, flags: 'u' }).parse({ simplify: false, backreferences: 'throw' });
        g = new Glushkov();
        g.build(expression);
    }
    catch {
        return undefined;
    }
    const n = g.chars.length;
    const succ = (pq) => {
        const p = Math.floor(pq / n);
        const q = pq % n;
        const out = [];
        for (const p2 of g.follow[p].keys())
            for (const q2 of g.follow[q].keys())
                if (!g.chars[p2].isDisjointWith(g.chars[q2]))
                    out.push(p2 * n + q2);
        return out;
    };
    // Tarjan's SCC, iterative, over the pairs reachable from the diagonal.
    const index = new Map();
    const low = new Map();
    const onStack = new Set();
    const stack = [];
    const component = new Map();
    let counter = 0;
    let steps = 0;
    let components = 0;
    for (let d = 0; d < n; d++) {
        const root = d * n + d;
        if (index.has(root))
            continue;
        const work = [];
        const open = (v) => {
            index.set(v, counter);
            low.set(v, counter++);
            stack.push(v);
            onStack.add(v);
            const next = succ(v);
            steps += next.length;
            if (steps > MAX_PRODUCT_STEPS)
                throw new TooBig();
            work.push({ v, next, i: 0 });
        };
        try {
            open(root);
        }
        catch {
            return undefined;
        }
        while (work.length) {
            const top = work[work.length - 1];
            if (top.i < top.next.length) {
                const w = top.next[top.i++];
                if (!index.has(w)) {
                    try {
                        open(w);
                    }
                    catch {
                        return undefined;
                    }
                }
                else if (onStack.has(w))
                    low.set(top.v, Math.min(low.get(top.v), index.get(w)));
                continue;
            }
            work.pop();
            if (work.length) {
                const parent = work[work.length - 1];
                low.set(parent.v, Math.min(low.get(parent.v), low.get(top.v)));
            }
            if (low.get(top.v) === index.get(top.v)) {
                const members = [];
                let w;
                do {
                    w = stack.pop();
                    onStack.delete(w);
                    component.set(w, components);
                    members.push(w);
                } while (w !== top.v);
                components++;
                const diagonal = members.some((m) => Math.floor(m / n) === m % n);
                const off = members.find((m) => Math.floor(m / n) !== m % n);
                if (diagonal && off !== undefined && members.length > 1) {
                    const p = Math.floor(off / n);
                    return `'${pick(g.chars[p].intersect(g.chars[off % n]))}'`;
                }
            }
        }
    }
    // A step that arises in two ways and lies on a cycle.
    for (let p = 0; p < n; p++) {
        for (const [q, ways] of g.follow[p]) {
            if (ways < 2)
                continue;
            const cp = component.get(p * n + p);
            if (cp !== undefined && cp === component.get(q * n + q))
                return `'${pick(g.chars[q])}'`;
        }
    }
    return undefined;
}
//# sourceMappingURL=ambiguity.js.map