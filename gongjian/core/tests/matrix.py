"""The shared services' share of the permission matrix: failed notices are the district
office's; the inbox and job pages are every logged-in user's own."""

from django.urls import reverse

HOLDERS = {"core.view_failed_notices": {"district"}}


def cases(world, objs) -> list:
    return [("core:failed_notices", reverse("core:failed_notices"), None)]

# Reviewed: a user's own notices and jobs only (fetched with the user; nobody else's).
PUBLIC_OR_LOGIN = {"core:inbox": "authenticated", "core:inbox_read": "authenticated", "core:job": "authenticated", "core:job_result": "authenticated"}
