"""Celery tasks of the shared machinery."""

from celery import shared_task
from django.utils.module_loading import import_string


@shared_task(name="gongjian.core.run_job")
def run_job(func_path: str, *args):
    """Run the function at ``func_path`` with ``args`` in a worker (see ``core.jobs.enqueue``)."""
    return import_string(func_path)(*args)


@shared_task(name="gongjian.core.jobs_sweep")
def jobs_sweep():
    """Celery beat: queue again the jobs left pending (see ``core.jobs.jobs_sweep``)."""
    from .jobs import jobs_sweep as sweep

    return sweep()
