from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "gongjian.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self):
        from gongjian.core.extensions import register_nav

        register_nav("places", group="registry", label=_("Places"), url_name="registry:places", perm="registry.view_place", order=10)
        register_nav("organisations", group="registry", label=_("Organisations"), url_name="registry:organisation_list", perm="registry.view_organisation", order=20)
        register_nav("people", group="registry", label=_("People"), url_name="registry:person_list", perm="registry.view_person", order=30)
        register_nav("imports", group="admin", label=_("Excel import and export"), url_name="registry:io_home", perm="registry.import_data", order=10)
