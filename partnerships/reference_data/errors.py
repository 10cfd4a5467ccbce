"""The one error a bad reference-data file raises: it names the file, the record and the field."""


class ReferenceDataError(Exception):
    def __init__(self, message, *, file=None, slug=None, field=None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.slug = slug
        self.field = field

    def __str__(self):
        parts = [str(self.file)] if self.file else []
        if self.slug:
            parts.append(f"record {self.slug!r}")
        if self.field:
            parts.append(f"field {self.field!r}")
        parts.append(self.message)
        return ": ".join(parts)
