/**
 * Real libraries driven live against a throwaway redis-server: Debian's python-rq 1.13 (three queues, jobs
 * run to completion by an in-process SimpleWorker with result_ttl one day) and Flask-Session 0.3.2 (a Flask
 * app with a two-hour PERMANENT_SESSION_LIFETIME in DB 3). `infer` must import both with exactly those
 * parameters, and the draft must conform. Runs where /usr/bin/python3 has rq and flask_session.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../conformance/check/run-check.ts';
import { startTestRedis, type TestRedis } from '../testing/redis/throwaway-redis.ts';
import { runInfer } from './run-infer.ts';

const PY = '/usr/bin/python3';
const ROOT = join(import.meta.dirname, '..');
const available = spawnSync(PY, ['-c', 'import rq, flask_session, flask, redis'], { stdio: 'ignore' }).status === 0;

const DRIVE = `
import sys
from datetime import timedelta
import redis
from rq import Queue, SimpleWorker
from flask import Flask, session
from flask_session import Session

port = int(sys.argv[1])
r = redis.Redis(port=port, db=9)
queues = [Queue(n, connection=r) for n in ('reports', 'emails', 'thumbnails')]
for i, q in enumerate(queues):
    for j in range(3):
        q.enqueue('builtins.len', 'x' * (i + j), result_ttl=86400)
SimpleWorker([queues[0], queues[1]], connection=r).work(burst=True)
queues[2].enqueue('builtins.len', 'waiting')

app = Flask(__name__)
app.config.update(SESSION_TYPE='redis', SESSION_REDIS=redis.Redis(port=port, db=3), PERMANENT_SESSION_LIFETIME=timedelta(hours=2), SECRET_KEY='k')
Session(app)
@app.route('/')
def index():
    session['user'] = 'u'
    return 'ok'
for _ in range(5):
    app.test_client().get('/')
`;

describe.skipIf(!available)('infer on live python-rq 1.13 and Flask-Session 0.3.2', () => {
  let s: TestRedis;
  beforeAll(async () => {
    s = await startTestRedis();
    const run = spawnSync(PY, ['-c', DRIVE, String(s.port)], { encoding: 'utf8', timeout: 60_000 });
    if (run.status !== 0) throw new Error(`driving the libraries failed: ${run.stderr}`);
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('imports rq with the queue names and result TTL, Flask-Session with the lifetime; the draft conforms', async () => {
    const res = await runInfer({ url: s.url, cwd: ROOT });
    expect(res.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(res.summary!.libraries.map((l) => [l.name, l.db, l.params])).toEqual([
      ['Flask-Session', 3, { lifetime: 7200 }],
      ['python-rq', 9, { queues: ['emails', 'reports', 'thumbnails'], resultTtl: 86400 }],
    ]);
    expect(res.keys).toEqual([]);
    const check = await runCheck({ spec: res.spec!, url: s.url, sampleRate: 1 });
    expect(check.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});
