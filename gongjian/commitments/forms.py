from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongjian.registry.models import Organisation, Person
from gongjian.targets.forms import DateInput, organisations_for
from gongjian.targets.forms import _style as style_fields

from .models import Conference


class ConferenceForm(forms.ModelForm):
    """Date, place, chair and who attended; organisations and people of the community."""

    class Meta:
        model = Conference
        fields = ["community", "year", "date", "place", "chair", "organisations", "people", "headcount", "document_number", "notes"]
        widgets = {
            "date": DateInput(),
            "organisations": forms.SelectMultiple(attrs={"size": 10}),
            "people": forms.SelectMultiple(attrs={"size": 10}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, communities=None, community=None, **kwargs):
        super().__init__(*args, **kwargs)
        if community is not None:  # editing: the community and year stay; the edit carries the version it read
            del self.fields["community"]
            del self.fields["year"]
            stale = _("This form is incomplete or out of date. Reload the page and make your change again.")
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=self.instance.version,
                                                        error_messages={"required": stale, "invalid": stale, "min_value": stale})
        else:
            self.fields["community"].queryset = communities
            self.fields["community"].empty_label = None
        target = community
        if target is None and communities is not None:
            chosen = self.data.get("community") if self.is_bound else None
            target = communities.filter(pk=chosen).first() if chosen and str(chosen).isdigit() else communities.first()
        orgs = Organisation.objects.none()
        people = Person.objects.none()
        if target is not None:
            orgs = organisations_for(target)
            people = Person.objects.filter(community=target).order_by("name")
        self.fields["organisations"].queryset = orgs
        self.fields["people"].queryset = people
        self.fields["organisations"].help_text = _("Hold Ctrl (⌘ on a Mac) to choose several.")
        self.fields["people"].help_text = _("Hold Ctrl (⌘ on a Mac) to choose several.")
        style_fields(self)

    def full_clean(self):
        super().full_clean()
        errors = getattr(self, "_errors", None)
        if errors and "version" in errors:  # the field is hidden: its error goes on top of the form
            from django.core.exceptions import NON_FIELD_ERRORS

            moved = errors.pop("version")
            errors.setdefault(NON_FIELD_ERRORS, self.error_class(error_class="nonfield", renderer=self.renderer)).extend(moved)


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"))
    caption = forms.CharField(label=_("caption"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].widget.attrs["accept"] = "image/jpeg,image/png"
        style_fields(self)
