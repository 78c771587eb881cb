"""Read API over the same scoped selectors as the pages; personal data masked the same way."""

from rest_framework import permissions, serializers, viewsets

from gongjian.accounts.scope import get_scope
from gongjian.core.masking import mask_address, mask_mobile

from . import selectors
from .models import Community, Organisation, Person


class HasPerm(permissions.BasePermission):
    """DRF face of a declared rules permission (the viewset's ``gongjian_permission``)."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.has_perm(view.gongjian_permission))


class CommunitySerializer(serializers.ModelSerializer):
    street = serializers.CharField(source="street.name")

    class Meta:
        model = Community
        fields = ["id", "name", "slug", "street", "address", "households", "population", "lat", "lng"]


class OrganisationSerializer(serializers.ModelSerializer):
    community = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "unit_kind", "mass_kind", "community", "address", "lat", "lng"]


class PersonSerializer(serializers.ModelSerializer):
    community = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    mobile = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "name", "gender", "community", "category", "is_party_member", "mobile", "address", "specialties", "availability"]

    def _full(self, obj) -> bool:
        return get_scope(self.context["request"].user).covers_community(obj.community_id, staff_only=True)

    def get_mobile(self, obj) -> str:
        return obj.mobile if self._full(obj) else mask_mobile(obj.mobile)

    def get_address(self, obj) -> str:
        return obj.address if self._full(obj) else mask_address(obj.address)


class CommunityViewSet(viewsets.ReadOnlyModelViewSet):
    gongjian_permission = "registry.view_place"
    permission_classes = [HasPerm]
    serializer_class = CommunitySerializer
    filterset_fields = ["street"]

    def get_queryset(self):
        return selectors.community_list(user=self.request.user)


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    gongjian_permission = "registry.view_organisation"
    permission_classes = [HasPerm]
    serializer_class = OrganisationSerializer
    filterset_fields = ["kind", "unit_kind", "community"]

    def get_queryset(self):
        return selectors.organisation_list(user=self.request.user)


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    gongjian_permission = "registry.view_person"
    permission_classes = [HasPerm]
    serializer_class = PersonSerializer
    filterset_fields = ["category", "is_party_member", "community"]

    def get_queryset(self):
        return selectors.person_list(user=self.request.user)


#: Collected by ``gongjian/api_urls.py``: (prefix, ViewSet, basename).
ROUTES = [
    ("communities", CommunityViewSet, "api-community"),
    ("organisations", OrganisationViewSet, "api-organisation"),
    ("people", PersonViewSet, "api-person"),
]
