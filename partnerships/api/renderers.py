"""Renderers: JSON through orjson, and CSV (every list as a spreadsheet, nested lists
flattened into one escaped cell as CSV_CELLS says)."""

import csv
import io

import orjson
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.utils.encoders import JSONEncoder


class FastJSONRenderer(JSONRenderer):
    """DRF's JSON, encoded by orjson: several times faster on a page of 200 nested records.

    Compact UTF-8 like DRF's; what orjson does not know (lazy strings, Decimal, UUID) goes
    through DRF's own encoder. An indented answer (asked for in the Accept header) and
    the browsable API's use keep DRF's renderer.
    """

    _fallback = JSONEncoder().default

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        renderer_context = renderer_context or {}
        if self.get_indent(accepted_media_type or "", renderer_context):
            return super().render(data, accepted_media_type, renderer_context)
        # Error dicts keyed by list index (`{"members": {0: [...]}}`) as json does: "0".
        return orjson.dumps(data, default=self._fallback, option=orjson.OPT_NON_STR_KEYS)


# How a nested list fits one cell, said in the OpenAPI document (schema.py) as well.
CSV_CELLS = (
    "A nested list is one cell: its items separated by `; `, each the related record's "
    "slug followed, where it has any, by its details in parentheses as `name value` pairs "
    "separated by `, ` (`france (role host, joined 1949-04-04)`); inside a slug or a "
    "value, `\\`, `;`, `,`, `(` and `)` are preceded by `\\`. Dates in such details are "
    "written to their precision: `1949` (year), `1949-04` (month), `1949-04-04` (day). "
    "Booleans are `true`/`false`, null an empty cell."
)

_ESCAPED = str.maketrans({char: "\\" + char for char in "\\;,()"})
_DATE_LENGTH = {"year": 4, "month": 7, "day": 10}


def _escape(value) -> str:
    return str(value).translate(_ESCAPED)


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


def _detail(record: dict, name: str, value) -> str:
    """A date cut to its precision (`joined` with `joined_precision`), else the value."""
    precision = record.get(f"{name}_precision")
    if isinstance(value, str) and precision in _DATE_LENGTH:
        value = value[: _DATE_LENGTH[precision]]
    elif isinstance(value, bool):
        value = "true" if value else "false"
    return _escape(value)


def _label(record: dict) -> str:
    """A nested record as its slug, with its own details: "france (role host)"."""
    for key in ("nation", "organization", "partnership"):
        if isinstance(record.get(key), dict):
            head = record[key].get("slug", "")
            details = {name: value for name, value in record.items() if name != key}
            break
    else:
        return _escape(record.get("slug") or record.get("name") or record.get("title") or "")
    shown = [
        f"{name} {_detail(record, name, value)}"
        for name, value in details.items()
        if value not in (None, "") and not name.endswith(("url", "precision"))
    ]
    head = _escape(head)
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


class _NetworkFileRenderer(BaseRenderer):
    """The network's dictionary as a file (`network_files.py`); errors stay JSON (the
    views' `finalize_response`)."""

    charset = "utf-8"
    write = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        from .. import network_files

        if data is None:
            return b""
        # The view adds each partnership's sources (`NetworkView`): rendering reads nothing.
        text = getattr(network_files, self.write)(data, data.get("partnership_sources", {}))
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Disposition"] = f'attachment; filename="network.{self.format}"'
        return text.encode(self.charset)


class NetworkCSVRenderer(_NetworkFileRenderer):
    media_type = "text/csv"
    format = "csv"
    write = "edge_csv"


class GraphMLRenderer(_NetworkFileRenderer):
    media_type = "application/graphml+xml"
    format = "graphml"
    write = "graphml"


class GEXFRenderer(_NetworkFileRenderer):
    media_type = "application/gexf+xml"
    format = "gexf"
    write = "gexf"
