/** Credentials of any URL inside a report (e.g. a sampled value) are masked, whatever the scheme. */
import { describe, expect, it } from 'vitest';
import { redactReport } from './redact.ts';
import type { Report } from './report.ts';

describe('redactReport', () => {
  it('masks userinfo of redis, http and amqp URLs inside report strings', () => {
    const report = { findings: [{ actual: 'x redis://u:s3cret1@h y http://a:s3cret2@h amqp://:s3cret3@h' }] } as unknown as Report;
    const text = JSON.stringify(redactReport(report, []));
    for (const s of ['s3cret1', 's3cret2', 's3cret3']) expect(text).not.toContain(s);
    expect(text).toContain('http://a:***@h');
  });
});
