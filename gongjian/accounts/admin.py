from django.contrib import admin

from .models import RoleAssignment


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "district", "street", "community", "organisation", "person"]
    list_filter = ["role"]
    raw_id_fields = ["user", "person", "organisation"]
