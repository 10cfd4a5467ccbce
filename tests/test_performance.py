"""Behaviour behind the performance work: page sizes, caches, list reads."""

import pytest

from tests import factories


@pytest.fixture
def many_nations(db):
    """More nations than the largest page holds, so every clamp shows in the rows."""
    from partnerships.models import Nation

    nations = [
        factories.NationFactory.build(name=f"Nation {i:03d}", slug=f"n-{i:03d}") for i in range(205)
    ]
    return Nation.objects.bulk_create(nations)


def rows_shown(response):
    return response.context["page_obj"].object_list


@pytest.mark.parametrize(
    ("query", "expected"),
    [("page_size=5", 5), ("page_size=0", 50), ("page_size=x", 50), ("page_size=500", 200)],
)
def test_html_lists_take_a_page_size_clamped_like_the_api(client, many_nations, query, expected):
    response = client.get(f"/nations/?{query}")
    assert response.status_code == 200
    assert len(rows_shown(response)) == expected
    assert response.context["paginator"].per_page == expected


def test_page_size_survives_in_the_page_links(client, many_nations):
    body = client.get("/nations/?page_size=5").content.decode()
    assert "page_size=5&amp;page=2" in body or "page=2&amp;page_size=5" in body


def test_page_size_alone_is_not_a_filter(client, many_nations):
    assert client.get("/nations/?page_size=5").context["filtered"] is False


# --- the API's JSON ---------------------------------------------------------------------------


def test_fast_json_says_what_drfs_json_says():
    import datetime
    import decimal
    import json

    from rest_framework.renderers import JSONRenderer

    from partnerships.api.renderers import FastJSONRenderer

    data = {
        "name": "Côte d’Ivoire",
        "n": 3,
        "flag": True,
        "none": None,
        "when": datetime.date(1960, 8, 7),
        "value": decimal.Decimal("1.50"),
        "errors": {0: ["Unknown nation: atlantis."]},
        "rows": [{"slug": "a"}, {"slug": "b"}],
    }
    fast = FastJSONRenderer().render(data, "application/json", {})
    assert isinstance(fast, bytes)
    assert json.loads(fast) == json.loads(JSONRenderer().render(data, "application/json", {}))
    assert FastJSONRenderer().render(None) == b""


def test_fast_json_leaves_indented_answers_to_drf():
    from partnerships.api.renderers import FastJSONRenderer

    body = FastJSONRenderer().render({"a": 1}, "application/json; indent=4", {})
    assert body == b'{\n    "a": 1\n}'


def test_the_api_answers_in_fast_json(client, us_japan_treaty):
    response = client.get("/api/v1/partnerships/")
    assert response["Content-Type"] == "application/json"
    assert response.json()["results"][0]["slug"] == us_japan_treaty.slug


# --- cached analysis ------------------------------------------------------------------------


def test_cached_results_are_computed_once_per_catalogue_version(db):
    from partnerships.cache import bump_catalogue_version, cached

    calls = []

    def compute():
        calls.append(1)
        return {"n": len(calls)}

    first = cached("probe", compute, x=1)
    assert cached("probe", compute, x=1) is first  # this process's copy, not unpickled again
    assert cached("probe", compute, x=2) == {"n": 2}
    bump_catalogue_version()
    assert cached("probe", compute, x=1) == {"n": 3}


# --- conditional GET on HTML pages ------------------------------------------------------------


def test_an_unchanged_page_answers_304_without_a_query(client, nato, django_assert_num_queries):
    first = client.get("/organizations/nato/")
    etag = first["ETag"]
    with django_assert_num_queries(0):
        again = client.get("/organizations/nato/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert not again.content
    assert client.get("/organizations/nato/", HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    assert client.get("/organizations/nato/", HTTP_IF_NONE_MATCH='"old"').status_code == 200


def test_a_write_changes_every_pages_etag(client, nato, france):
    etags = {url: client.get(url)["ETag"] for url in ("/organizations/nato/", "/nations/")}
    france.name = "République française"
    france.save()
    for url, etag in etags.items():
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200
        assert response["ETag"] != etag


def test_the_etag_depends_on_the_query_string(client, nato):
    assert client.get("/nations/")["ETag"] != client.get("/nations/?page_size=5")["ETag"]


def test_signed_in_editors_always_get_a_fresh_page(admin_client, nato):
    response = admin_client.get("/organizations/nato/")
    assert response.status_code == 200
    assert not response.has_header("ETag")


def test_errors_and_the_api_keep_their_own_validators(client, nato):
    assert not client.get("/nations/atlantis/").has_header("ETag")
    api = client.get("/api/v1/organizations/nato/")
    assert api["ETag"] != client.get("/organizations/nato/")["ETag"]


# --- cached searches and partners ---------------------------------------------------------------


def test_a_search_is_answered_again_from_the_cache_until_a_write(
    client, nato, france, django_assert_num_queries
):
    assert client.get("/search/?q=france").status_code == 200
    with django_assert_num_queries(0):
        again = client.get("/api/v1/search/?q=france")  # same search, other page
    assert again.json()["total"] >= 1
    factories.NationFactory(name="New France", slug="new-france")
    assert client.get("/api/v1/search/?q=france").json()["total"] == again.json()["total"] + 1


# --- list pages: cached counts and filter form ----------------------------------------------


def test_a_list_page_counts_once_per_filters_until_a_write(client, many_nations):
    from partnerships.cache import bump_catalogue_version
    from partnerships.models import Nation

    assert client.get("/nations/?page_size=5").context["result_count"] == 205
    Nation.objects.filter(slug="n-150")._raw_delete("default")  # unseen by the cache
    assert client.get("/nations/?page_size=5&page=2").context["result_count"] == 205
    # Other filters count afresh: the deleted nation is gone from them.
    assert client.get("/nations/?q=Nation 149").context["result_count"] == 1
    assert client.get("/nations/?q=Nation 150").context["result_count"] == 0
    bump_catalogue_version()  # what every write does
    assert client.get("/nations/?page_size=5").context["result_count"] == 204


def test_the_cached_filter_form_keeps_the_chosen_values(client, many_nations):
    client.get("/nations/?ordering=name")
    body = client.get("/nations/?ordering=-name").content.decode()
    assert '<option value="-name" selected>' in body
    body = client.get("/nations/?ordering=name&page=2&page_size=5").content.decode()
    assert '<option value="name" selected>' in body


def test_a_new_nation_appears_in_the_cached_filter_form(client, nato, many_nations):
    client.get("/organizations/")
    factories.NationFactory(name="Freshly Added", slug="freshly-added")
    assert "Freshly Added" in client.get("/organizations/").content.decode()


def test_the_relations_page_lists_new_nations_in_its_cached_form(client, usa, japan):
    client.get("/relations/japan/united-states/")
    factories.NationFactory(name="Freshly Added", slug="freshly-added")
    body = client.get("/relations/japan/united-states/").content.decode()
    assert "Freshly Added" in body


def test_a_nation_page_counts_exercises_joined_and_hosted(client, usa, japan):
    hosted = factories.ExerciseFactory(host=usa, name="Hosted Alone")
    joined = factories.ExerciseFactory(host=japan, name="Joined Abroad")
    factories.ParticipationFactory(exercise=joined, nation=usa)
    factories.ExerciseFactory(host=japan, name="Not Ours")
    response = client.get(f"/nations/{usa.slug}/")
    assert response.context["exercise_total"] == 2
    assert {e.name for e in response.context["exercises"]} == {hosted.name, joined.name}


@pytest.mark.parametrize("url", ["/api/v1/exercises/", "/api/v1/partnerships/"])
def test_a_list_is_as_recent_as_its_newest_nested_record(client, varied_records, japan, url):
    import datetime

    from django.utils import timezone
    from django.utils.http import http_date

    from partnerships.models import Nation

    later = timezone.now() + datetime.timedelta(days=3)
    Nation.objects.filter(pk=japan.pk).update(updated_at=later)  # a participant, a member
    assert client.get(url)["Last-Modified"] == http_date(later.timestamp())


def test_each_page_shows_its_own_nested_rows(client, varied_records):
    """A nested list's query is kept from one page to the next; only its ids change."""
    first = client.get("/api/v1/exercises/?page_size=1").json()["results"][0]
    second = client.get("/api/v1/exercises/?page_size=1&page=2").json()["results"][0]
    slugs = [[p["nation"]["slug"] for p in page["participants"]] for page in (first, second)]
    assert slugs == [["united-states", "france", "japan"], ["france"]]
    assert second["participants"][0]["contribution"] == "2 ships"
    assert len(first["sources"]) == 2 and second["sources"] == []


def test_html_and_api_lists_count_by_one_rule(client, many_nations):
    """One paginator (partnerships/paging.py): counted once per filters until a write, an
    order or a page being no filter, on the pages and in the API alike."""
    from partnerships.cache import bump_catalogue_version
    from partnerships.models import Nation

    def counts(query):
        html = client.get(f"/nations/?{query}").context["result_count"]
        api = client.get(f"/api/v1/nations/?{query}").json()["count"]
        return html, api

    assert counts("page_size=5") == (205, 205)
    Nation.objects.filter(slug="n-150")._raw_delete("default")  # unseen by the cache
    assert counts("page_size=5&page=2&ordering=-name") == (205, 205)
    assert counts("region=europe") == (204, 204)  # other filters count afresh
    bump_catalogue_version()
    assert counts("page_size=5") == (204, 204)
