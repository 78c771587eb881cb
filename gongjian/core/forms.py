"""Form helpers shared by every app's views."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from .exceptions import ApplicationError


def add_service_errors(form, exc: ApplicationError | ValidationError) -> None:
    """Put a service's validation or conflict error on the form, field by field where the
    field is on the form."""
    if isinstance(exc, ApplicationError):
        form.add_error(None, exc.message)
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def call_service(form, save):
    """Call ``save()`` (a service call); its errors go on the form. Returns the result, or None."""
    try:
        return save()
    except (ApplicationError, ValidationError) as exc:
        add_service_errors(form, exc)
    return None


#: What an edit form says when it comes back without the version the editor read.
VERSION_MISSING = _("This form is incomplete or out of date. Reload the page and make your change again.")


class VersionField(forms.IntegerField):
    """The version of the record the editor read, carried in a hidden input. Required: an
    edit without it would overwrite whatever was saved meanwhile."""

    widget = forms.HiddenInput

    def __init__(self, *, required: bool = True, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**31 - 1)
        messages = {"required": VERSION_MISSING, "invalid": VERSION_MISSING, "min_value": VERSION_MISSING, "max_value": VERSION_MISSING}
        super().__init__(required=required, error_messages=messages, **kwargs)


class VersionErrorOnTop:
    """For a form with a ``version`` field: its error (the field is hidden, so nobody would
    see it next to the input) goes on top of the form with the form's own errors."""

    def full_clean(self):
        super().full_clean()
        errors = getattr(self, "_errors", None)
        if errors and "version" in errors:
            moved = errors.pop("version")
            errors.setdefault(NON_FIELD_ERRORS, self.error_class(error_class="nonfield", renderer=self.renderer)).extend(moved)
