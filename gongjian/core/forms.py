"""Form helpers shared by every app's views."""

from django.core.exceptions import ValidationError

from .exceptions import ApplicationError


def call_service(form, save):
    """Call ``save()`` (a service call); turn its validation and conflict errors into the form's
    errors, field by field where the field is on the form. Returns the result, or None."""
    try:
        return save()
    except ApplicationError as exc:
        form.add_error(None, exc.message)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
    return None
