"""Rows as CSV text, written once for the API's streamed answers and the release files:
lists become `;`-separated cells, None an empty one."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return str(value)


def csv_chunks(columns: list[str], rows: Iterable[dict], every: int = 500) -> Iterator[str]:
    """The header, then the rows, as text chunks of `every` rows (constant memory)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for count, row in enumerate(rows, 1):
        writer.writerow([csv_cell(row[name]) for name in columns])
        if count % every == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
