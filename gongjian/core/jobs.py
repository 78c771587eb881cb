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


# -- persisted jobs with progress, retries and a result file --------------------------------------
#
#     job = job_submit(func="gongjian.reports.exports.build_pack", args=[plan.pk], user=request.user,
#                      label=_("Conference pack"))
#     # the function receives the Job first:  def build_pack(job, plan_id): job_progress(job, 50); ...
#     return redirect("core:job", job.pk)   # the status page: progress, then the result or the error


def job_submit(*, func: str, args=(), user=None, label: str = "", max_attempts: int = 3):
    """Save a job, then queue it once the transaction commits. ``func`` is a dotted path to
    ``func(job, *args)``; ``args`` must be JSON-serialisable. The row exists before anything is
    queued, so when the broker is down the job waits as pending for ``jobs_sweep``."""
    from django.utils import timezone

    from .models import Job

    job = Job.objects.create(func=func, args=list(args), user=user, label=str(label)[:200], max_attempts=max_attempts,
                             queued_at=timezone.now())
    _queue(job.pk)
    return job


def _queue(job_id: int) -> None:
    try:
        enqueue("gongjian.core.jobs.job_run", job_id)
    except Exception:  # the broker is down: the job stays pending and the sweep queues it again
        logger.exception("could not queue job %s; the sweep will retry", job_id)


def job_progress(job, percent: int, message: str = "") -> None:
    """Record how far the job has got (0-100) and what it is doing, visible on its page at once."""
    from .models import Job

    job.progress = max(0, min(100, int(percent)))
    job.message = message or job.message
    Job.objects.filter(pk=job.pk).update(progress=job.progress, message=job.message)


def job_set_result(job, name: str, content: bytes) -> None:
    """Attach the job's result file (offered for download on its page)."""
    from django.core.files.base import ContentFile

    job.result_file.save(name, ContentFile(content), save=True)


def job_run(job_id: int) -> None:
    """Run a pending job once: on success it is done; on an error it is queued again until
    ``max_attempts`` attempts, then failed with the error kept for the user (an
    ``ApplicationError``'s message as it is; anything else as a generic message)."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from .exceptions import ApplicationError
    from .models import Job

    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, status=Job.Status.PENDING).first()
        if job is None:  # done, failed, or already taken by another worker
            return
        job.status, job.started_at, job.attempts = Job.Status.RUNNING, timezone.now(), job.attempts + 1
        job.save(update_fields=["status", "started_at", "attempts"])
    try:
        with transaction.atomic():
            import_string(job.func)(job, *job.args)
    except Exception as exc:
        logger.exception("job %s (%s) failed, attempt %s of %s", job.pk, job.func, job.attempts, job.max_attempts)
        error = exc.message if isinstance(exc, ApplicationError) else _("The job stopped with an error (%(kind)s).") % {"kind": exc.__class__.__name__}
        if job.attempts < job.max_attempts:
            Job.objects.filter(pk=job.pk).update(status=Job.Status.PENDING, error=error, queued_at=timezone.now())
            _queue(job.pk)
        else:
            Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, error=error, finished_at=timezone.now())
        return
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, progress=100, error="", finished_at=timezone.now())


def jobs_sweep(*, older_than_seconds: int = 300) -> int:
    """Queue again the jobs left pending for longer than ``older_than_seconds`` (lost by a
    broker outage or a restart) and those left running that long by a worker that died.
    Returns how many were queued. Run by ``gongjian jobs_sweep`` and Celery beat."""
    import datetime

    from django.utils import timezone

    from .models import Job

    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    Job.objects.filter(status=Job.Status.RUNNING, started_at__lt=cutoff).update(status=Job.Status.PENDING)
    stale = list(Job.objects.filter(status=Job.Status.PENDING, queued_at__lt=cutoff).values_list("pk", flat=True))
    Job.objects.filter(pk__in=stale).update(queued_at=timezone.now())
    for pk in stale:
        _queue(pk)
    return len(stale)
