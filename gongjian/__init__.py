"""Gongjian (共建): community co-building under the Sanming "168" mechanism."""

from .celery import app as celery_app

__all__ = ["celery_app"]
