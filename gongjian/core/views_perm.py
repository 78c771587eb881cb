"""Every view declares who may reach it; the permission meta-test reads these marks.

``@permission_view("registry.view_person")`` requires a logged-in user holding the permission
(django-rules predicates, checked without an object: a role that may do it somewhere).
Object-level scope is then applied by the selector the view fetches with: an object outside
the user's scope is simply not found (404).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def permission_view(perm: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.gongjian_permission = perm
        return wrapped

    return decorator


def public_view(view):
    """Marks a view anyone may open (the public board, login, health)."""
    view.gongjian_permission = "public"
    return view


def login_view(view):
    """Marks a view every logged-in user may open (their own profile, the dashboard)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.gongjian_permission = "authenticated"
    return wrapped
