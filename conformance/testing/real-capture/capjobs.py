import time
def add(a, b):
    return a + b
def boom(x):
    raise ValueError('boom %s' % x)
def sleepy(n):
    time.sleep(n)
    return n
def none_result():
    return None
def with_meta():
    from rq import get_current_job
    j = get_current_job()
    j.meta['progress'] = 100
    j.save_meta()
    return {'ok': True}
