"""CSV: every list as a spreadsheet, nested lists flattened into one cell joined by "; "."""

import csv
import io

from rest_framework.renderers import BaseRenderer


def flatten(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return _label(value)
    if isinstance(value, list):
        return "; ".join(flatten(item) for item in value)
    return str(value)


def _label(record: dict) -> str:
    """A nested record as its slug, with its own details: "france (role host)"."""
    for key in ("nation", "organization", "partnership"):
        if isinstance(record.get(key), dict):
            head = record[key].get("slug", "")
            details = {name: value for name, value in record.items() if name != key}
            break
    else:
        return str(record.get("slug") or record.get("name") or record.get("title") or "")
    shown = [
        f"{name} {value}"
        for name, value in details.items()
        if value not in (None, "") and not name.endswith(("url", "precision"))
    ]
    return f"{head} ({', '.join(shown)})" if shown else head


def csv_line(values) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()


class CSVRenderer(BaseRenderer):
    """Renders one record (detail) as a one-row CSV; lists are streamed by the view."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        records = data.get("results", [data]) if isinstance(data, dict) else list(data)
        if not records:
            return b""
        lines = [csv_line(list(records[0]))]
        lines += [csv_line([flatten(value) for value in record.values()]) for record in records]
        return "".join(lines).encode(self.charset)
