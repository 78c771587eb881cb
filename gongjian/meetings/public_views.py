"""The joint meeting's public page under the community's board ``/c/<slug>/``:
``meetings/<id>/minutes.docx``, the minutes once approved and published."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header

from gongjian.core.views_perm import public_view
from gongjian.registry.models import Community

from . import selectors
from .minutes import filename, minutes_docx
from .views import DOCX


@public_view
def minutes(request, slug, pk):
    """The published minutes of a meeting of the community, as a Word document."""
    community = get_object_or_404(Community.objects.select_related("street", "street__district"), slug=slug)
    meeting = selectors.public_meeting(community=community, pk=pk)
    if meeting is None:
        raise Http404
    response = HttpResponse(minutes_docx(meeting, masked=True), content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, filename(meeting))
    return response
