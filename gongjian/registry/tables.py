import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongjian.core.masking import mask_mobile

from .models import Organisation, Person


class OrganisationTable(tables.Table):
    name = tables.Column(verbose_name=_("name"), linkify=("registry:organisation_detail", {"pk": tables.A("pk")}))
    community = tables.Column(verbose_name=_("community"), order_by=("community__name",))
    street = tables.Column(verbose_name=_("street"), accessor="community__street__name", order_by=("community__street__name",))

    class Meta:
        model = Organisation
        fields = ["name", "kind", "unit_kind", "community", "street", "address"]
        attrs = {"class": "table table-sm table-hover bg-white table-responsive-stack", "data-testid": "organisation-table"}
        template_name = "django_tables2/bootstrap5.html"
        per_page = 50


class PersonTable(tables.Table):
    name = tables.Column(verbose_name=pgettext_lazy("person", "name"), linkify=("registry:person_detail", {"pk": tables.A("pk")}))
    community = tables.Column(verbose_name=_("community"), order_by=("community__name",))
    mobile = tables.Column(verbose_name=_("mobile"))

    class Meta:
        model = Person
        fields = ["name", "gender", "category", "community", "mobile", "specialties"]
        attrs = {"class": "table table-sm table-hover bg-white table-responsive-stack", "data-testid": "person-table"}
        template_name = "django_tables2/bootstrap5.html"
        per_page = 50

    def __init__(self, *args, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope

    def render_mobile(self, value, record):
        # In full only for staff responsible for the person's community (view_personal_data).
        if self.scope is not None and self.scope.covers_community(record.community_id, staff_only=True):
            return value
        return mask_mobile(value)
