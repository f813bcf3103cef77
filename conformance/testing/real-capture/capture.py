#!/usr/bin/env python3
# Regenerate rq-1.13-snapshot.json (needs Debian bookworm python3-rq 1.13.0, python3-flask-session 0.3.2):
#   redis-server --port 6390 --save "" --daemonize yes && /usr/bin/python3 capture.py 6390 rq-1.13-snapshot.json
"""Drives real python-rq 1.13 and Flask-Session 0.3.2 against a throwaway Redis and snapshots the keyspace."""
import base64, json, os, subprocess, sys, time
from datetime import timedelta
import redis
from rq import Queue, Retry, Worker
from rq.command import send_stop_job_command
from rq.job import Job

port = int(sys.argv[1]); out = sys.argv[2]
r = redis.Redis(port=port, db=9)
env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.abspath(__file__)))
default = Queue('default', connection=r, result_ttl=604800)
batch = Queue('batch', connection=r, result_ttl=604800)

# Worker B on batch: runs successes, failures, and a job stopped by command.
wb = subprocess.Popen(['/usr/bin/python3', '-m', 'rq.cli', 'worker', '--url', f'redis://127.0.0.1:{port}/9', '--with-scheduler', 'batch'], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
ok = batch.enqueue('capjobs.add', 1, 2, result_ttl=604800)
ok2 = batch.enqueue('capjobs.with_meta', result_ttl=604800, description='with meta')
none = batch.enqueue('capjobs.none_result', result_ttl=604800)
bad = batch.enqueue('capjobs.boom', 7)
retry = batch.enqueue('capjobs.boom', 8, retry=Retry(max=2, interval=[3600]))
dep_ok = batch.enqueue('capjobs.add', 3, 4, depends_on=ok, result_ttl=604800)
time.sleep(6)
stopme = batch.enqueue('capjobs.sleepy', 120)
time.sleep(4)
send_stop_job_command(r, stopme.id)
time.sleep(3)
# Worker A on default: stays busy with a long job.
wa = subprocess.Popen(['/usr/bin/python3', '-m', 'rq.cli', 'worker', '--url', f'redis://127.0.0.1:{port}/9', 'default'], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
long = default.enqueue('capjobs.sleepy', 300, job_timeout=600)
time.sleep(4)
queued = default.enqueue('capjobs.add', 5, 6)
queued2 = default.enqueue('capjobs.add', 7, 8, at_front=True)
deferred = default.enqueue('capjobs.add', 9, 10, depends_on=long)
scheduled = default.enqueue_in(timedelta(hours=2), 'capjobs.add', 11, 12)
canceled = default.enqueue('capjobs.add', 13, 14)
canceled.cancel()
time.sleep(2)

# Flask sessions (Flask-Session 0.3.2, permanent sessions, 12 h lifetime), DB 11.
from flask import Flask, session, flash
from flask_session import Session
app = Flask('cap')
app.config.update(SESSION_TYPE='redis', SESSION_REDIS=redis.Redis(port=port, db=11), PERMANENT_SESSION_LIFETIME=timedelta(seconds=43200), SECRET_KEY='x')
Session(app)
@app.route('/')
def index():
    return 'hi'
@app.route('/login')
def login():
    session['_user_id'] = '42'; session['_fresh'] = True; session['csrf_token'] = 'a' * 40
    flash('Welcome back')
    return 'ok'
c = app.test_client(); c.get('/')
c2 = app.test_client(); c2.get('/login')

snap = {}
for db in (9, 11):
    cl = redis.Redis(port=port, db=db)
    keys = []
    for k in cl.scan_iter(count=1000):
        keys.append({'key': k.decode(), 'type': cl.type(k).decode(), 'pttl': cl.pttl(k), 'dump': base64.b64encode(cl.dump(k)).decode()})
    snap[str(db)] = sorted(keys, key=lambda x: x['key'])
json.dump({'source': 'python-rq 1.13.0 + Flask-Session 0.3.2 (Debian bookworm) against redis-server 7.0', 'databases': snap}, open(out, 'w'), indent=1)
for db, keys in snap.items():
    for k in keys: print(db, k['type'], k['pttl'], k['key'])
wa.terminate(); wb.terminate(); wa.wait(); wb.wait()
