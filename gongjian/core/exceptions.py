class ApplicationError(Exception):
    """A domain error whose message can be shown to the user as it is (in Chinese by default)."""

    def __init__(self, message, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class ConflictError(ApplicationError):
    """Someone else saved the object since it was read: the edit must not overwrite it silently."""
