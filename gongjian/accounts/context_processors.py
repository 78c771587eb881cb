from .scope import get_scope


def navigation(request):
    """The role-based navigation: which sections this user's roles open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    return {
        "nav": {
            "scope": get_scope(user),
            "places": user.has_perm("registry.view_place"),
            "organisations": user.has_perm("registry.view_organisation"),
            "people": user.has_perm("registry.view_person"),
            "targets": user.has_perm("targets.view_plan"),
            "suggestions": user.has_perm("suggestions.view_suggestion"),
            "meetings": user.has_perm("meetings.view_meeting"),
            "conferences": user.has_perm("commitments.view_conference"),
            "imports": user.has_perm("registry.import_data"),
            "history": user.has_perm("core.view_history"),
        }
    }
