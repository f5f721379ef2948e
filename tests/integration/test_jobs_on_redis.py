"""The jobs tests of test_jobs.py again, every pystd on the redis backend
(--jobs-backend through PYSTD_JOBS_BACKEND), on a redis-server of this test's
own that is emptied before each pystd starts (jobs outlive a pystd there:
each test starts from an empty queue, as with the memory backend).

    python3 tests/integration/test_jobs_on_redis.py [--bin build/pystd]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from redis_harness import Redis  # noqa: E402

if __name__ == "__main__":
    with Redis() as redis:
        os.environ["PYSTD_JOBS_BACKEND"] = redis.url
        enter = harness.Server.__enter__

        def fresh_enter(self):
            redis.cli("FLUSHALL")
            return enter(self)

        harness.Server.__enter__ = fresh_enter
        import test_jobs  # noqa: E402  (reads PYSTD_JOBS_BACKEND: the redis semantics of shutdown)
        try:
            test_jobs.JobTests().run()
        finally:
            harness.Server.__enter__ = enter
