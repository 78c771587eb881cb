from django.shortcuts import render

from gongjian.accounts.scope import get_scope
from gongjian.core.extensions import dashboard_cards
from gongjian.core.views_perm import login_view, public_view
from gongjian.registry import selectors
from gongjian.registry.models import Organisation, Person

#: Queries of the registry card (one count per figure).
REGISTRY_CARD_QUERIES = 7


@login_view
def dashboard(request):
    """The landing page after login: the cards apps register with
    ``core.extensions.dashboard_cards`` that this user's roles open."""
    ctx, cards = dashboard_cards.collect(request)
    return render(request, "reports/dashboard.html", {**ctx, "scope": get_scope(request.user), "cards": cards})


def registry_card(request) -> dict:
    """What this user's roles cover in the registry, by the numbers."""
    communities = selectors.community_list(user=request.user)
    orgs = selectors.organisation_list(user=request.user)
    people = selectors.person_list(user=request.user)
    return {
        "n_streets": selectors.street_list(user=request.user).count(),
        "n_communities": communities.count(),
        "n_units": orgs.filter(kind=Organisation.Kind.RESIDENT_UNIT).count(),
        "n_organisations": orgs.count(),
        "n_people": people.count(),
        "n_members": people.filter(is_party_member=True).count(),
        "n_activists": people.filter(category=Person.Category.ACTIVIST).count(),
    }


@public_view
def home(request):
    """``/``: the dashboard once logged in, else the landing page with every community's board."""
    if request.user.is_authenticated:
        return dashboard(request)
    from gongjian.registry.models import Community

    communities = Community.objects.select_related("street").order_by("street__name", "name")
    return render(request, "core/landing.html", {"communities": communities})
