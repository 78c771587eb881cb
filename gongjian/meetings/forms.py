"""Forms of the joint meeting. Choices are limited to the meeting's community."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongjian.registry.models import Organisation
from gongjian.targets.models import Task, WorkCategory

from .models import BodyMember, Decision


def _style(form):
    for field in form.fields.values():
        w = field.widget
        if isinstance(w, forms.HiddenInput):
            continue
        w.attrs.setdefault("class", "form-select" if isinstance(w, forms.Select | forms.SelectMultiple) else "form-control")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class BodyForm(forms.Form):
    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    name = forms.CharField(label=pgettext_lazy("organisation", "Name"), max_length=100, required=False)
    established_on = forms.DateField(label=_("Established on"), required=False, widget=DateInput())
    convenor_name = forms.CharField(label=_("Convenor"), max_length=50, required=False)

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        _style(self)


class MemberForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=BodyMember.Role.choices, initial=BodyMember.Role.MEMBER)
    representative = forms.CharField(label=_("Representative"), max_length=50, required=False)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        _style(self)


class MeetingForm(forms.Form):
    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    chair = forms.CharField(label=_("Chaired by"), max_length=50, required=False)
    recorder = forms.CharField(label=_("Minutes taken by"), max_length=50, required=False)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, communities=None, with_version: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        if with_version:  # an edit carries the version it read
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        _style(self)


class AttendanceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, required=False)
    title = forms.CharField(label=_("Post"), max_length=50, required=False)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        _style(self)


class AgendaForm(forms.Form):
    suggestion = forms.ModelChoiceField(label=_("Suggestion"), queryset=None)

    def __init__(self, *args, suggestions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggestion"].queryset = suggestions
        self.fields["suggestion"].label_from_instance = lambda s: f"#{s.pk} {s.body[:40]}（{s.get_source_category_display()}）"
        _style(self)


class DecisionForm(forms.Form):
    """The decision on an agenda item; adopting needs existing tasks or a new task's fields."""

    outcome = forms.ChoiceField(label=pgettext_lazy("joint meeting", "Decision"), choices=Decision.Outcome.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, required=False)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0, required=False)
    attach_tasks = forms.ModelMultipleChoiceField(label=_("Attach to existing tasks"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
    new_title = forms.CharField(label=_("Or create a new task: title"), max_length=120, required=False)
    new_category = forms.ModelChoiceField(label=_("Work category"), queryset=None, required=False)
    new_lead = forms.ModelChoiceField(
        label=_("Lead organisation"), queryset=None, required=False,
        help_text=_("May stay empty: the community assigns it before the plan is published."),
    )
    new_leader = forms.CharField(label=_("Responsible leader"), max_length=50, required=False)
    new_target = forms.CharField(label=_("Target"), max_length=200, required=False)
    new_deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())
    merge_into = forms.IntegerField(label=_("Merge into suggestion number"), min_value=1, required=False)

    def __init__(self, *args, tasks=None, categories=None, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attach_tasks"].queryset = tasks if tasks is not None else Task.objects.none()
        self.fields["attach_tasks"].label_from_instance = lambda t: f"{t.plan.year} · {t.number}. {t.title}"
        self.fields["new_category"].queryset = categories if categories is not None else WorkCategory.objects.none()
        self.fields["new_lead"].queryset = organisations if organisations is not None else Organisation.objects.none()
        _style(self)
        self.fields["outcome"].widget.attrs["class"] = "form-check-input"
        self.fields["attach_tasks"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Decision.Outcome.ADOPT and data.get("new_title"):
            missing = [f for f in ("new_category", "new_target", "new_deadline") if not data.get(f)]
            for f in missing:
                self.add_error(f, _("Needed for the new task."))
        return data

    def new_task(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("new_title"):
            return None
        return {
            "title": data["new_title"], "category": data["new_category"], "lead_organisation": data.get("new_lead"), "leader_name": data.get("new_leader") or "",
            "target_what": data["new_target"], "deadline": data["new_deadline"],
        }
