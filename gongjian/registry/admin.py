"""The Django admin, for the superuser only and read-only (writes go through the services);
everyone else works through the product's pages."""

from django.contrib import admin

from gongjian.core.admin import ReadOnlyAdmin

from .models import (
    Affiliation,
    Building,
    Community,
    Compound,
    District,
    LiaisonAssignment,
    Organisation,
    Person,
    Street,
)


@admin.register(District, Street, Compound, Building, LiaisonAssignment, Affiliation)
class PlainAdmin(ReadOnlyAdmin):
    pass


@admin.register(Community)
class CommunityAdmin(ReadOnlyAdmin):
    list_display = ["name", "street", "slug"]
    list_filter = ["street"]
    search_fields = ["name", "slug"]


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "unit_kind", "community"]
    list_filter = ["kind", "unit_kind"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "community", "category", "is_party_member"]
    list_filter = ["category", "is_party_member"]
    search_fields = ["name", "mobile"]
    raw_id_fields = ["compound", "user"]
