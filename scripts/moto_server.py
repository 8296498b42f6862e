"""Runs moto's server mode with requests handled one at a time.

moto's in-memory backends are not thread-safe: TransactWriteItems deep-copies a whole
table while other requests change it, and fails with "dictionary changed size during
iteration". Serialising requests keeps client-side concurrency (connections, interleaved
conditional writes) while moto itself applies one request at a time, as DynamoDB's own
per-item atomicity would.

Usage: python scripts/moto_server.py HOST PORT
"""
import sys
import threading

from werkzeug.serving import run_simple
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)

host, port = sys.argv[1], int(sys.argv[2])
moto_app = DomainDispatcherApplication(create_backend_app)
lock = threading.Lock()


def one_at_a_time(environ, start_response):
    with lock:
        # Build the whole response inside the lock.
        return list(moto_app(environ, start_response))


run_simple(host, port, one_at_a_time, threaded=True, request_handler=MotoRequestHandler)
