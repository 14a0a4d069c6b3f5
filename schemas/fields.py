"""Query-parameter fields shared by the resources: comma lists, dates or datetimes, sort strings."""
from __future__ import annotations

from datetime import UTC, date, datetime

from marshmallow import ValidationError, fields


class CommaList(fields.List):
    """`a,b` or `x=a&x=b` (or both): a list of distinct strings, each one of `choices` when given."""

    def __init__(self, choices: tuple[str, ...] | None = None, **kwargs):
        self.choices = choices
        metadata = kwargs.pop("metadata", {})
        if choices:
            metadata = {"description": "comma-separated, any of: " + ", ".join(choices), **metadata}
        super().__init__(fields.String(), metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        values = value if isinstance(value, list) else [value]
        out: list[str] = []
        for item in values:
            for part in str(item).split(","):
                part = part.strip()
                if not part:
                    continue
                if self.choices and part not in self.choices:
                    raise ValidationError(f"unknown value {part!r}; expected any of: {', '.join(self.choices)}")
                if part not in out:
                    out.append(part)
        if not out:
            raise ValidationError("must not be empty")
        return out


class Repeated(fields.List):
    """A parameter that may be given several times (`entity=a&entity=b`); values kept whole (names may
    contain commas)."""

    def __init__(self, **kwargs):
        super().__init__(fields.String(validate=lambda s: bool(s.strip()) or _empty()), **kwargs)


def _empty():
    raise ValidationError("must not be empty")


class DateOrDateTime(fields.String):
    """`2024-05-01` (a whole day) or an ISO 8601 datetime (`2024-05-01T12:00:00Z`; naive means UTC).

    Deserialises to a `date` or to a naive UTC `datetime`, so a filter can tell a day from an instant.
    """

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise ValidationError("not a date or datetime")
        text = value.strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            # An unescaped "+02:00" in a query string arrives as " 02:00".
            parsed = datetime.fromisoformat(text.replace(" ", "+") if "T" in text else text)
        except ValueError:
            raise ValidationError("not a date (YYYY-MM-DD) or ISO 8601 datetime") from None
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(UTC).replace(tzinfo=None)
        return parsed
