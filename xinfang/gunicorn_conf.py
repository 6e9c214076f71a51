"""Gunicorn settings for production: ``gunicorn -c xinfang/gunicorn_conf.py xinfang.wsgi``.

Every value can be changed through the environment (docs/deploy.md). The defaults suit a 2-core server:
``gthread`` workers (one per core, plus one) with a few threads each, so a request waiting on PostgreSQL or
Redis does not hold a core; workers are recycled after a few thousand requests so memory stays flat.
"""

import json
import multiprocessing
import os
import time

_env = os.environ.get

bind = _env("XINFANG_BIND", "127.0.0.1:8000")
workers = int(_env("XINFANG_WEB_WORKERS", str(multiprocessing.cpu_count() + 1)))
worker_class = _env("XINFANG_WORKER_CLASS", "gthread")
threads = int(_env("XINFANG_WEB_THREADS", "4"))
timeout = int(_env("XINFANG_WEB_TIMEOUT", "60"))  # exports and reports stream; anything longer is a fault
graceful_timeout = 30
keepalive = 5
max_requests = int(_env("XINFANG_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# nginx on the same host sets X-Forwarded-Proto; only addresses listed here are believed
forwarded_allow_ips = _env("XINFANG_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_allow_ips = forwarded_allow_ips
limit_request_line = 8190
limit_request_fields = 100

# logs to standard error (journald), the access log as one JSON object per line without the query string
# (search terms and identity numbers travel there)
errorlog = "-"
loglevel = _env("XINFANG_GUNICORN_LOG_LEVEL", "info")
accesslog = "-" if _env("XINFANG_ACCESS_LOG", "1") == "1" else None
access_log_format = json.dumps(
    {
        "time": "%(t)s",
        "logger": "gunicorn.access",
        "remote": "%(h)s",
        "method": "%(m)s",
        "path": "%(U)s",
        "status": "%(s)s",
        "bytes": "%(B)s",
        "duration_ms": "%(M)s",
        "agent": "%(a)s",
    },
    ensure_ascii=False,
)


def post_worker_init(worker):
    """Before a worker serves: jieba's dictionary, the text model, the URL maps and the templates loaded
    (``xinfang/warmup.py``). The log line says when it is ready (the benchmark waits for one per worker)."""
    from xinfang.warmup import warm_up

    started = time.perf_counter()
    warm_up()
    if worker is not None:
        worker.log.info("worker %s warmed up in %.1f s", worker.pid, time.perf_counter() - started)
