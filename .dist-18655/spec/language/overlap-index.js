/**
 * An index that rules out pairs of patterns which cannot match a common text, so the overlap check only
 * intersects automata for the pairs left (candidates). It must never rule out a pair that overlaps: each
 * test below is a necessary condition for an overlap.
 *
 * - Literal prefix: every text a pattern matches starts with its leading literal, so two patterns can
 *   overlap only if one leading literal is a prefix of the other (and a pattern that is all literal
 *   matches only itself: its literal must then equal the other's prefix or extend to it exactly).
 * - Literal suffix: the same from the end.
 * - First and last character: a literal's, or the characters a placeholder there can use (when it
 *   never matches empty text); the two sets must intersect.
 * - Segment shape: when no placeholder of a pattern can produce the delimiter (`:`), every text it
 *   matches has exactly as many delimiters as its literals, and the n-th delimited segment of the text
 *   is matched by the n-th segment of the pattern. Two such patterns overlap only if they have the same
 *   number of segments and, segment by segment, the prefix and suffix tests pass.
 *
 * Tries over those literals give, for each pattern, the set of patterns that pass one test; the smallest
 * such set is enumerated and each member is checked against all tests.
 */
import { CharSet, JS } from 'refa';
const reverse = (s) => [...s].reverse().join('');
const MAX_CHAR = 0x10ffff;
const alphabetCache = new Map();
/** Every character some text a placeholder regex matches can contain; undefined when unsure. */
function alphabetOf(regex) {
    let chars = alphabetCache.get(regex);
    if (chars === undefined) {
        chars = null;
        try {
            const { expression } = JS.Parser.fromLiteral({ source: regex, flags: 'u' }).parse();
            let found = CharSet.empty(MAX_CHAR);
            let unknown = false;
            const visit = (node) => {
                if (node.type === 'Unknown')
                    unknown = true;
                if (node.type === 'CharacterClass' && node.characters)
                    found = found.union(node.characters);
                for (const a of node.alternatives ?? [])
                    visit(a);
                for (const e of node.elements ?? [])
                    visit(e);
            };
            visit(expression);
            if (!unknown)
                chars = found;
        }
        catch {
            chars = null;
        }
        if (alphabetCache.size > 10_000)
            alphabetCache.clear();
        alphabetCache.set(regex, chars);
    }
    return chars ?? undefined;
}
/** Whether some text a placeholder regex matches can contain the character; true when unsure. */
export function regexCanProduce(regex, char) {
    return alphabetOf(regex)?.has(char.codePointAt(0)) ?? true;
}
const emptyMatchCache = new Map();
function matchesEmpty(regex) {
    let r = emptyMatchCache.get(regex);
    if (r === undefined) {
        try {
            r = new RegExp(`^(?:${regex})$`, 'u').test('');
        }
        catch {
            r = true;
        }
        if (emptyMatchCache.size > 10_000)
            emptyMatchCache.clear();
        emptyMatchCache.set(regex, r);
    }
    return r;
}
/**
 * The characters a text of the pattern can start with (`from: 'start'`) or end with: its literal's
 * first (last) character, or the alphabet of a placeholder there that never matches empty text.
 * Undefined when not known (any character).
 */
function edgeChars(parts, from) {
    const p = from === 'start' ? parts[0] : parts[parts.length - 1];
    if (!p)
        return undefined;
    if (p.kind === 'literal') {
        const c = from === 'start' ? p.text.codePointAt(0) : [...p.text].pop()?.codePointAt(0);
        return c === undefined ? undefined : CharSet.fromCharacter(MAX_CHAR, c);
    }
    return matchesEmpty(p.type.regex) ? undefined : alphabetOf(p.type.regex);
}
function endsOf(parts) {
    let lead = '';
    let i = 0;
    for (; i < parts.length && parts[i].kind === 'literal'; i++)
        lead += parts[i].text;
    const exact = i === parts.length;
    if (exact)
        return { lead: { text: lead, exact }, trail: { text: reverse(lead), exact } };
    let trail = '';
    for (let j = parts.length - 1; j >= 0 && parts[j].kind === 'literal'; j--)
        trail = parts[j].text + trail;
    return { lead: { text: lead, exact }, trail: { text: reverse(trail), exact } };
}
export function shapeOf(pattern, delimiter = ':') {
    const shape = endsOf(pattern.parts);
    const head = edgeChars(pattern.parts, 'start');
    const tail = edgeChars(pattern.parts, 'end');
    if (head)
        shape.head = head;
    if (tail)
        shape.tail = tail;
    if (pattern.parts.some((p) => p.kind === 'placeholder' && regexCanProduce(p.type.regex, delimiter)))
        return shape;
    const segments = [[]];
    for (const p of pattern.parts) {
        if (p.kind === 'placeholder') {
            segments[segments.length - 1].push(p);
            continue;
        }
        p.text.split(delimiter).forEach((piece, n) => {
            if (n > 0)
                segments.push([]);
            if (piece)
                segments[segments.length - 1].push({ kind: 'literal', text: piece });
        });
    }
    shape.segments = segments.map(endsOf);
    return shape;
}
/** Whether the literal ends allow a common text (a necessary condition, not a sufficient one). */
function compatible(a, b) {
    if (a.text.length <= b.text.length)
        return b.text.startsWith(a.text) && (!a.exact || a.text.length === b.text.length);
    return a.text.startsWith(b.text) && !b.exact;
}
/** Whether the index keeps the pair: false only when the two patterns cannot match a common text. */
export function mayOverlap(a, b) {
    if (!compatible(a.lead, b.lead) || !compatible(a.trail, b.trail))
        return false;
    if (a.head && b.head && a.head.isDisjointWith(b.head))
        return false;
    if (a.tail && b.tail && a.tail.isDisjointWith(b.tail))
        return false;
    if (!a.segments || !b.segments)
        return true;
    if (a.segments.length !== b.segments.length)
        return false;
    return a.segments.every((s, n) => compatible(s.lead, b.segments[n].lead) && compatible(s.trail, b.segments[n].trail));
}
const node = () => ({ open: [], closed: [], below: 0 });
/** Items by one literal end: which items pass the prefix test with a given end. */
class EndTrie {
    root = node();
    add(end, item) {
        let n = this.root;
        for (const ch of end.text) {
            n.below++;
            n.children ??= new Map();
            let next = n.children.get(ch);
            if (!next)
                n.children.set(ch, (next = node()));
            n = next;
        }
        (end.exact ? n.closed : n.open).push(item);
    }
    /** How many items pass the test with `end` (the size of `each`). */
    count(end) {
        let total = 0;
        let n = this.root;
        for (const ch of end.text) {
            total += n.open.length;
            n = n.children?.get(ch);
            if (!n)
                return total;
        }
        return total + n.open.length + n.closed.length + (end.exact ? 0 : n.below);
    }
    /** Calls back each item that passes the test with `end`. */
    each(end, fn) {
        let n = this.root;
        for (const ch of end.text) {
            n.open.forEach(fn);
            n = n.children?.get(ch);
            if (!n)
                return;
        }
        n.open.forEach(fn);
        n.closed.forEach(fn);
        if (end.exact)
            return;
        const stack = [...(n.children?.values() ?? [])];
        while (stack.length) {
            const m = stack.pop();
            m.open.forEach(fn);
            m.closed.forEach(fn);
            for (const c of m.children?.values() ?? [])
                stack.push(c);
        }
    }
}
/** Tries over the same items, one per test; a query enumerates the smallest passing set. */
class Dimensions {
    tries;
    constructor(tries) {
        this.tries = tries;
    }
    static of(n) {
        return new Dimensions(Array.from({ length: n }, () => new EndTrie()));
    }
    /** Enumerates a superset of the items passing every test (the items passing the most selective one). */
    each(ends, fn) {
        let best = 0;
        let bestCount = Infinity;
        ends.forEach((e, d) => {
            const c = this.tries[d].count(e);
            if (c < bestCount)
                [best, bestCount] = [d, c];
        });
        if (bestCount > 0)
            this.tries[best].each(ends[best], fn);
    }
}
const segmentNode = (segment) => ({ segment, children: [], byKey: new Map(), items: [] });
const segmentKey = (s) => JSON.stringify([s.lead.text, s.lead.exact, s.trail.text]);
/** Below this many children a node is scanned rather than looked up through its tries. */
const SCAN_CHILDREN = 16;
/**
 * Patterns with known segments and one segment count, as a trie of segments: a query walks down, at each
 * level following only the children whose segment passes the prefix and suffix tests with the query's
 * segment at that level.
 */
class SegmentTrie {
    root = segmentNode({ lead: { text: '', exact: false }, trail: { text: '', exact: false } });
    add(segments, item) {
        let n = this.root;
        for (const seg of segments) {
            const k = segmentKey(seg);
            let next = n.byKey.get(k);
            if (!next) {
                next = segmentNode(seg);
                n.byKey.set(k, next);
                n.children.push(next);
            }
            n = next;
        }
        n.items.push(item);
    }
    /** Indexes the children of wide nodes; call once after the last add. */
    seal() {
        const stack = [this.root];
        while (stack.length) {
            const n = stack.pop();
            if (n.children.length > SCAN_CHILDREN) {
                n.lead = new EndTrie();
                n.trail = new EndTrie();
                n.children.forEach((c, i) => {
                    n.lead.add(c.segment.lead, i);
                    n.trail.add(c.segment.trail, i);
                });
            }
            stack.push(...n.children);
        }
    }
    /** Calls back every pattern whose segments pass the tests with these, level by level. */
    each(segments, fn) {
        const k = segments.length;
        const visit = (n, depth) => {
            if (depth === k) {
                n.items.forEach(fn);
                return;
            }
            const q = segments[depth];
            const follow = (c) => {
                if (compatible(q.lead, c.segment.lead) && compatible(q.trail, c.segment.trail))
                    visit(c, depth + 1);
            };
            if (!n.lead || !n.trail) {
                n.children.forEach(follow);
                return;
            }
            const byLead = n.lead.count(q.lead) <= n.trail.count(q.trail);
            (byLead ? n.lead : n.trail).each(byLead ? q.lead : q.trail, (i) => follow(n.children[i]));
        };
        visit(this.root, 0);
    }
}
/**
 * Pairs of patterns that may overlap: a superset of the pairs that do, sorted by (i, j). A pair not
 * returned provably matches no common text.
 */
export function candidatePairs(patterns, delimiter = ':') {
    const shapes = patterns.map((p) => shapeOf(p, delimiter));
    // Patterns with unknown segments, by their whole-pattern ends.
    const unsegmented = Dimensions.of(2);
    // Patterns with known segments, by segment count, then segment by segment.
    const segmented = new Map();
    shapes.forEach((s, i) => {
        if (s.segments) {
            let trie = segmented.get(s.segments.length);
            if (!trie)
                segmented.set(s.segments.length, (trie = new SegmentTrie()));
            trie.add(s.segments, i);
        }
        else {
            unsegmented.tries[0].add(s.lead, i);
            unsegmented.tries[1].add(s.trail, i);
        }
    });
    for (const trie of segmented.values())
        trie.seal();
    // Every pattern by its whole-pattern ends, for the patterns with unknown segments (built only for them).
    let all;
    if (shapes.some((s) => !s.segments)) {
        all = Dimensions.of(2);
        shapes.forEach((s, i) => {
            all.tries[0].add(s.lead, i);
            all.tries[1].add(s.trail, i);
        });
    }
    const pairs = [];
    shapes.forEach((s, i) => {
        const js = [];
        const keep = (j) => {
            if (j > i && mayOverlap(s, shapes[j]))
                js.push(j);
        };
        if (s.segments) {
            segmented.get(s.segments.length).each(s.segments, keep);
            unsegmented.each([s.lead, s.trail], keep);
        }
        else {
            all.each([s.lead, s.trail], keep);
        }
        js.sort((x, y) => x - y);
        for (const j of js)
            pairs.push([i, j]);
    });
    return { pairs, allPairs: (patterns.length * (patterns.length - 1)) / 2 };
}
//# sourceMappingURL=overlap-index.js.map