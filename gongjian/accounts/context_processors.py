from gongjian.core.extensions import nav_for


def navigation(request):
    """The navigation this user sees: the registered entries (``core.extensions.register_nav``)
    grouped by the mechanism's steps and filtered by permission, and the count of unread notices."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_groups": []}
    from gongjian.core.notices import unread_count

    return {"nav_groups": nav_for(user), "nav_unread": unread_count(user)}
