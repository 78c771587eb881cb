"""The shared services' share of the permission matrix: failed notices are the district
office's; the inbox and job pages are every logged-in user's own."""

from django.urls import reverse

HOLDERS = {"core.view_failed_notices": {"district"}}


def cases(world, objs) -> list:
    return [("core:failed_notices", reverse("core:failed_notices"), None)]
