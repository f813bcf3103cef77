import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { io as capturedIO } from '../../testing/cli/io.ts';
import { runCli } from '../run-cli.ts';

const io = () => capturedIO();
const dir = mkdtempSync(join(tmpdir(), 'keyspec-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('keyspec model', () => {
  it('prints the WEPPcloud model as JSON that round-trips byte for byte and validates against model.schema.json', async () => {
    const x = io();
    expect(await runCli(['model', 'spec/weppcloud.yaml'], x)).toBe(0);
    const parsed = JSON.parse(x.out) as { modelVersion: string; databases: unknown[] };
    expect(JSON.stringify(parsed, null, 2) + '\n').toBe(x.out);
    expect(parsed.modelVersion).toBe('1');
    const schema = createRequire(import.meta.url)('../../spec/model.schema.json') as object;
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const validate = ajv.compile(schema);
    expect(validate(parsed), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('--output writes the same JSON to a file', async () => {
    const a = io();
    await runCli(['model', 'spec/weppcloud.yaml'], a);
    const b = io();
    const file = join(dir, 'model.json');
    expect(await runCli(['model', 'spec/weppcloud.yaml', '--output', file], b)).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(a.out);
    expect(b.err).toContain('written to');
  });

  it('exits 2 with the diagnostics for a spec with errors, and writes nothing', async () => {
    const x = io();
    const file = join(dir, 'never.json');
    expect(await runCli(['model', 'spec/language/fixtures/does-not-exist.yaml', '--output', file], x)).toBe(2);
    expect(x.out).toBe('');
    expect(() => readFileSync(file)).toThrow();
  });
});
