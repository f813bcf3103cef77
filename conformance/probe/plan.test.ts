/** `--service` arguments and probe planning (pure). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeHost, type Spec } from '../../spec/index.ts';
import { loadCheckedSpec } from '../run/prepare-run.ts';
import { planProbes } from './plan.ts';
import { normalizeServiceUrl, parseServiceArg, ProbeUsageError, redactServiceUrl } from './services.ts';

const root = join(import.meta.dirname, '..', '..');
const spec: Spec = loadCheckedSpec(join(root, 'spec', 'weppcloud.yaml'), nodeHost(root)).spec!;

describe('planning', () => {
  it('parses --service NAME=URL and normalises the URL', () => {
    expect(parseServiceArg('status=ws://h:9002/')).toEqual({ name: 'status', url: 'ws://h:9002/' });
    expect(() => parseServiceArg('status')).toThrow(ProbeUsageError);
    expect(() => parseServiceArg('=ws://h')).toThrow(ProbeUsageError);
    expect(normalizeServiceUrl('s', 'ws://h:9002/')).toBe('ws://h:9002');
    expect(normalizeServiceUrl('s', 'https://h/relay/')).toBe('wss://h/relay');
    expect(() => normalizeServiceUrl('s', 'ftp://h')).toThrow(/expected a ws:\/\/ or wss:\/\/ URL/);
    expect(() => normalizeServiceUrl('s', 'ws://h/?a=1')).toThrow(/query/);
    expect(redactServiceUrl('ws://u:secret@h:1/x')).toBe('ws://u:***@h:1/x');
  });

  it('builds the WebSocket URL, channel, message and scratch key from the contract', () => {
    const plans = planProbes(
      spec,
      [
        { name: 'status', url: 'ws://127.0.0.1:9002' },
        { name: 'preflight', url: 'ws://127.0.0.1:9001/' },
      ],
      { nonce: 'abc123', now: 1700000000 },
    );
    expect(plans).toHaveLength(2);
    expect(plans[0]).toMatchObject({
      id: 'status.relays-status-messages',
      url: 'ws://127.0.0.1:9002/keyspec-probe:wepp',
      trigger: { kind: 'publish', channelName: 'status', db: 2, channel: 'keyspec-probe:wepp', message: 'keyspec probe abc123' },
      timeoutMs: 3000,
    });
    expect(plans[1]).toMatchObject({
      id: 'preflight.pushes-checklist-on-hash-change',
      url: 'ws://127.0.0.1:9001/keyspec-probe',
      trigger: { kind: 'hset', keyId: 'lock.run', db: 0, key: 'keyspec-probe', field: 'timestamps:build_soils', value: '{now}' },
    });
    expect(planProbes(spec, [{ name: 'status', url: 'ws://h' }], { nonce: 'n', now: 0 }, 500)[0]!.timeoutMs).toBe(500);
  });

  it('refuses unknown services, services without a contract, duplicates and no service at all', () => {
    const t = { nonce: 'n', now: 0 };
    expect(() => planProbes(spec, [], t)).toThrow(/give at least one --service NAME=URL \(services with probes: preflight, status\)/);
    expect(() => planProbes(spec, [{ name: 'statuss', url: 'ws://h' }], t)).toThrow(/declares no service 'statuss'/);
    expect(() => planProbes(spec, [{ name: 'weppcloud', url: 'ws://h' }], t)).toThrow(/service 'weppcloud' declares no contract/);
    expect(() =>
      planProbes(
        spec,
        [
          { name: 'status', url: 'ws://h' },
          { name: 'status', url: 'ws://i' },
        ],
        t,
      ),
    ).toThrow(/given twice/);
  });
});
