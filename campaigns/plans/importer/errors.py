"""The one error the importer raises; its message is shown to Vietnamese users."""


class PlanImportError(ValueError):
    """A plan document cannot be read or does not look like a plan."""
