from django.contrib.auth import views as auth_views
from django.shortcuts import render

from gongjian.core.extensions import me_sections
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
