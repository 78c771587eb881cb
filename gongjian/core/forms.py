"""Form helpers shared by every app's views."""

from django.core.exceptions import ValidationError

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
