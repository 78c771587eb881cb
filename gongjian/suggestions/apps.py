from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "gongjian.suggestions"
    label = "suggestions"
    verbose_name = _("Solicitation of suggestions")
