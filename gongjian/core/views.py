from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .changelog import history_for
from .history import PERSONAL, present
from .masking import mask_free_text
from .views_perm import permission_view, public_view

#: Which models have a history tab, and the selector that scopes them for a user.
HISTORY_SELECTORS = {}


def register_history(model, selector):
    HISTORY_SELECTORS[model] = selector


def history_url(obj) -> str:
    """The object's history tab (its change-log rows)."""
    from django.urls import reverse

    return reverse("object_history", args=[ContentType.objects.get_for_model(obj).pk, obj.pk])


@public_view
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        db = {"status": "ok", "vendor": connection.vendor}
        status = 200
    except Exception as exc:  # the point of a health check is to report, not to raise
        db = {"status": "error", "vendor": connection.vendor, "error": exc.__class__.__name__}
        status = 503
    return JsonResponse({"status": "ok" if status == 200 else "error", "database": db}, status=status)


@public_view
@require_POST
def set_language(request):
    return django_set_language(request)


@permission_view("core.view_history")
def object_history(request, ct, pk):
    content_type = get_object_or_404(ContentType, pk=ct)
    model = content_type.model_class()
    selector = HISTORY_SELECTORS.get(model)
    if selector is None:
        raise Http404
    obj = get_object_or_404(selector(user=request.user), pk=pk)
    entries = present(list(history_for(obj)[:200]), user=request.user, page_object=obj)
    title = str(obj)
    perm, kinds = PERSONAL.get(model, ("", {}))
    if kinds and not request.user.has_perm(perm, obj):
        title = mask_free_text(title, names=[str(getattr(obj, f, "") or "") for f, kind in kinds.items() if kind == "name"])
    return render(request, "core/history.html", {"object": obj, "title": title, "entries": entries, "model_name": model._meta.verbose_name})


def render_confirm(request, *, title: str, button: str, cancel_url: str, message: str = "", details=(), danger: bool = True):
    """The confirmation step before a delete, close or removal: the question, what it affects,
    one button that posts back to the same URL and a way back."""
    return render(request, "core/confirm.html", {
        "title": title, "message": message, "details": list(details), "button": button, "cancel_url": cancel_url, "danger": danger,
    })
