"""Celery application. In the embedded profile tasks run eagerly, in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongjian.settings.embedded")

app = Celery("gongjian")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every five minutes, jobs left pending by a broker outage or a restart are queued again.
app.conf.beat_schedule = {"gongjian-jobs-sweep": {"task": "gongjian.core.jobs_sweep", "schedule": 300.0}}
