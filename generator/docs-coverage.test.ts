/**
 * The generated docs cover every fact of WEPPcloud's hand-made note, as corrected by the facts sheet:
 * each row is a fact and text the docs must contain.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const docs = readFileSync(join(import.meta.dirname, '..', 'generated', 'weppcloud', 'README.md'), 'utf8');

const FACTS: [string, string | RegExp][] = [
  ['DB 0 run state and locks', /\| 0 \| \[`lock`\]/],
  ['DB 2 status pub/sub holds no keys', /\| 2 \| \[`status`\].*\| 0 \|/],
  ['DB 9 RQ', /\| 9 \| \[`rq`\]/],
  ['DB 11 sessions and wd cache', /\| 11 \| \[`session`\]\(#[^)]+\) \(also `wd_cache`\)/],
  ['DB 13 NoDb cache', /\| 13 \| \[`nodb_cache`\]/],
  ['DB 14 README editor', /\| 14 \| \[`readme`\]/],
  ['DB 15 log levels', /\| 15 \| \[`log_level`\]/],
  ['run hash fields attrs', '`attrs:loaded`'],
  ['run hash timestamps by task', '`timestamps:{task}`'],
  ['run hash rq job ids', '`rq:{job_key}`'],
  ['run hash archive job id', '`archive:job_id`'],
  ['run hash lock flags by relpath', '`locked:{relpath}`'],
  ['run hash last_modified', '`last_modified`'],
  ['NoDb distributed lock key', '### `nodb-lock:{runid}:{relpath}`'],
  ['NoDb lock TTL 21600 with env override', /nodb-lock.*21600s \(6h\)/],
  ['WEPPPY_LOCK_TTL_SECONDS', '`WEPPPY_LOCK_TTL_SECONDS`'],
  ['notify-keyspace-events Kh', 'must include `Kh`'],
  ['preflight watches __keyspace@0__', '`__keyspace@0__:*`'],
  ['status channels <runid>:<channel>', '### `{runid}:{channel}`'],
  ['batch channel', '### `{batch_name}:batch`'],
  ['STARTED message format', '`rq:{job_id:jobId} STARTED {func}({args:any})`'],
  ['TRIGGER message with three spaces', 'TRIGGER   {controller} {event}'],
  ['COMMAND_BAR_RESULT message', 'COMMAND_BAR_RESULT'],
  ['ENQUEUED archive_rq message', 'ENQUEUED archive_rq('],
  ['status WebSocket frames', /"type": ?"status"/],
  ['preflight WebSocket frame', /"type": ?"preflight"/],
  ['RQ queue list, not rq:m4', '### `rq:queue:{queue}`'],
  ['rq:m4 correction', 'rq:m4'],
  ['RQ job hash', '### `rq:job:{id:jobId}`'],
  ['RQ dependencies double colon', '### `rq:job::{id:jobId}:dependencies`'],
  ['RQ result TTL 604800', /604800s \(1w\)/],
  ['RQ failure TTL 31536000', /31536000s/],
  ['RQ_DB is a constant', '`RQ_DB`'],
  ['sessions key and TTL 12h', /### `session:\{sid\}`[\s\S]*?43200s \(12h\), refreshed on every access/],
  ['wd cache TTL 3 days', /259200s \(3d\), set on write/],
  ['NoDb cache keyed by absolute path', '### `{nodb_path}`'],
  ['NoDb cache hit does not refresh', /successful loads refresh the 72-hour TTL. They do not/],
  ['README lock TTL 1800', /### `readme:lock:\{runid\}:\{config\}`[\s\S]*?1800s \(30m\)/],
  ['README client hash fields and statuses', /'active' \\?\| 'stale' \\?\| 'invalidated'/],
  ['README client TTLs 3600/600', /3600s \(1h\)[\s\S]*600s \(10m\)/],
  ['log levels stored as numeric strings', /'10' \\?\| '20' \\?\| '30' \\?\| '40' \\?\| '50'/],
  ['REDIS_URL precedence', /the first set of `REDIS_URL`, `RQ_REDIS_URL`, `SESSION_REDIS_URL`/],
  ['REDIS_HOST default localhost', /`REDIS_HOST` \| `localhost`/],
  ['REDIS_PORT default', /`REDIS_PORT` \| `6379`/],
  ['password file', '`REDIS_PASSWORD_FILE`'],
  ['SESSION_REDIS_DB default 11', /`SESSION_REDIS_DB` \| `11`/],
  ['STATUS_REDIS_URL', '`STATUS_REDIS_URL`'],
  ['PREFLIGHT_REDIS_URL', '`PREFLIGHT_REDIS_URL`'],
  ['services diagram', '```mermaid'],
  ['redis-cli uses SCAN, never KEYS', /--scan --pattern/],
  ['redis-cli HGETALL-style inspection of run hash', /redis-cli -n 0 HSCAN busy-beaver 0 COUNT 100/],
  ['redis-cli subscribe to status', /redis-cli SUBSCRIBE/],
  ['deploys flush DB 9 only', /flush DB 9/],
  ['corrections section', '## Where this spec corrects the hand-made note'],
];

describe('generated WEPPcloud docs cover the note, as corrected', () => {
  it.each(FACTS)('%s', (_fact, needle) => {
    if (typeof needle === 'string') expect(docs).toContain(needle);
    else expect(docs).toMatch(needle);
  });

  it('never suggests KEYS', () => {
    expect(docs).not.toMatch(/redis-cli[^\n`]* KEYS /);
  });
});
