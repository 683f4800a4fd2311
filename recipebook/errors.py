"""The one exception hierarchy: every error a user can cause is a RecipebookError."""

from __future__ import annotations


class RecipebookError(Exception):
    """Base of every error the tool reports to a user (never shown as a traceback)."""


class ProjectError(RecipebookError):
    """Raised when the project folder or its book.yaml cannot be found or read."""


class ValidationFailed(RecipebookError):
    """Raised when the sources have error findings and the requested work cannot go on.

    ``findings`` holds every finding (errors and warnings) so the caller can print them all.
    """

    def __init__(self, findings: list, message: str = "the sources have errors") -> None:
        super().__init__(message)
        self.findings = findings


class BuildError(RecipebookError):
    """Raised when typesetting fails for a reason the author can fix (a font, an image)."""


class DistributionError(RecipebookError):
    """Raised when subscribers, stamping or delivery cannot go on (bad CSV, SMTP settings)."""
