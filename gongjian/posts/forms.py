"""Forms of individual post-setting (Bootstrap classes; errors in Chinese through the catalogue)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongjian.core.guard import GuardedForm
from gongjian.registry.models import Person

from .models import ELIGIBLE_CATEGORIES, Holding, Post, PostKind


def _bootstrap(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
            continue  # the browser's own boxes: Bootstrap's need a .form-check wrapper
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "form-control")


class BaseForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class KindForm(BaseForm, VersionMixin):
    name = forms.CharField(label=_("name"), max_length=40)
    duties = forms.CharField(label=_("duties"), widget=forms.Textarea(attrs={"rows": 3}))
    categories = forms.MultipleChoiceField(
        label=_("who may hold it"), choices=ELIGIBLE_CATEGORIES, widget=forms.CheckboxSelectMultiple
    )
    specialties = forms.CharField(
        label=_("wanted specialties"),
        max_length=200,
        required=False,
        help_text=_("Separate several with 、 or commas."),
    )
    work_category = forms.ModelChoiceField(label=_("work category"), queryset=None, required=False)
    temporary = forms.BooleanField(label=_("temporary (emergency)"), required=False)
    order = forms.IntegerField(label=_("order"), min_value=0, max_value=999, initial=0)

    def __init__(self, *args, categories_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_category"].queryset = categories_qs

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class PostForm(BaseForm, VersionMixin):
    kind = forms.ModelChoiceField(label=_("post kind"), queryset=PostKind.objects.none())
    capacity = forms.IntegerField(label=_("places"), min_value=1, max_value=200, initial=1)
    note = forms.CharField(label=_("note"), max_length=200, required=False)
    tasks = forms.ModelMultipleChoiceField(
        label=_("tasks served"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, kinds=None, tasks=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds if kinds is not None else PostKind.objects.none()
        self.fields["tasks"].queryset = tasks
        if editing:
            del self.fields["kind"]


class CommitmentForm(BaseForm):
    commitment = forms.CharField(
        label=_("My commitment"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you promise residents, shown on the public roster."),
    )


class AssignForm(BaseForm):
    person = forms.ModelChoiceField(label=_("holder"), queryset=Person.objects.none())
    commitment = forms.CharField(label=_("commitment"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    start = forms.DateField(label=_("from"), required=False, widget=DATE)
    end = forms.DateField(label=_("to"), required=False, widget=DATE)

    def __init__(self, *args, people=None, kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = self.person_label

    def person_label(self, person) -> str:
        label = f"{person.name}（{person.get_category_display()}）"
        if getattr(person, "match", 0) and self.kind is not None:
            label += " · " + _("matches: %(specialties)s") % {"specialties": "、".join(self.kind.matches(person))}
        return label


class DecideForm(BaseForm, VersionMixin):
    decision = forms.ChoiceField(
        label=_("Approve or decline"),
        choices=[("approve", _("Approve")), ("decline", pgettext_lazy("claim", "Decline"))],
        widget=forms.RadioSelect,
    )
    phone_confirmed = forms.BooleanField(label=_("I confirmed this claim with the applicant by phone"), required=False)
    reason = forms.CharField(
        label=_("reason"), max_length=300, required=False, help_text=_("Needed when declining; the claimant reads it.")
    )


class EndForm(BaseForm, VersionMixin):
    end = forms.DateField(label=_("last day"), required=False, widget=DATE)
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)


class TransferForm(BaseForm):
    person = forms.ModelChoiceField(label=_("new holder"), queryset=Person.objects.none())
    on = forms.DateField(label=_("hand-over date"), required=False, widget=DATE)
    commitment = forms.CharField(
        label=_("commitment of the new holder"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Empty: the same commitment."),
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class EntryForm(BaseForm):
    date = forms.DateField(label=_("date"), widget=DATE)
    hours = forms.DecimalField(
        label=_("hours"),
        min_value=0.5,
        max_value=24,
        decimal_places=1,
        max_digits=4,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    done = forms.CharField(label=_("what was done"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(
        label=_("evidence (optional)"), required=False, help_text=_("A photo or a document (PDF, Word, Excel).")
    )

    def __init__(self, *args, holding: Holding | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if holding is not None and not self.is_bound:
            self.initial.setdefault("date", min(timezone.localdate(), holding.end))


class ReviewForm(BaseForm, VersionMixin):
    decision = forms.ChoiceField(
        label=_("Confirm or return"),
        choices=[("confirm", _("Confirm")), ("return", _("Return"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("reason"), max_length=300, required=False, help_text=_("Needed when returning; the holder reads it.")
    )


class ProfileForm(BaseForm, VersionMixin):
    specialties = forms.CharField(
        label=_("specialties"), max_length=200, required=False, help_text=_("Separate several with 、 or commas.")
    )
    availability = forms.ChoiceField(
        label=_("availability"), choices=[("", "—"), *Person.Availability.choices], required=False
    )


class PublicClaimForm(GuardedForm, BaseForm):
    """The honeypot (``website``) and the signed fill time (``started``) come from core.guard."""

    post = forms.ModelChoiceField(label=pgettext_lazy("post-setting", "Post"), queryset=Post.objects.none())
    name = forms.CharField(label=_("Your name"), max_length=50)
    mobile = forms.CharField(
        label=_("Your mobile"),
        max_length=11,
        help_text=_("Staff call you on it to confirm; it is never shown on the roster."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    commitment = forms.CharField(label=_("My commitment"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, posts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = posts
        self.fields["post"].label_from_instance = lambda p: f"{p.kind.name}（{p.year}）"


def year_choice(value, default: int | None = None) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


def today() -> datetime.date:
    return timezone.localdate()
