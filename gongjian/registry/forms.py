from django import forms
from django.utils.translation import gettext_lazy as _

from gongjian.core.forms import VersionErrorOnTop, VersionField
from gongjian.core.phones import normalize_phone

from .models import Affiliation, Community, LiaisonAssignment, Organisation, Person


class VersionedForm(VersionErrorOnTop, forms.ModelForm):
    """Carries the version the editor read, so a concurrent edit is refused, not overwritten."""

    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new record has no version yet; an edit must say which version it was made on.
        self.fields["version"].required = bool(self.instance.pk)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select | forms.SelectMultiple) else "form-control"
            if isinstance(field.widget, forms.CheckboxInput):
                css = "form-check-input"
            field.widget.attrs.setdefault("class", css)

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class CommunityForm(VersionedForm):
    class Meta:
        model = Community
        fields = ["street", "name", "slug", "address", "households", "population", "lat", "lng", "established_on", "dissolved_on"]
        widgets = {name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d") for name in ("established_on", "dissolved_on")}


class OrganisationForm(VersionedForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "unit_kind", "mass_kind", "community", "served_communities", "address", "contact_name", "contact_phone", "party_members", "lat", "lng", "joined_on", "left_on"]
        widgets = {name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d") for name in ("joined_on", "left_on")}


class PersonForm(VersionedForm):
    # Typed as people do (+86 139-0598-0012, full-width digits); stored as 11 ASCII digits.
    mobile = forms.CharField(label=_("mobile"), max_length=30, required=False)

    def clean_mobile(self):
        return normalize_phone(self.cleaned_data.get("mobile"))

    class Meta:
        model = Person
        fields = ["name", "gender", "birth_year", "mobile", "community", "compound", "address", "category", "is_party_member", "specialties", "availability", "lat", "lng"]


class FilterForm(forms.Form):
    """A list page's filters: Bootstrap widgets, a search box that suits phones."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm")
            if name == "q":
                field.widget.input_type = "search"
                field.widget.attrs.setdefault("placeholder", _("Name, specialty or last digits of the mobile"))


class OrganisationFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *Organisation.Kind.choices])
    unit_kind = forms.ChoiceField(label=_("Unit type"), required=False, choices=[("", _("All unit types")), *Organisation.UnitKind.choices])
    community = forms.ModelChoiceField(label=_("Community"), required=False, queryset=Community.objects.none(), empty_label=_("All communities"))


class PersonFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[("", _("All categories")), *Person.Category.choices])
    party = forms.ChoiceField(label=_("Party member"), required=False, choices=[("", _("Members and non-members")), ("1", _("Party members")), ("0", _("Non-members"))])
    community = forms.ModelChoiceField(label=_("Community"), required=False, queryset=Community.objects.none(), empty_label=_("All communities"))


def scope_form_choices(form, user):
    """Limit community (and compound) choices to the user's scope."""
    from .selectors import community_list

    communities = community_list(user=user)
    for name in ("community", "served_communities"):
        if name in form.fields:
            form.fields[name].queryset = communities
    if "compound" in form.fields:
        from .models import Compound

        form.fields["compound"].queryset = Compound.objects.filter(community__in=communities).select_related("community")
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)
    return form


class LiaisonForm(forms.ModelForm):
    """A liaison leader or liaison unit (挂点领导/挂点单位) for a community and year."""

    class Meta:
        model = LiaisonAssignment
        fields = ["year", "kind", "leader_name", "leader_title", "unit"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select) else "form-control")


class AffiliationForm(forms.ModelForm):
    """A person's place in an organisation, with a role."""

    class Meta:
        model = Affiliation
        fields = ["organisation", "role", "title"]

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select) else "form-control")
