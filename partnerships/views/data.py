"""/data/: the releases (dated, checksummed snapshots) to download, and how to cite one;
/data/<version>/<file>: one file of a release, only the files its manifest lists."""

from django.http import FileResponse, Http404
from django.shortcuts import render

from ..releases import get_release, list_releases

EXPORTS = [  # the live research outputs, for the page's second half
    ("/api/v1/dyad-years/?format=csv", "Dyad-years", "Every allied pair, year by year."),
    ("/api/v1/nation-years/?format=csv", "Nation-years", "Alliances, organizations, exercises."),
    (
        "/api/v1/exercise-participations/?format=csv",
        "Exercise-participations",
        "One row per exercise, participant and year.",
    ),
    ("/api/v1/network/?format=graphml", "Network (GraphML)", "For networkx, yEd, igraph."),
    ("/api/v1/network/?format=gexf", "Network (GEXF)", "For Gephi."),
    ("/api/v1/sources/?format=csv", "Sources", "Resolves every source slug in the rows."),
    ("/api/v1/changes/?since=2025-01-01T00:00:00Z", "Changes", "What changed since a time."),
]


def _bibtex(release) -> str:
    return "\n".join(
        [
            f"@misc{{militarydiplo:{release.version},",
            "  title = {{militarydiplo: the reference catalogue of military diplomacy}},",
            "  author = {{militarydiplo}},",
            f"  year = {{{release.date[:4]}}},",
            f"  version = {{{release.version}}},",
            f"  note = {{Release {release.version} of {release.date}}}",
            "}",
        ]
    )


def data_page(request):
    releases = [{"release": release, "bibtex": _bibtex(release)} for release in list_releases()]
    return render(request, "partnerships/data.html", {"releases": releases, "exports": EXPORTS})


def release_file(request, version, name):
    release = get_release(version)
    path = release.file(name) if release is not None else None
    if path is None or not path.is_file():
        raise Http404("No such release file.")
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)
