""" "Cite this record": a plain-text citation and a BibTeX entry for any record page, with
the release it can be found in (the latest one) or the day it was accessed."""

from __future__ import annotations

import datetime
import re

SITE = "militarydiplo"
KINDS = {  # model name -> how the citation names the kind of record
    "nation": "Nation profile",
    "organization": "Organization record",
    "partnership": "Partnership record",
    "exercise": "Exercise record",
    "engagement": "Engagement record",
    "article": "Article",
}
_BIBTEX_SPECIAL = re.compile(r"([&%$#_])")


def _title(record) -> str:
    return str(getattr(record, "title", None) or getattr(record, "name", None) or record)


def _bibtex_text(text: str) -> str:
    text = text.replace("\\", "").replace("{", "").replace("}", "")
    return _BIBTEX_SPECIAL.sub(r"\\\1", text)


def record_citation(record, url: str, *, accessed: datetime.date, release=None) -> dict:
    """{"text": plain text, "bibtex": a @misc entry} for a record shown at `url`."""
    kind_name = record._meta.model_name
    kind = KINDS.get(kind_name, record._meta.verbose_name.capitalize())
    title = _title(record)
    edition = f"Release {release.version} ({release.date}). " if release is not None else ""
    text = f"{SITE}. “{title}.” {kind}. {edition}{url} (accessed {accessed.day} {accessed:%B %Y})."
    note = f"Release {release.version} of {release.date}; " if release is not None else ""
    year = release.date[:4] if release is not None else str(accessed.year)
    key = f"{SITE}:{kind_name}:{record.slug}"
    bibtex = "\n".join(
        [
            f"@misc{{{key},",
            f"  title = {{{{{_bibtex_text(title)}}}}},",
            f"  author = {{{{{SITE}}}}},",
            f"  year = {{{year}}},",
            f"  howpublished = {{{kind}}},",
            f"  url = {{{url}}},",
            f"  urldate = {{{accessed.isoformat()}}},",
            f"  note = {{{note}accessed {accessed.isoformat()}}}",
            "}",
        ]
    )
    return {"text": text, "bibtex": bibtex}
