"""Run work in the background, the same way in every profile:

- production (``CELERY_TASK_ALWAYS_EAGER`` False): a Celery task, sent once the current
  transaction commits so the worker finds what the request saved;
- the embedded default: a daemon thread in this process, started on commit, so nothing else
  has to run and the request returns at once;
- ``GONGJIAN_JOBS_SYNC`` True (tests): right now, in this thread, before ``enqueue`` returns.

``func`` is a dotted path to a function (``"gongjian.registry.io.run_import_job"``) or a
Celery task; ``args`` must be JSON-serialisable (ids, not objects).
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def _callable(func):
    return import_string(func) if isinstance(func, str) else func


def _send_to_celery(func, args) -> None:
    if isinstance(func, str):
        from .tasks import run_job

        run_job.delay(func, *args)
    else:
        func.delay(*args)


def _run_in_thread(func, args) -> None:
    close_old_connections()
    try:
        _callable(func)(*args)
    except Exception:
        logger.exception("background job %s%r failed", func, args)
    finally:
        # The thread's own database connection must not outlive it.
        connections.close_all()


def enqueue(func, *args) -> None:
    """Run ``func(*args)`` in the background (see the module docstring for where)."""
    if getattr(settings, "GONGJIAN_JOBS_SYNC", False):
        _callable(func)(*args)
        return
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        transaction.on_commit(lambda: _send_to_celery(func, args))
        return

    def start():
        name = func if isinstance(func, str) else getattr(func, "name", repr(func))
        threading.Thread(target=_run_in_thread, args=(func, args), name=f"gongjian-job:{name}", daemon=True).start()

    transaction.on_commit(start)
