/** The runtime's copies of spec rules agree with the spec: enum regexes (the descriptors leave them out). */
import { describe, expect, it } from 'vitest';
import { enumRegex as specEnumRegex } from '../spec/language/placeholder-types.ts';
import { enumRegex } from './runtime/regex.ts';

describe('runtime enumRegex', () => {
  it.each([[['red', 'green']], [['run_wepp', 'run_wepp_watershed', 'a.b', 'x|y', '(paren)']], [['1', '10', '2']], [['same', 'same']]])(
    'derives the regex the spec compiles for %j',
    (values) => {
      expect(enumRegex(values)).toBe(specEnumRegex(values));
    },
  );
});
