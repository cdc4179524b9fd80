"""Errors the domain raises on purpose. Their message is written for the owner to read."""


class CrmError(Exception):
    """Base class: `str(error)` is a plain sentence the assistant can show as it is."""

    consequence = "Nothing was stored."  # what the owner should also know when this stops an action


class NotFound(CrmError):
    pass


class Invalid(CrmError):
    pass


class CannotUndo(CrmError):
    consequence = ""
