"""Forms of target management. Choices are always limited to what the user's scope covers."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongjian.registry.forms import VersionedForm
from gongjian.registry.models import Affiliation, Organisation, Person

from . import progress
from .models import (
    AnnualPlan,
    BuildingItem,
    Contribution,
    Feedback,
    Milestone,
    ProgressReport,
    Task,
    WorkCategory,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)


class PlanForm(VersionedForm):
    class Meta:
        model = AnnualPlan
        fields = ["community", "year", "title", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is not None:
            self.fields["community"].queryset = communities
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year)
        if self.instance.pk:
            self.fields["community"].disabled = True
            self.fields["year"].disabled = True
        self.fields["title"].help_text = _("Leave empty for “<community> annual work plan <year>”.")


def organisations_for(community):
    """Organisations that stand in or serve the community."""
    return Organisation.objects.filter(Q(community=community) | Q(served_communities=community)).distinct().select_related("community").order_by("kind", "name")


class TaskForm(VersionedForm):
    class Meta:
        model = Task
        fields = [
            "number", "category", "title", "description", "target_what", "target_quantity", "target_unit", "target_date",
            "deadline", "lead_organisation", "leader_person", "leader_name", "leader_title", "liaison", "co_organisers", "budget", "weight",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "target_date": DateInput(),
            "deadline": DateInput(),
        }

    def __init__(self, *args, plan: AnnualPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        community = plan.community
        self.fields["category"].queryset = WorkCategory.objects.filter(district_id=community.street.district_id)
        orgs = organisations_for(community)
        self.fields["lead_organisation"].queryset = orgs
        self.fields["co_organisers"].queryset = orgs
        self.fields["co_organisers"].widget.attrs["size"] = 8
        people = Person.objects.filter(
            affiliations__organisation__in=orgs, affiliations__role__in=[Affiliation.Role.LIAISON, Affiliation.Role.HEAD]
        ).distinct().order_by("name")
        self.fields["liaison"].queryset = people
        self.fields["leader_person"].queryset = people
        self.fields["leader_name"].help_text = _("Filled from the registry person when one is chosen; else type the name.")
        self.fields["liaison"].help_text = _("A liaison or head of the lead organisation.")
        self.fields["number"].required = False
        self.fields["number"].help_text = _("Leave empty to add the task at the end.")
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("deadline", datetime.date(plan.year, 12, 31))

    def service_fields(self) -> dict:
        data = super().service_fields()
        if data.get("number") is None:
            data.pop("number", None)
        return data


class MilestoneForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Step"), max_length=120)
    due = forms.DateField(label=_("Due"), widget=DateInput())
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100, initial=1)
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, initial=0, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weight"].required = False
        _style(self)

    def has_changed(self):
        """A blank row (no step, no date) is left alone, whatever its weight and progress say."""
        if not self.is_bound or self.initial.get("id"):
            return super().has_changed()
        return any((self.data.get(self.add_prefix(name)) or "").strip() for name in ("title", "due"))


MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=3, can_delete=True)


def milestone_initial(milestones) -> list[dict]:
    return [{"id": m.pk, "version": m.version, "title": m.title, "due": m.due, "weight": m.weight, "percent": m.percent} for m in milestones]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by ``evidence.check_upload`` in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf,.docx,.xlsx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def report_months(plan: AnnualPlan, *, today: datetime.date | None = None) -> list[datetime.date]:
    """The months of the plan's year that may be reported on (none that has not begun)."""
    today = today or timezone.localdate()
    last = min(datetime.date(plan.year, 12, 1), progress.month_of(today))
    months, month = [], datetime.date(plan.year, 1, 1)
    while month <= last:
        months.append(month)
        month = progress.add_months(month, 1)
    return months


def default_month(plan: AnnualPlan, *, today: datetime.date | None = None) -> datetime.date | None:
    months = report_months(plan, today=today)
    return months[-1] if months else None


class ReportForm(forms.Form):
    """The monthly report on one task. With milestones, their progress is entered one by one
    (the task's percent rolls up from them); without, the task's percent directly."""

    month = forms.TypedChoiceField(label=_("Month"), coerce=lambda v: datetime.date.fromisoformat(v))
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ProgressReport.Status.choices, initial=ProgressReport.Status.ON_TRACK)
    done_text = forms.CharField(label=_("Work done this month"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    next_step = forms.CharField(label=_("Next step"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)
    files = MultipleFileField(label=_("Evidence (photos, documents)"), required=False, help_text=_("JPEG or PNG photos, PDF, Word or Excel files. Location data is removed from photos."))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, task: Task, milestones: list[Milestone], report: ProgressReport | None = None, month: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task
        self.milestones = milestones
        months = report_months(task.plan)
        self.fields["month"].choices = [(m.isoformat(), f"{m:%Y-%m}") for m in reversed(months)]
        if month is not None:
            self.initial["month"] = month.isoformat()
        if report is not None:
            self.initial.update(
                percent=report.percent, status=report.status, done_text=report.done_text, next_step=report.next_step, version=report.version,
            )
        else:
            self.initial.setdefault("percent", task.percent)
            self.initial["version"] = 0
        if milestones:
            del self.fields["percent"]
            for m in milestones:
                self.fields[f"m{m.pk}"] = forms.IntegerField(
                    label=_("“%(step)s” (%%)") % {"step": m.title}, min_value=0, max_value=100, initial=m.percent,
                    help_text=_("due %(date)s, weight %(weight)s") % {"date": m.due, "weight": m.weight},
                )
        else:
            self.fields["percent"].required = True
        _style(self)

    def milestone_fields(self):
        return [self[f"m{m.pk}"] for m in self.milestones]

    def milestone_percents(self) -> dict[int, int] | None:
        if not self.milestones:
            return None
        return {m.pk: self.cleaned_data[f"m{m.pk}"] for m in self.milestones}


class BulkRowForm(forms.Form):
    """One task's row on the liaison's one-page update."""

    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ProgressReport.Status.choices, initial=ProgressReport.Status.ON_TRACK)
    done_text = forms.CharField(label=_("Work done this month"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)
    next_step = forms.CharField(label=_("Next step"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def clean(self):
        data = super().clean()
        filled = data.get("done_text") or data.get("percent") is not None
        if filled and data.get("percent") is None:
            self.add_error("percent", _("Enter the progress."))
        if filled and not data.get("done_text"):
            self.add_error("done_text", _("Say what was done this month."))
        return data

    @property
    def filled(self) -> bool:
        return bool(self.cleaned_data.get("done_text"))


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ModerateForm(forms.Form):
    status = forms.ChoiceField(label=pgettext_lazy("feedback moderation", "Decision"), choices=Feedback.Status.choices, widget=forms.RadioSelect)
    answer = forms.CharField(label=_("Public answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False, help_text=_("Shown on the board under the feedback."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].widget.attrs["class"] = "form-control"
        self.fields["status"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        if data.get("status") == Feedback.Status.PENDING and data.get("answer"):
            self.add_error("status", _("Publish the feedback to answer it publicly."))
        return data


class ItemForm(VersionedForm):
    class Meta:
        model = BuildingItem
        fields = ["community", "year", "title", "category", "task", "description", "completed_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "completed_on": DateInput()}

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is not None:
            self.fields["community"].queryset = communities
            self.fields["task"].queryset = Task.objects.filter(plan__community__in=communities).select_related("plan", "plan__community")
            self.fields["category"].queryset = WorkCategory.objects.filter(district__streets__communities__in=communities).distinct()
        self.fields["task"].label_from_instance = lambda t: f"{t.plan.community.name} {t.plan.year} · {t.number}. {t.title}"
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)


class ContributionForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Contribution.Role.choices)
    amount = forms.DecimalField(label=_("Funds (yuan)"), max_digits=12, decimal_places=2, min_value=0)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        _style(self)


class CategoryForm(VersionedForm):
    class Meta:
        model = WorkCategory
        fields = ["name", "order", "description"]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
