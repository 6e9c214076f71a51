"""Run the same work in several threads at once, each with its own database connection (concurrency tests)."""

import threading


def run_concurrently(work, workers: int) -> list[BaseException]:
    """Call ``work(i)`` for i in range(workers) in threads released together; return what they raised."""
    from django.db import connections

    barrier = threading.Barrier(workers)
    errors: list[BaseException] = []

    def run(i):
        try:
            barrier.wait()
            work(i)
        except BaseException as exc:  # noqa: BLE001 - returned to the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors
