"""Releases: dated, checksummed snapshots of the catalogue that mirrors and papers cite.

A release is a directory `RELEASES_DIR/<version>/` written by `make_release` with a
`manifest.json` (version, date, each file's name, size and SHA-256, the record counts).
This module reads them for `/data/` and "Cite this record"; `release_writer.py` writes
them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

MANIFEST = "manifest.json"
VERSION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,39}$")  # 1.0, 2026.11, 1.0-rc1


@dataclass(frozen=True)
class Release:
    version: str
    date: str  # ISO date the snapshot was taken
    created: str  # ISO time
    files: list[dict]  # {"name", "bytes", "sha256"}
    counts: dict[str, int]
    path: Path

    def file(self, name: str) -> Path | None:
        """The path of one of this release's files, or None when it lists no such file."""
        if any(entry["name"] == name for entry in self.files):
            return self.path / name
        return None


def releases_dir() -> Path:
    return Path(settings.RELEASES_DIR)


def read_release(path: Path) -> Release | None:
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return Release(
        version=manifest["version"],
        date=manifest["date"],
        created=manifest["created"],
        files=manifest["files"],
        counts=manifest.get("counts", {}),
        path=path,
    )


def list_releases() -> list[Release]:
    """Every release, newest first."""
    root = releases_dir()
    if not root.is_dir():
        return []
    found = [read_release(path) for path in root.iterdir() if path.is_dir()]
    return sorted(
        (release for release in found if release is not None),
        key=lambda release: release.created,
        reverse=True,
    )


def get_release(version: str) -> Release | None:
    if not VERSION_RE.fullmatch(version):
        return None
    return read_release(releases_dir() / version)


def latest_release() -> Release | None:
    releases = list_releases()
    return releases[0] if releases else None
