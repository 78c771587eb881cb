from django.shortcuts import render

from gongjian.accounts.scope import get_scope
from gongjian.core.views_perm import login_view, public_view
from gongjian.registry import selectors
from gongjian.registry.models import Organisation, Person


@login_view
def dashboard(request):
    """The landing page after login: what this user's roles cover, by the numbers."""
    scope = get_scope(request.user)
    ctx = {"scope": scope}
    if request.user.has_perm("registry.view_place"):
        communities = selectors.community_list(user=request.user)
        orgs = selectors.organisation_list(user=request.user)
        people = selectors.person_list(user=request.user)
        ctx.update(
            {
                "n_streets": selectors.street_list(user=request.user).count(),
                "n_communities": communities.count(),
                "n_units": orgs.filter(kind=Organisation.Kind.RESIDENT_UNIT).count(),
                "n_organisations": orgs.count(),
                "n_people": people.count(),
                "n_members": people.filter(is_party_member=True).count(),
                "n_activists": people.filter(category=Person.Category.ACTIVIST).count(),
            }
        )
    return render(request, "reports/dashboard.html", ctx)


@public_view
def home(request):
    """``/``: the dashboard once logged in, else the landing page with every community's board."""
    if request.user.is_authenticated:
        return dashboard(request)
    from gongjian.registry.models import Community

    communities = Community.objects.select_related("street").order_by("street__name", "name")
    return render(request, "core/landing.html", {"communities": communities})
