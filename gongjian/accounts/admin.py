from django.contrib import admin

from gongjian.core.admin import ReadOnlyAdmin

from .models import RoleAssignment


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["user", "role", "district", "street", "community", "organisation", "person"]
    list_filter = ["role"]
    raw_id_fields = ["user", "person", "organisation"]
