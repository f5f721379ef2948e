"""The jobs tests again, every pystd on the redis backend (--jobs-backend
through PYSTD_JOBS_BACKEND): test_jobs.py (parked clients, keep time,
metrics, shutdown) and test_jobs_api.py (the API one behaviour at a time),
on a redis-server of this test's own that is emptied before each pystd
starts (jobs outlive a pystd there: each test starts from an empty queue,
as with the memory backend).

    python3 tests/integration/test_jobs_on_redis.py [--bin build/pystd]
"""
import os
import runpy
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness  # noqa: E402
from redis_harness import Redis  # noqa: E402

if __name__ == "__main__":
    failed = []
    with Redis() as redis:
        os.environ["PYSTD_JOBS_BACKEND"] = redis.url  # test_jobs.py reads it: redis's shutdown semantics
        enter = harness.Server.__enter__

        def fresh_enter(self):
            redis.cli("FLUSHALL")
            return enter(self)

        harness.Server.__enter__ = fresh_enter
        for script in ("test_jobs.py", "test_jobs_api.py"):
            print(f"--- {script} on {redis.url}", flush=True)
            try:
                runpy.run_path(os.path.join(HERE, script), run_name="__main__")
            except SystemExit as e:
                if e.code:
                    failed.append(script)
        harness.Server.__enter__ = enter
    print(f"{2 - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)
