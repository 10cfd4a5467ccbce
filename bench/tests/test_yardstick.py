"""The yardstick (bench/limit_views.py) lists the rows of the API lists it stands for, and
only the bench's URLconf mounts it."""

import pytest
from django.test import override_settings

from bench.synthetic import generate

NESTED = {"exercises": "participants", "partnerships": "members", "nations": "memberships"}


@pytest.fixture
def catalogue(db):
    from django.core.cache import cache

    cache.clear()  # counts are cached per catalogue version
    generate(scale=0.05, seed=3)  # 12 nations, 150 partnerships, 600 exercises


def nested_slugs(rows, name):
    return [
        [(item.get("nation") or item.get("organization"))["slug"] for item in row[name]]
        for row in rows
    ]


@override_settings(ROOT_URLCONF="bench.urls")  # what bench.settings mounts
@pytest.mark.parametrize("resource", NESTED)
def test_the_yardstick_lists_the_api_rows_with_the_same_keys(client, catalogue, resource):
    api = client.get(f"/api/v1/{resource}/?page_size=10").json()
    limit = client.get(f"/api/bench/limit/{resource}/?page_size=10").json()
    assert limit["count"] == api["count"] > 10
    assert [row["slug"] for row in limit["results"]] == [row["slug"] for row in api["results"]]
    assert [list(row) for row in limit["results"]] == [list(row) for row in api["results"]]
    name = NESTED[resource]
    assert nested_slugs(limit["results"], name) == nested_slugs(api["results"], name)
    assert any(row[name] for row in api["results"]), "the page shows nested rows"


@override_settings(ROOT_URLCONF="militarydiplo.urls")
def test_the_product_does_not_mount_the_yardstick(client, db):
    assert client.get("/api/bench/limit/nations/").status_code == 404
