"""Forms of the solicitation: campaigns, staff entry on someone's behalf (with a photo of the
paper), merging, and the public form with its guards against robots."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongjian.core.guard import GuardedForm
from gongjian.registry.forms import VersionedForm

from .models import Campaign, Channel, PublicTextReport, SourceCategory, Suggestion

MAX_BODY = 1000


class CampaignForm(VersionedForm):
    class Meta:
        model = Campaign
        fields = ["community", "year", "title", "opens_on", "closes_on", "notes"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is not None:
            self.fields["community"].queryset = communities
        self.fields["title"].required = False
        self.fields["opens_on"].required = False
        self.fields["closes_on"].required = False


class EnterForm(forms.Form):
    """A suggestion staff enter on someone's behalf."""

    body = forms.CharField(label=_("Suggestion"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}))
    source_category = forms.ChoiceField(label=_("Source category"), choices=SourceCategory.choices, widget=forms.Select(attrs={"class": "form-select"}))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, widget=forms.Select(attrs={"class": "form-select"}))
    submitter_name = forms.CharField(label=_("Submitted by (optional)"), max_length=60, required=False, widget=forms.TextInput(attrs={"class": "form-control"}))
    contact = forms.CharField(label=_("Contact (optional)"), max_length=60, required=False, help_text=_("For the notice of the decision; only staff see it."), widget=forms.TextInput(attrs={"class": "form-control"}))
    photo = forms.FileField(label=_("Photo of the paper (optional)"), required=False, widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": "image/jpeg,image/png,application/pdf"}))


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Why it is hidden"), max_length=200, required=False, widget=forms.TextInput(attrs={"class": "form-control"}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong with it"), choices=PublicTextReport.Reason.choices, widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
    note = forms.CharField(label=_("Anything to add (optional)"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("Merge into suggestion number"), min_value=1, widget=forms.NumberInput(attrs={"class": "form-control"}))
    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False, widget=forms.TextInput(attrs={"class": "form-control"}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PublicSuggestionForm(GuardedForm):
    """The resident's form at /c/<slug>/suggest/: no login, the public-form guard's honeypot
    and single-use signed time stamp (``core.guard``), capped length."""

    body = forms.CharField(
        label=_("Your suggestion"), max_length=MAX_BODY, min_length=5,
        error_messages={"required": _("Please write your suggestion."), "min_length": _("Please write a little more (at least 5 characters)."),
                        "max_length": _("Please keep it under %(limit_value)d characters.")},
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-control", "maxlength": MAX_BODY, "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=30, required=False, help_text=_("Shown only as your surname."), widget=forms.TextInput(attrs={"class": "form-control"}))
    contact = forms.CharField(
        label=_("Phone or e-mail for a reply (optional)"), max_length=60, required=False,
        help_text=_("We tell you what the joint meeting decided. Only staff see it."), widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "email"}),
    )


class SuggestionFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All"))] + list(Suggestion.Status.choices), required=False)
    source_category = forms.ChoiceField(label=_("Source category"), choices=[("", _("All"))] + list(SourceCategory.choices), required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", _("All"))] + list(Channel.choices), required=False)
