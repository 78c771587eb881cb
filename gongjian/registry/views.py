"""Registry pages: the district → street → community drill-down, organisations and people."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from gongjian.accounts.access import get_for, restrict
from gongjian.accounts.scope import get_scope
from gongjian.core.forms import call_service
from gongjian.core.history import register_personal
from gongjian.core.masking import mask_address, mask_mobile
from gongjian.core.views import history_url, register_history
from gongjian.core.views_perm import permission_view

from . import selectors, services
from .forms import OrganisationFilterForm, OrganisationForm, PersonFilterForm, PersonForm, scope_form_choices
from .models import Community, Organisation, Person
from .tables import OrganisationTable, PersonTable

register_history(Organisation, selectors.organisation_list)
register_history(Person, selectors.person_list)
register_history(Community, selectors.community_list)
register_personal(Person, perm="registry.view_personal_data", mobile="mobile", address="address", lat="secret", lng="secret")
register_personal(Organisation, perm="registry.view_personal_data", contact_phone="mobile")


@permission_view("registry.view_place")
def places(request):
    """District → streets, with counts; the top of the drill-down."""
    streets = selectors.street_list(user=request.user)
    communities = selectors.community_with_counts(selectors.community_list(user=request.user))
    by_street = {}
    for c in communities:
        by_street.setdefault(c.street_id, []).append(c)
    rows = []
    for s in streets:
        cs = by_street.get(s.id, [])
        rows.append({"street": s, "communities": cs, "n_units": sum(c.n_units for c in cs), "n_people": sum(c.n_people for c in cs)})
    districts = {s.district for s in streets}
    return render(request, "registry/places.html", {"rows": rows, "districts": sorted(districts, key=str)})


@permission_view("registry.view_place")
def street_detail(request, pk):
    street = get_object_or_404(selectors.street_list(user=request.user), pk=pk)
    communities = selectors.community_with_counts(selectors.community_list(user=request.user, filters={"street": street.pk}))
    return render(request, "registry/street_detail.html", {"street": street, "communities": communities})


@permission_view("registry.view_place")
def community_detail(request, slug):
    community = get_object_or_404(selectors.community_list(user=request.user), slug=slug)
    organisations = selectors.organisation_list(user=request.user, filters={"community": community.pk})
    order = {kind: i for i, kind in enumerate(Organisation.Kind.values)}
    grouped = {}
    for org in organisations:
        grouped.setdefault(org.kind, []).append(org)
    by_kind = [(Organisation.Kind(kind).label, orgs) for kind, orgs in sorted(grouped.items(), key=lambda kv: order[kv[0]])]
    n_people = selectors.person_list(user=request.user, filters={"community": community.pk}).count()
    liaisons = community.liaisons.select_related("unit").order_by("-year", "kind")
    return render(
        request,
        "registry/community_detail.html",
        {
            "community": community,
            "by_kind": by_kind,
            "n_people": n_people,
            "liaisons": liaisons,
            "compounds": community.compounds.all(),
            "can_change": request.user.has_perm("registry.change_community", community),
            "history_url": history_url(community),
        },
    )


@permission_view("registry.view_organisation")
def organisation_list(request):
    form = OrganisationFilterForm(request.GET or None)
    form.fields["community"].queryset = selectors.community_list(user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    if filters.get("community"):
        filters = {**filters, "community": filters["community"].pk}
    table = OrganisationTable(selectors.organisation_list(user=request.user, filters=filters))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "registry/_results.html" if request.htmx else "registry/organisation_list.html", {"form": form, "table": table})


@permission_view("registry.view_organisation")
def organisation_detail(request, pk):
    org = get_object_or_404(selectors.organisation_list(user=request.user), pk=pk)
    affiliations = org.affiliations.select_related("person").order_by("role", "person__name")
    scope = get_scope(request.user)
    full = request.user.has_perm("registry.view_personal_data", org)
    people = [
        {"a": a, "mobile": a.person.mobile if scope.covers_community(a.person.community_id, staff_only=True) else mask_mobile(a.person.mobile)}
        for a in affiliations
    ]
    return render(
        request,
        "registry/organisation_detail.html",
        {
            "org": org,
            "people": people,
            "contact_phone": org.contact_phone if full else mask_mobile(org.contact_phone),
            "can_change": request.user.has_perm("registry.change_organisation", org),
            "history_url": history_url(org),
        },
    )


@permission_view("registry.add_organisation")
def organisation_create(request):
    form = scope_form_choices(OrganisationForm(request.POST or None), request.user)
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        served = data.pop("served_communities", [])
        org = call_service(form, lambda: services.organisation_create(actor=request.user, served_communities=served, **data))
        if org:
            messages.success(request, _("Saved."))
            return redirect("registry:organisation_detail", pk=org.pk)
    return render(request, "registry/form.html", {"form": form, "title": _("New organisation")})


@permission_view("registry.view_organisation")
def organisation_edit(request, pk):
    org = get_for(request.user, "registry.change_organisation", selectors.organisation_list(user=request.user), pk=pk)
    form = scope_form_choices(OrganisationForm(request.POST or None, instance=Organisation.objects.get(pk=org.pk)), request.user)
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        served = data.pop("served_communities", None)
        saved = call_service(
            form,
            lambda: services.organisation_update(actor=request.user, organisation=org, expected_version=form.cleaned_data.get("version"), served_communities=served, **data),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("registry:organisation_detail", pk=org.pk)
    return render(request, "registry/form.html", {"form": form, "title": _("Edit %(name)s") % {"name": org.name}})


@permission_view("registry.view_person")
def person_list(request):
    form = PersonFilterForm(request.GET or None)
    form.fields["community"].queryset = selectors.community_list(user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    if filters.get("community"):
        filters = {**filters, "community": filters["community"].pk}
    table = PersonTable(selectors.person_list(user=request.user, filters=filters), scope=get_scope(request.user))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "registry/_results.html" if request.htmx else "registry/person_list.html", {"form": form, "table": table})


@permission_view("registry.view_person")
def person_detail(request, pk):
    person = get_object_or_404(selectors.person_list(user=request.user), pk=pk)
    full = request.user.has_perm("registry.view_personal_data", person)
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "mobile": person.mobile if full else mask_mobile(person.mobile),
            "address": person.address if full else mask_address(person.address),
            "affiliations": person.affiliations.select_related("organisation"),
            "can_change": request.user.has_perm("registry.change_person", person),
            "history_url": history_url(person),
        },
    )


@permission_view("registry.add_person")
def person_create(request):
    form = scope_form_choices(PersonForm(request.POST or None), request.user)
    if request.method == "POST" and form.is_valid():
        person = call_service(form, lambda: services.person_create(actor=request.user, **form.service_fields()))
        if person:
            messages.success(request, _("Saved."))
            return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/form.html", {"form": form, "title": _("New person")})


@permission_view("registry.change_person")
def person_edit(request, pk):
    person = get_for(request.user, "registry.change_person", selectors.person_list(user=request.user), pk=pk)
    form = scope_form_choices(PersonForm(request.POST or None, instance=Person.objects.get(pk=person.pk)), request.user)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.person_update(actor=request.user, person=person, expected_version=form.cleaned_data.get("version"), **form.service_fields()),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/form.html", {"form": form, "title": _("Edit %(name)s") % {"name": person.name}})


@permission_view("registry.add_community")
def community_create(request):
    from .forms import CommunityForm
    from .selectors import street_list

    form = CommunityForm(request.POST or None)
    form.fields["street"].queryset = restrict(street_list(user=request.user), request.user, "registry.add_community")
    form.fields["slug"].required = False
    if request.method == "POST" and form.is_valid():
        community = call_service(form, lambda: services.community_create(actor=request.user, **form.service_fields()))
        if community:
            messages.success(request, _("Saved."))
            return redirect("registry:community_detail", slug=community.slug)
    return render(request, "registry/form.html", {"form": form, "title": _("New community")})


@permission_view("registry.view_place")
def community_edit(request, slug):
    from .forms import CommunityForm

    community = get_for(request.user, "registry.change_community", selectors.community_list(user=request.user), slug=slug)
    form = CommunityForm(request.POST or None, instance=Community.objects.get(pk=community.pk))
    form.fields["street"].queryset = selectors.street_list(user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.community_update(actor=request.user, community=community, expected_version=form.cleaned_data.get("version"), **form.service_fields()),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("registry:community_detail", slug=saved.slug)
    return render(request, "registry/form.html", {"form": form, "title": _("Edit %(name)s") % {"name": community.name}})


@permission_view("registry.view_place")
def community_liaisons(request, slug):
    """The community's liaison leaders and units: listed, added and removed by the district
    office or the street work committee responsible for it."""
    from django.db.models import Q

    from .forms import LiaisonForm

    community = get_for(request.user, "registry.change_community", selectors.community_list(user=request.user), slug=slug)
    units = Organisation.objects.filter(community__street__district_id=community.street.district_id).filter(
        Q(kind=Organisation.Kind.RESIDENT_UNIT) | Q(kind=Organisation.Kind.PARTY_ORG)
    ).select_related("community")
    form = LiaisonForm(None if request.POST.get("remove") else (request.POST or None), units=units)
    if request.method == "POST" and request.POST.get("remove"):
        assignment = get_object_or_404(community.liaisons, pk=request.POST["remove"])
        services.liaison_remove(actor=request.user, assignment=assignment)
        messages.success(request, _("Removed."))
        return redirect("registry:community_liaisons", slug=slug)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        if call_service(form, lambda: services.liaison_assign(actor=request.user, community=community, **data)):
            messages.success(request, _("Saved."))
            return redirect("registry:community_liaisons", slug=slug)
    liaisons = community.liaisons.select_related("unit").order_by("-year", "kind", "id")
    return render(request, "registry/liaisons.html", {"community": community, "liaisons": liaisons, "form": form})


@permission_view("registry.change_person")
def person_affiliations(request, pk):
    """A person's organisations and roles: added, changed and removed by staff."""
    from django.db.models import Q

    from .forms import AffiliationForm

    person = get_for(request.user, "registry.change_person", selectors.person_list(user=request.user), pk=pk)
    organisations = selectors.organisation_list(user=request.user).filter(
        Q(community_id=person.community_id) | Q(served_communities=person.community_id)
    ).distinct()
    form = AffiliationForm(None if request.POST.get("remove") else (request.POST or None), organisations=organisations)
    if request.method == "POST" and request.POST.get("remove"):
        affiliation = get_object_or_404(person.affiliations, pk=request.POST["remove"])
        services.affiliation_delete(actor=request.user, affiliation=affiliation)
        messages.success(request, _("Removed."))
        return redirect("registry:person_affiliations", pk=pk)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if call_service(form, lambda: services.affiliation_set(actor=request.user, person=person, organisation=d["organisation"], role=d["role"], title=d.get("title", ""))):
            messages.success(request, _("Saved."))
            return redirect("registry:person_affiliations", pk=pk)
    affiliations = person.affiliations.select_related("organisation").order_by("organisation__name")
    return render(request, "registry/affiliations.html", {"person": person, "affiliations": affiliations, "form": form})
