/**
 * Regex matching in guaranteed linear time. Spec regexes (placeholder types, whole patterns, value
 * formats) are matched against input the checker reads from Redis (key, field and channel names,
 * values) and the validator reads from the spec (examples), so no backtracking engine may run them:
 * `(a+)+` against `aaaa…!` takes exponential time in V8. Instead the regex becomes an NFA (refa) that
 * is simulated as a lazily built DFA: each input character costs one table lookup once its DFA state
 * is cached, and at most one step over the NFA's states otherwise, whatever the regex.
 */
import { JS, NFA, type CharSet } from 'refa';

interface DState {
  /** Sorted NFA state ids. */
  readonly states: readonly number[];
  readonly accept: boolean;
  readonly dead: boolean;
  /** Transitions for code points below 128, filled on demand. */
  readonly ascii: (DState | undefined)[];
  readonly other: Map<number, DState>;
}

/** Above this many cached DFA states the cache is dropped (memory stays bounded, time stays linear). */
const MAX_CACHED_STATES = 1024;

export function nfaOfSource(source: string): NFA {
  const { expression, maxCharacter } = JS.Parser.fromLiteral({ source, flags: 'u' }).parse();
  return NFA.fromRegex(expression, { maxCharacter }, { assertions: 'throw' });
}

/** A whole-match matcher for one regular language. */
export class LinearMatcher {
  private readonly out: { chars: CharSet; to: number }[][] = [];
  private readonly finals: boolean[] = [];
  private readonly cache = new Map<string, DState>();
  private readonly initialStates: number[];
  private start: DState;

  constructor(nfa: NFA) {
    const ids = new Map<NFA.ReadonlyNode, number>();
    const id = (n: NFA.ReadonlyNode): number => {
      let i = ids.get(n);
      if (i === undefined) {
        i = ids.size;
        ids.set(n, i);
        this.out.push([]);
        this.finals.push(false);
      }
      return i;
    };
    const todo: NFA.ReadonlyNode[] = [nfa.initial];
    id(nfa.initial);
    const seen = new Set<NFA.ReadonlyNode>([nfa.initial]);
    while (todo.length) {
      const n = todo.pop()!;
      const from = id(n);
      this.finals[from] = nfa.finals.has(n as NFA.Node);
      for (const [to, chars] of n.out) {
        this.out[from]!.push({ chars, to: id(to) });
        if (!seen.has(to)) {
          seen.add(to);
          todo.push(to);
        }
      }
    }
    this.initialStates = [0];
    this.start = this.state(this.initialStates);
  }

  static fromSource(source: string): LinearMatcher {
    return new LinearMatcher(nfaOfSource(source));
  }

  private state(states: readonly number[]): DState {
    const key = states.join(',');
    let d = this.cache.get(key);
    if (!d) {
      if (this.cache.size >= MAX_CACHED_STATES) {
        this.cache.clear();
        this.start = { ...this.start, ascii: [], other: new Map() };
        this.cache.set(this.initialStates.join(','), this.start);
      }
      d = {
        states,
        accept: states.some((s) => this.finals[s]),
        dead: states.length === 0,
        ascii: [],
        other: new Map(),
      };
      this.cache.set(key, d);
    }
    return d;
  }

  private step(d: DState, c: number): DState {
    const cached = c < 128 ? d.ascii[c] : d.other.get(c);
    if (cached) return cached;
    const next = new Set<number>();
    for (const s of d.states) for (const t of this.out[s]!) if (t.chars.has(c)) next.add(t.to);
    const n = this.state([...next].sort((a, b) => a - b));
    if (c < 128) d.ascii[c] = n;
    else if (d.other.size < 256) d.other.set(c, n);
    return n;
  }

  /** Does the regex match all of `text`? */
  test(text: string): boolean {
    let d = this.start;
    for (let i = 0; i < text.length;) {
      const c = text.codePointAt(i)!;
      i += c > 0xffff ? 2 : 1;
      d = this.step(d, c);
      if (d.dead) return false;
    }
    return d.accept;
  }

  /**
   * The ends `e` (code-unit offsets, ascending) such that the regex matches `text[from, e)`; `e` = `from`
   * first if the regex matches the empty string.
   */
  ends(text: string, from: number): number[] {
    const out: number[] = [];
    let d = this.start;
    if (d.accept) out.push(from);
    for (let i = from; i < text.length;) {
      const c = text.codePointAt(i)!;
      i += c > 0xffff ? 2 : 1;
      d = this.step(d, c);
      if (d.dead) break;
      if (d.accept) out.push(i);
    }
    return out;
  }

  /**
   * Run backwards from the end of `text`: `starts[i]` is true iff the regex matches `text[i, length)`.
   * The matcher must have been built from the reversed NFA (see `reversedMatcher`).
   */
  startsFromEnd(text: string): Uint8Array {
    const starts = new Uint8Array(text.length + 1);
    let d = this.start;
    if (d.accept) starts[text.length] = 1;
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
      if (d.dead) break;
      if (d.accept) starts[i] = 1;
    }
    return starts;
  }
}

/** A matcher for the reversed language of a regex (for `startsFromEnd`). */
export function reversedMatcher(source: string): LinearMatcher {
  const nfa = nfaOfSource(source);
  nfa.reverse();
  return new LinearMatcher(nfa);
}

const bySource = new Map<string, LinearMatcher>();

/** Whole-match test of a regex source (with the `u` flag) in linear time; matchers are cached by source. */
export function matchesRegex(source: string, text: string): boolean {
  let m = bySource.get(source);
  if (!m) {
    m = LinearMatcher.fromSource(source);
    if (bySource.size > 10_000) bySource.clear();
    bySource.set(source, m);
  }
  return m.test(text);
}
