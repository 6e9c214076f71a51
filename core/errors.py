"""Domain errors raised by services. Views show their message; the API returns them structured."""


class DomainError(Exception):
    """A refused action: the message is for the person who tried it (Chinese by default)."""

    code = "refused"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403


class NotVisible(DomainError):
    """Outside the user's data scope: shown as 404, never as 403."""

    code = "not_found"
    status = 404


class InvalidInput(DomainError):
    code = "invalid"

    def __init__(self, errors: dict[str, list[str]], message: str = "提交的内容有误，请按提示修改。"):
        super().__init__(message)
        self.errors = errors
