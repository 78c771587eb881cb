from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongjian.core.extensions import me_sections
from gongjian.core.views import render_confirm
from gongjian.core.views_perm import login_view, public_view

from .scope import get_scope

login = public_view(auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True))
logout = public_view(auth_views.LogoutView.as_view())


@login_view
def me(request):
    """My account: the sections apps register with ``core.extensions.me_sections``."""
    ctx, sections = me_sections.collect(request)
    return render(request, "accounts/me.html", {**ctx, "sections": sections})


def me_roles(request) -> dict:
    return {"assignments": get_scope(request.user).assignments}


def me_record(request) -> dict | None:
    person = getattr(request.user, "person", None)
    return {"person": person} if person is not None else None


@login_view
def tokens(request):
    """The user's personal API tokens: create one (shown once), see when each was last used,
    revoke one (after confirming)."""
    from django.contrib import messages

    from gongjian.core.exceptions import ApplicationError

    from . import tokens as token_services
    from .models import ApiToken

    plain = None
    error = None
    if request.method == "POST":
        try:
            token, plain = token_services.token_create(actor=request.user, name=request.POST.get("name", ""))
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, _("Token “%(name)s” created. Copy it now: it is not shown again.") % {"name": token.name})
    items = list(ApiToken.objects.filter(user=request.user).order_by("-created_at", "-id"))
    return render(request, "accounts/tokens.html", {"tokens": items, "plain": plain, "error": error})


@login_view
def token_revoke(request, pk):
    from django.contrib import messages
    from django.shortcuts import get_object_or_404, redirect

    from gongjian.core.exceptions import ApplicationError

    from . import tokens as token_services
    from .models import ApiToken

    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # only one's own tokens
    if request.method == "POST":
        try:
            token_services.token_revoke(actor=request.user, token=token)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
        return redirect("accounts:tokens")
    return render_confirm(
        request, title=_("Revoke token %(token)s?") % {"token": token},
        message=_("Scripts using this token will be refused from now on. This cannot be undone."),
        button=_("Revoke the token"), cancel_url=reverse("accounts:tokens"),
    )
