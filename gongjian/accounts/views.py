from django.contrib.auth import views as auth_views
from django.shortcuts import render

from gongjian.core.views_perm import login_view, public_view

from .scope import get_scope

login = public_view(auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True))
logout = public_view(auth_views.LogoutView.as_view())


@login_view
def me(request):
    person = getattr(request.user, "person", None)
    scope = get_scope(request.user)
    return render(request, "accounts/me.html", {"person": person, "assignments": scope.assignments})
