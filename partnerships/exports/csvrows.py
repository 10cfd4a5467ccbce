"""Rows as CSV text, written once for the API's streamed answers and the release files:
lists become `;`-separated cells, None an empty one."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator


def csv_chunks(columns: list[str], rows: Iterable[dict], every: int = 500) -> Iterator[str]:
    """The header, then the rows, as text chunks of `every` rows (constant memory)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for count, row in enumerate(rows, 1):
        # The csv module writes None as an empty cell and numbers as text itself.
        writer.writerow(
            [";".join(map(str, v)) if type(v) is list else v for v in map(row.__getitem__, columns)]
        )
        if count % every == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
