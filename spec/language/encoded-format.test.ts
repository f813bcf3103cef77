/** Encoded numbers (`high * multiplier + low`): parsed with their defaults, described, decoded and judged part by part. */
import { describe, expect, it } from 'vitest';
import type { ValueFormat } from './model.ts';
import { decodeParts, describeFormat, judgeValue, parseFormat, type FormatProblem } from './value-format.ts';

const ctx = { resolveType: () => undefined, compileTemplate: () => undefined };

function parse(raw: unknown): { f: ValueFormat; problems: FormatProblem[] } {
  const problems: FormatProblem[] = [];
  return { f: parseFormat(raw, ctx, problems), problems };
}

const DELAYED = {
  encoded: {
    multiplier: 4096,
    high: { name: 'due', format: 'epochMillis' },
    low: { name: 'counter', format: { integer: { min: 0, max: 4095 } } },
  },
};

describe('encoded numbers', () => {
  it('fill defaults: parts named high and low, non-negative integers', () => {
    const { f, problems } = parse({ encoded: { multiplier: 100 } });
    expect(problems).toEqual([]);
    expect(f).toEqual({
      kind: 'encoded',
      multiplier: 100,
      high: { name: 'high', format: { kind: 'integer', min: 0 } },
      low: { name: 'low', format: { kind: 'integer', min: 0 } },
    });
    expect(describeFormat(f)).toBe('high * 100 + low (high: integer ≥ 0; low: integer ≥ 0)');
  });

  it('decode BullMQ delayed scores and judge each part', () => {
    const { f, problems } = parse(DELAYED);
    expect(problems).toEqual([]);
    const dueMs = 1_764_000_000_000;
    const ok = Buffer.from(String(dueMs * 4096 + 17));
    expect(judgeValue(f, ok)).toBeUndefined();
    expect(decodeParts(f as Extract<ValueFormat, { kind: 'encoded' }>, ok.toString())).toEqual({ high: dueMs, low: 17 });
    expect(judgeValue(f, Buffer.from(String(-3 * 4096 + 1)))).toMatch(/^due \(-3\): not epoch milliseconds/);
    expect(judgeValue(f, Buffer.from('1.5'))).toMatch(/not an integer below 2\^53/);
    expect(judgeValue(f, Buffer.from('1e5'))).toMatch(/not an integer below 2\^53/);
    expect(judgeValue(f, Buffer.from(String(2 ** 53)))).toMatch(/not an integer below 2\^53/);
  });

  it('reject parts that are not integers, a low part reaching the multiplier, equal names, sums beyond 2^53', () => {
    const rules = (raw: unknown): string[] => parse(raw).problems.map((p) => `${p.rule} ${p.path.join('.')}`);
    expect(rules({ encoded: { multiplier: 10, high: { format: 'float' } } })).toEqual(['KS230 encoded.high.format']);
    expect(rules({ encoded: { multiplier: 10, low: { format: { integer: { max: 10 } } } } })).toEqual(['KS230 encoded.low.format']);
    expect(rules({ encoded: { multiplier: 10, low: { format: { integer: { min: -1, max: 9 } } } } })).toEqual(['KS230 encoded.low.format']);
    expect(rules({ encoded: { multiplier: 10, high: { name: 'n' }, low: { name: 'n' } } })).toEqual(['KS230 encoded.low.name']);
    expect(rules({ encoded: { multiplier: 2 ** 32, high: { format: { integer: { max: 2 ** 22 } } } } })).toEqual([
      'KS230 encoded.multiplier',
    ]);
    expect(rules({ encoded: { multiplier: 2 ** 32, high: { format: { integer: { max: 2 ** 20 } } } } })).toEqual([]);
  });
});
