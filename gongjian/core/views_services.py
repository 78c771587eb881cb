"""Pages of the shared services: the notice inbox, failed notices for staff, a job's status."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import notices
from .models import Job
from .views_perm import login_view, permission_view


@login_view
def inbox(request):
    """The user's in-app notices, unread first marked; personal data masked by their scope."""
    items = list(notices.inbox(user=request.user)[:200])
    for n in items:
        n.shown_body = notices.body_for(n, request.user)
    return render(request, "core/inbox.html", {"notices": items})


@login_view
@require_POST
def inbox_read(request):
    notices.notices_mark_read(user=request.user)
    messages.success(request, _("All notices are marked as read."))
    return redirect("core:inbox")


@permission_view("core.view_failed_notices")
def failed_notices(request):
    """Notices that could not be delivered, with their error, for staff to follow up."""
    items = list(notices.failed_notices()[:500])
    for n in items:
        n.shown_body = notices.body_for(n, request.user)
    return render(request, "core/failed_notices.html", {"notices": items})


@login_view
def job(request, pk):
    """A background job's progress, result file or final error, for the user who started it."""
    job = get_object_or_404(Job, pk=pk, user=request.user)
    return render(request, "core/job_detail.html", {"job": job})


@login_view
def job_result(request, pk):
    job = get_object_or_404(Job, pk=pk, user=request.user, status=Job.Status.DONE)
    if not job.result_file:
        raise Http404
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_file.name.rsplit("/", 1)[-1])
