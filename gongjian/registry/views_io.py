"""Excel pages: templates to fill in, uploads (all or nothing), exports, background job progress."""

from django import forms
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from gongjian.core import xlsx
from gongjian.core.models import ImportJob
from gongjian.core.params import int_param
from gongjian.core.views_perm import permission_view

from . import io, selectors
from .forms import OrganisationFilterForm, PersonFilterForm

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control", "data-testid": "upload-input"}),
    )
    overwrite = forms.BooleanField(
        label=gettext_lazy("Overwrite newer changes"), required=False,
        help_text=gettext_lazy("An exported sheet's rows changed since the export are refused unless this is ticked."),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "data-testid": "overwrite"}),
    )


def _spec_or_404(kind: str) -> xlsx.SheetSpec:
    spec = io.get_spec(kind)
    if spec is None:
        raise Http404
    return spec


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


@permission_view("registry.import_data")
def io_home(request):
    """For each kind of sheet: the template, the upload page and the export."""
    kinds = [{"kind": kind, "name": spec.name} for kind, spec in io.SPECS.items()]
    recent = ImportJob.objects.filter(user=request.user)[:5]
    return render(request, "registry/io_home.html", {"kinds": kinds, "recent_jobs": recent})


@permission_view("registry.import_data")
def io_template(request, kind):
    spec = _spec_or_404(kind)
    filename = _("%(sheet)s import template.xlsx") % {"sheet": spec.name}
    return _xlsx_response(xlsx.template_workbook(spec), filename)


@permission_view("registry.import_data")
def io_import(request, kind):
    """Upload a filled-in sheet. Small sheets are imported here and now; large ones become a
    background job and this page sends the user to its progress page."""
    spec = _spec_or_404(kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result, job = io.submit_import(
                user=request.user, kind=kind, upload=form.cleaned_data["file"], language=get_language(),
                overwrite=form.cleaned_data["overwrite"],
            )
        except xlsx.ImportFileError as exc:
            form.add_error("file", exc.message)
        else:
            if job is not None:
                return redirect("registry:io_job", pk=job.pk)
    return render(
        request,
        "registry/io_import.html",
        {
            "spec": spec,
            "kind": kind,
            "form": form,
            "result": result,
            "max_mb": f"{settings.GONGJIAN_IMPORT_MAX_BYTES / 1024 / 1024:g}",
        },
    )


def _export_queryset(request, kind):
    user = request.user
    if kind == "people":
        form = PersonFilterForm(request.GET or None)
        form.fields["community"].queryset = selectors.community_list(user=user)
        filters = form.cleaned_data if form.is_valid() else {}
        if filters.get("community"):
            filters = {**filters, "community": filters["community"].pk}
        return selectors.person_list(user=user, filters=filters)
    if kind == "organisations":
        form = OrganisationFilterForm(request.GET or None)
        form.fields["community"].queryset = selectors.community_list(user=user)
        filters = form.cleaned_data if form.is_valid() else {}
        if filters.get("community"):
            filters = {**filters, "community": filters["community"].pk}
        return selectors.organisation_list(user=user, filters=filters)
    filters = {"q": request.GET.get("q", "").strip()}
    for key in ("street", "district"):
        value = int_param(request.GET.get(key))
        if value is not None:
            filters[key] = value
    return selectors.community_list(user=user, filters=filters)


@permission_view("registry.export_data")
def io_export(request, kind):
    """What the list page shows (same filters, same scope) as a sheet that imports back as
    updates; mobiles and addresses masked where the user may not see them in full."""
    spec = _spec_or_404(kind)
    data = xlsx.export_workbook(spec, _export_queryset(request, kind), user=request.user)
    filename = f"{spec.name}-{timezone.localdate():%Y%m%d}.xlsx"
    return _xlsx_response(data, filename)


@permission_view("registry.import_data")
def io_job(request, pk):
    """A background import's progress (polled with HTMX until it ends), then its result."""
    job = get_object_or_404(ImportJob, pk=pk, user=request.user)
    spec = io.get_spec(job.kind)
    progress = xlsx.job_progress(job)
    context = {
        "job": job,
        "spec": spec,
        "kind": job.kind,
        "progress": progress,
        "errors": [xlsx.RowError(*e) for e in job.errors],
        "written": job.status == ImportJob.Status.DONE,
    }
    # HTMX polls only the status fragment; a plain request gets the whole page.
    template = "core/job_status.html" if getattr(request, "htmx", False) else "core/job.html"
    return render(request, template, context)
