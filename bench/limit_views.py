"""The benchmark's yardstick: API list pages built with hand-written SQL and orjson.

Mounted by the bench's URLconf (bench/urls.py, settings `bench.settings`), never by the
product's. Each view returns the same rows as the matching API list
(`/api/v1/<resource>/`, same ordering, same nested records, same keys) with no ORM, no
serializer and no renderer: one query for the count, one for the page and one per nested
relation. `bench/run.py` serves them from the same gunicorn as the app and reports every
endpoint's throughput as a fraction of this limit.
"""

import orjson
from django.db import connection
from django.http import Http404, HttpResponse

MAX_PAGE_SIZE = 200


def _page_size(request) -> int:
    try:
        size = int(request.GET.get("page_size", 50))
    except ValueError:
        size = 50
    return min(max(size, 1), MAX_PAGE_SIZE)


def _rows(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _in(ids) -> str:
    return ",".join(str(int(pk)) for pk in ids) or "NULL"


class Links:
    """API and HTML URLs by string formatting, as fast as it gets."""

    def __init__(self, request):
        self.root = request.build_absolute_uri("/")[:-1]

    def api(self, resource, slug):
        return f"{self.root}/api/v1/{resource}/{slug}/"

    def html(self, resource, slug):
        return f"{self.root}/{resource}/{slug}/"


def _nation_ref(row, links, prefix="n_"):
    slug = row[f"{prefix}slug"]
    return {
        "name": row[f"{prefix}name"],
        "slug": slug,
        "iso3": row[f"{prefix}iso3"],
        "url": links.api("nations", slug),
        "html_url": links.html("nations", slug),
    }


def _org_ref(row, links, prefix="o_"):
    slug = row[f"{prefix}slug"]
    if slug is None:
        return None
    return {
        "name": row[f"{prefix}name"],
        "acronym": row[f"{prefix}acronym"],
        "slug": slug,
        "url": links.api("organizations", slug),
        "html_url": links.html("organizations", slug),
    }


def _sources(table, column, ids, links):
    by_parent = {}
    for row in _rows(
        f"SELECT t.{column} AS parent, s.title, s.slug, s.publisher, s.published, s.url "
        f"FROM {table} t JOIN partnerships_source s ON s.id = t.source_id "
        f"WHERE t.{column} IN ({_in(ids)})"
    ):
        by_parent.setdefault(row["parent"], []).append(
            {
                "title": row["title"],
                "slug": row["slug"],
                "publisher": row["publisher"],
                "published": row["published"],
                "web_url": row["url"],
                "url": links.api("sources", row["slug"]),
                "html_url": links.html("sources", row["slug"]),
            }
        )
    return by_parent


def _page(request, resource, count_sql, page_sql):
    size = _page_size(request)
    count = _rows(count_sql)[0]["n"]
    rows = _rows(f"{page_sql} LIMIT {size}")
    base = request.build_absolute_uri(request.path)
    return count, rows, (f"{base}?page=2&page_size={size}" if count > size else None)


def _domains(main, others):
    """As Exercise.domains: the main domain first, then the others."""
    others = [domain.strip() for domain in others.split(",") if domain.strip()]
    return [main, *(domain for domain in others if domain != main)]


def exercises(request, links):
    count, rows, next_url = _page(
        request,
        "exercises",
        "SELECT COUNT(*) AS n FROM partnerships_exercise",
        "SELECT e.*, s.name AS s_name, s.slug AS s_slug, "
        "h.name AS n_name, h.slug AS n_slug, h.iso3 AS n_iso3 "
        "FROM partnerships_exercise e "
        "LEFT JOIN partnerships_exerciseseries s ON s.id = e.series_id "
        "LEFT JOIN partnerships_nation h ON h.id = e.host_id "
        "ORDER BY e.start_date DESC, e.name, e.id",
    )
    ids = [row["id"] for row in rows]
    participants = {}
    for row in _rows(
        "SELECT p.exercise_id, p.role, p.contribution, n.name AS n_name, n.slug AS n_slug, "
        "n.iso3 AS n_iso3 FROM partnerships_participation p "
        "JOIN partnerships_nation n ON n.id = p.nation_id "
        f"WHERE p.exercise_id IN ({_in(ids)}) ORDER BY p.role, n.name, p.id"
    ):
        participants.setdefault(row["exercise_id"], []).append(
            {
                "nation": _nation_ref(row, links),
                "role": row["role"],
                "contribution": row["contribution"],
            }
        )
    organizations = {}
    for row in _rows(
        "SELECT t.exercise_id, o.name AS o_name, o.acronym AS o_acronym, o.slug AS o_slug "
        "FROM partnerships_exercise_organizations t "
        "JOIN partnerships_organization o ON o.id = t.organization_id "
        f"WHERE t.exercise_id IN ({_in(ids)})"
    ):
        organizations.setdefault(row["exercise_id"], []).append(_org_ref(row, links))
    sources = _sources("partnerships_exercise_sources", "exercise_id", ids, links)
    results = [
        {
            "name": row["name"],
            "slug": row["slug"],
            "series": {"name": row["s_name"], "slug": row["s_slug"]} if row["s_slug"] else None,
            "start_date": row["start_date"],
            "start_precision": row["start_precision"],
            "end_date": row["end_date"],
            "end_precision": row["end_precision"],
            "host": _nation_ref(row, links) if row["n_slug"] else None,
            "domain": row["domain"],
            "domains": _domains(row["domain"], row["other_domains"]),
            "focus": row["focus"],
            "region": row["region"],
            "location": row["location"],
            "latitude": None if row["latitude"] is None else str(row["latitude"]),
            "longitude": None if row["longitude"] is None else str(row["longitude"]),
            "participants": participants.get(row["id"], []),
            "unknown_participants": row["unknown_participants"],
            "organizations": organizations.get(row["id"], []),
            "description": row["description"],
            "mme_id": row["mme_id"],
            "sources": sources.get(row["id"], []),
            "updated_at": row["updated_at"],
            "url": links.api("exercises", row["slug"]),
            "html_url": links.html("exercises", row["slug"]),
        }
        for row in rows
    ]
    return count, next_url, results


SPAN = ("joined", "joined_precision", "left", "left_precision")
FLAGS = (
    "defense",
    "offense",
    "neutrality",
    "nonaggression",
    "consultation",
    "military_aid",
    "bases",
    "integrated_command",
    "formal_organization",
)


def partnerships(request, links):
    count, rows, next_url = _page(
        request,
        "partnerships",
        "SELECT COUNT(*) AS n FROM partnerships_partnership",
        "SELECT p.*, o.name AS o_name, o.acronym AS o_acronym, o.slug AS o_slug "
        "FROM partnerships_partnership p "
        "LEFT JOIN partnerships_organization o ON o.id = p.organization_id "
        "ORDER BY p.start_date, p.name, p.id",
    )
    ids = [row["id"] for row in rows]
    members = {}
    for row in _rows(
        'SELECT m.partnership_id, m.joined, m.joined_precision, m."left", m.left_precision, '
        "m.role, m.signed, m.signed_precision, m.joined_by, "
        "n.name AS n_name, n.slug AS n_slug, n.iso3 AS n_iso3 "
        "FROM partnerships_partnershipmember m "
        "JOIN partnerships_nation n ON n.id = m.nation_id "
        f"WHERE m.partnership_id IN ({_in(ids)}) ORDER BY m.joined, n.name, m.id"
    ):
        members.setdefault(row["partnership_id"], []).append(
            {
                "nation": _nation_ref(row, links),
                **{k: row[k] for k in ("signed", "signed_precision", "joined_by")},
                **{k: row[k] for k in SPAN},
                "role": row["role"],
            }
        )
    sources = _sources("partnerships_partnership_sources", "partnership_id", ids, links)
    results = [
        {
            "name": row["name"],
            "slug": row["slug"],
            "kind": row["kind"],
            "signed_date": row["signed_date"],
            "signed_precision": row["signed_precision"],
            "start_date": row["start_date"],
            "start_precision": row["start_precision"],
            "end_date": row["end_date"],
            "end_precision": row["end_precision"],
            **{flag: bool(row[flag]) for flag in FLAGS},
            "organization": _org_ref(row, links),
            "description": row["description"],
            "atop_id": row["atop_id"],
            "members": members.get(row["id"], []),
            "sources": sources.get(row["id"], []),
            "updated_at": row["updated_at"],
            "url": links.api("partnerships", row["slug"]),
            "html_url": links.html("partnerships", row["slug"]),
        }
        for row in rows
    ]
    return count, next_url, results


def nations(request, links):
    count, rows, next_url = _page(
        request,
        "nations",
        "SELECT COUNT(*) AS n FROM partnerships_nation",
        "SELECT * FROM partnerships_nation ORDER BY name, id",
    )
    ids = [row["id"] for row in rows]
    memberships = {}
    for row in _rows(
        'SELECT m.nation_id, m.status, m.joined, m.joined_precision, m."left", '
        "m.left_precision, o.name AS o_name, o.acronym AS o_acronym, o.slug AS o_slug "
        "FROM partnerships_membership m "
        "JOIN partnerships_organization o ON o.id = m.organization_id "
        f"WHERE m.nation_id IN ({_in(ids)}) ORDER BY m.joined, o.name, m.id"
    ):
        memberships.setdefault(row["nation_id"], []).append(
            {
                "organization": _org_ref(row, links),
                "status": row["status"],
                **{k: row[k] for k in SPAN},
            }
        )
    spans = {}
    for row in _rows(
        'SELECT m.nation_id, m.joined, m.joined_precision, m."left", m.left_precision, m.role, '
        "p.name AS p_name, p.slug AS p_slug, p.kind AS p_kind "
        "FROM partnerships_partnershipmember m "
        "JOIN partnerships_partnership p ON p.id = m.partnership_id "
        f"WHERE m.nation_id IN ({_in(ids)}) ORDER BY m.joined, p.name, m.id"
    ):
        spans.setdefault(row["nation_id"], []).append(
            {
                "partnership": {
                    "name": row["p_name"],
                    "slug": row["p_slug"],
                    "kind": row["p_kind"],
                    "url": links.api("partnerships", row["p_slug"]),
                    "html_url": links.html("partnerships", row["p_slug"]),
                },
                **{k: row[k] for k in SPAN},
                "role": row["role"],
            }
        )
    fields = (
        "name",
        "slug",
        "official_name",
        "iso2",
        "iso3",
        "iso_numeric",
        "cow_code",
        "cow_abbrev",
        "region",
        "subregion",
    )
    results = [
        {
            **{name: row[name] for name in fields},
            "is_historical": bool(row["is_historical"]),
            "un_member_since": row["un_member_since"],
            "description": row["description"],
            "memberships": memberships.get(row["id"], []),
            "partnerships": spans.get(row["id"], []),
            "updated_at": row["updated_at"],
            "url": links.api("nations", row["slug"]),
            "html_url": links.html("nations", row["slug"]),
        }
        for row in rows
    ]
    return count, next_url, results


RESOURCES = {"exercises": exercises, "partnerships": partnerships, "nations": nations}


def limit_list(request, resource):
    build = RESOURCES.get(resource)
    if build is None:
        raise Http404(resource)
    count, next_url, results = build(request, Links(request))
    body = orjson.dumps({"count": count, "next": next_url, "previous": None, "results": results})
    return HttpResponse(body, content_type="application/json")
