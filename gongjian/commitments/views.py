"""Staff pages of the annual conference: the list, recording a conference (date, place,
attendance), its photos, and the conference pack built in the background with a progress bar
(HTMX polls the status until the zip is ready)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from gongjian.accounts.access import get_for
from gongjian.core.exceptions import ApplicationError
from gongjian.core.forms import add_service_errors
from gongjian.core.views import history_url, register_history
from gongjian.core.views_perm import permission_view
from gongjian.registry import selectors as registry_selectors
from gongjian.registry.models import Community

from . import selectors, services
from .forms import ConferenceForm, PhotoForm
from .models import Conference, PackJob

register_history(Conference, selectors.conference_list)


def _communities(user, perm: str):
    ids = [c.pk for c in registry_selectors.community_list(user=user) if user.has_perm(perm, c)]
    return Community.objects.filter(pk__in=ids).order_by("name")


def _conference(request, pk, perm: str | None = None) -> Conference:
    return get_for(request.user, perm or selectors.VIEW, selectors.conference_with_details(selectors.conference_list(user=request.user)), pk=pk)


@permission_view("commitments.view_conference")
def home(request):
    user = request.user
    return render(request, "commitments/home.html", {
        "conferences": list(selectors.conference_list(user=user)[:200]), "can_create": user.has_perm("commitments.manage_conference"),
    })


@permission_view("commitments.manage_conference")
def conference_create(request):
    form = ConferenceForm(request.POST or None, communities=_communities(request.user, "commitments.manage_conference"))
    if request.method == "POST" and form.is_valid():
        try:
            conference = services.conference_create(actor=request.user, **form.cleaned_data)
        except (ApplicationError, ValidationError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The conference is recorded. Add its photos, then build its pack."))
            return redirect("commitments:conference_detail", pk=conference.pk)
    return render(request, "commitments/form.html", {"form": form, "title": _("Record the annual conference")})


@permission_view("commitments.manage_conference")
def conference_edit(request, pk):
    conference = _conference(request, pk, "commitments.manage_conference")
    form = ConferenceForm(request.POST or None, instance=conference, community=conference.community)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        version = data.pop("version")
        try:
            services.conference_update(actor=request.user, conference=conference, expected_version=version, **data)
        except (ApplicationError, ValidationError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The conference is saved."))
            return redirect("commitments:conference_detail", pk=conference.pk)
    return render(request, "commitments/form.html", {"form": form, "title": _("Edit the annual conference"), "conference": conference})


@permission_view("commitments.view_conference")
def conference_detail(request, pk):
    """The conference: when, where, who attended, its photos (upload here), its plan, and the
    pack (build it, see it being built, download it)."""
    user = request.user
    conference = _conference(request, pk)
    can_manage = user.has_perm("commitments.manage_conference", conference)
    form = PhotoForm(request.POST or None, request.FILES or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.photo_add(actor=user, conference=conference, upload=form.cleaned_data["photo"], caption=form.cleaned_data["caption"])
            except ApplicationError as exc:
                form.add_error("photo", exc.message)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The photo is added."))
                return redirect("commitments:conference_detail", pk=conference.pk)
    can_pack = user.has_perm("commitments.build_pack", conference)
    jobs = list(conference.pack_jobs.order_by("-created_at", "-id")[:3]) if can_pack else []
    return render(request, "commitments/detail.html", {
        "conference": conference, "form": form, "can_manage": can_manage, "can_pack": can_pack, "jobs": jobs,
        "organisations": list(conference.organisations.all()), "people": list(conference.people.all()), "photos": list(conference.photos.all()),
        "history_url": history_url(conference),
    })


@permission_view("commitments.view_conference")
def photo_file(request, pk):
    photo = get_object_or_404(selectors.photo_list(user=request.user), pk=pk)
    try:
        handle = photo.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=photo.content_type, filename=photo.original_name or None)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@permission_view("commitments.build_pack")
def pack_build(request, pk):
    """Queue the conference pack (POST), then show its progress; GET asks first."""
    conference = _conference(request, pk, "commitments.build_pack")
    if request.method != "POST":
        return render(request, "commitments/pack_confirm.html", {"conference": conference})
    job = services.pack_request(actor=request.user, conference=conference)
    return redirect("commitments:pack_job", pk=job.pk)


def _job(request, pk) -> PackJob:
    return get_for(request.user, selectors.PACK, selectors.pack_job_list(user=request.user), pk=pk)


@permission_view("commitments.build_pack")
def pack_job(request, pk):
    """The pack's progress (HTMX polls the status part every second until it ends), then its download."""
    job = _job(request, pk)
    template = "commitments/_job_status.html" if getattr(request, "htmx", False) else "commitments/job.html"
    return render(request, template, {"job": job, "conference": job.conference})


@permission_view("commitments.build_pack")
def pack_download(request, pk):
    job = _job(request, pk)
    if job.status != PackJob.Status.DONE or not job.result_file:
        raise Http404
    from .pack import pack_name

    try:
        handle = job.result_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type="application/zip", as_attachment=True, filename=pack_name(job.conference))
    response["Cache-Control"] = "no-store"
    return response
