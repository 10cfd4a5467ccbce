"""The OpenAPI document tells the truth: what may be null, who may call what, what each
status and header means, which values the server takes (and refuses)."""

import re

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from partnerships.api import analysis_views, pointintime_views
from partnerships.api.urls import router
from partnerships.date_precision import MAX_YEAR, MIN_YEAR


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _component_name(serializer) -> str:
    name = type(serializer).__name__
    return name[: -len("Serializer")] if name.endswith("Serializer") else name


def _api_serializers():
    """Every serializer class the API answers with: the resources', their detail and
    write serializers', and the response shapes of the other endpoints."""
    found = []
    for _prefix, viewset, _basename in router.registry:
        for attribute in ("serializer_class", "write_serializer_class", "detail_serializer_class"):
            if getattr(viewset, attribute, None):
                found.append(getattr(viewset, attribute))
    for module in (analysis_views, pointintime_views):
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, serializers.Serializer)
            and value.__module__ == module.__name__
        ]
    return found


def _nested(serializer, path=()):
    """(path, field, parent serializer) for every field, nested ones included."""
    for name, field in serializer.fields.items():
        yield (*path, name), field, serializer
        child = field.child if isinstance(field, serializers.ListSerializer) else field
        if isinstance(child, serializers.Serializer):
            yield from _nested(child, (*path, name))


def _model_field(serializer, field):
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    if model is None or field.source == "*" or "." in field.source:
        return None
    try:
        return model._meta.get_field(field.source)
    except Exception:  # a property or a reverse relation: not a column
        return None


def _resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _property(schema, component, path):
    node = schema["components"]["schemas"][component]
    for name in path[:-1]:
        node = node["properties"][name]
        if node.get("type") == "array":
            node = node["items"]
        node = _resolve(schema, node.get("allOf", [node])[0])
    return node["properties"][path[-1]]


@pytest.mark.django_db
def test_every_field_that_can_be_null_is_declared_nullable_in_serializer_and_schema(schema):
    checked = 0
    for serializer_class in _api_serializers():
        serializer = serializer_class()
        component = _component_name(serializer)
        if component not in schema["components"]["schemas"]:
            continue  # a request-only shape (the write serializers are checked as bodies)
        for path, field, parent in _nested(serializer):
            model_field = _model_field(parent, field)
            if model_field is None or not model_field.concrete or not model_field.null:
                continue  # reverse relations and many-to-many lists are lists, never null
            checked += 1
            where = f"{serializer_class.__name__}.{'.'.join(path)}"
            assert field.allow_null, f"{where} can be null but the serializer says not"
            declared = _property(schema, component, path)
            assert declared.get("nullable"), f"{where} can be null but the schema says not"
    assert checked > 10  # the walk reached the nested summaries


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("component", "field"),
    [
        ("Partnership", "organization"),
        ("Engagement", "organization"),
        ("Organization", "parent"),
        ("Exercise", "host"),
        ("Exercise", "series"),
        ("Organization", "website"),
        ("Source", "web_url"),
    ],
)
def test_the_references_clients_tripped_on_are_nullable(schema, component, field):
    assert schema["components"]["schemas"][component]["properties"][field]["nullable"] is True


def test_component_names_stay_distinct_once_a_client_makes_class_names_of_them(schema):
    names = list(schema["components"]["schemas"])
    assert not [name for name in names if not name[0].isalpha()]
    folded = [re.sub(r"[^a-z0-9]", "", name.lower()) for name in names]
    assert len(set(folded)) == len(folded)


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_reads_are_open_and_writes_need_a_token_or_a_session(schema):
    for path, method, operation in _operations(schema):
        if method == "get":
            assert operation["security"] == [], path
            assert "401" not in operation["responses"], path
        else:
            assert operation["security"] == [{"tokenAuth": []}, {"cookieAuth": []}], path
            assert {"401", "403"} <= set(operation["responses"]), path
    token = schema["components"]["securitySchemes"]["tokenAuth"]
    assert token["name"] == "Authorization"
    assert "Authorization: Token <key>" in token["description"]


def test_csv_answers_are_text_naming_their_columns(schema):
    listed = schema["paths"]["/api/v1/partnerships/"]["get"]["responses"]["200"]["content"]
    csv_schema = listed["text/csv"]["schema"]
    assert csv_schema["type"] == "string"
    for column in ("`slug`", "`members`", "`start_precision`"):
        assert column in csv_schema["description"]
    assert "$ref" in listed["application/json"]["schema"]


def test_errors_validators_and_conditional_headers_are_documented(schema):
    components = schema["components"]["schemas"]
    assert components["Error"]["required"] == ["detail"]
    detail = schema["paths"]["/api/v1/partnerships/{slug}/"]
    read = detail["get"]
    assert {"200", "304", "400", "404", "429"} <= set(read["responses"])
    assert {"ETag", "Last-Modified", "Cache-Control"} <= set(read["responses"]["200"]["headers"])
    assert {"If-None-Match", "If-Modified-Since"} <= {
        p["name"] for p in read["parameters"] if p["in"] == "header"
    }
    write = detail["patch"]
    assert {"400", "401", "403", "404", "412", "429"} <= set(write["responses"])
    assert "ETag" in write["responses"]["412"]["headers"]
    assert {"If-Match", "If-Unmodified-Since"} <= {
        p["name"] for p in write["parameters"] if p["in"] == "header"
    }
    assert write["responses"]["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/FieldErrors"
    }


def _parameter(schema, path, name):
    operation = schema["paths"][path]["get"]
    return next(p for p in operation["parameters"] if p["name"] == name)


def test_the_limits_the_server_enforces_are_in_the_schema(schema):
    year = _parameter(schema, "/api/v1/partnerships/", "year")["schema"]
    assert (year["type"], year["minimum"], year["maximum"]) == ("integer", 1000, 2100)
    assert _parameter(schema, "/api/v1/partnerships/", "in_force")["schema"] == {"type": "boolean"}
    assert _parameter(schema, "/api/v1/partnerships/", "q")["schema"]["maxLength"] == 200
    assert _parameter(schema, "/api/v1/nations/", "page_size")["schema"]["minimum"] == 1
    ordering = _parameter(schema, "/api/v1/partnerships/", "ordering")
    assert ordering["explode"] is True
    items = ordering["schema"]["items"]
    names = dict(zip(items["enum"], items["x-enum-varnames"], strict=True))
    assert names["-start_date"] == "DESC_START_DATE"
    assert names["name"] == "NAME"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("in_force=banana", "in_force"),
        ("in_force=1", "in_force"),
        ("year=0", "year"),
        ("year=1995.5", "year"),
        ("page_size=0", "page_size"),
    ],
)
def test_values_outside_the_schema_are_refused_naming_the_field(api, world, query, field):
    response = api.get(f"/api/v1/partnerships/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.django_db
def test_in_force_true_and_false_split_the_list(api, world):
    def slugs(query):
        return {r["slug"] for r in api.get(f"/api/v1/partnerships/?{query}").json()["results"]}

    in_force, ended, every = slugs("in_force=true"), slugs("in_force=false"), slugs("")
    assert in_force and not in_force & ended
    assert in_force | ended == every


@pytest.mark.django_db
def test_a_repeated_ordering_sorts_by_each_in_turn(api, world):
    def names(query):
        return [r["slug"] for r in api.get(f"/api/v1/nations/?{query}").json()["results"]]

    repeated = names("ordering=region&ordering=name")
    assert repeated == ["united-states", "india", "japan", "south-korea", "france"]
    assert repeated == names("ordering=region,name")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["year=", "in_force=", "started_before=", "kind=", "format=", "nation=japan&nation="]
)
def test_a_parameter_given_without_a_value_is_refused_naming_it(api, world, query):
    response = api.get(f"/api/v1/partnerships/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


@pytest.mark.django_db
def test_an_empty_search_on_a_list_still_lists_everything(api, world):
    assert api.get("/api/v1/partnerships/?q=").json()["count"] == 1


@pytest.mark.django_db
def test_a_method_the_url_lacks_is_405_before_credentials_are_asked(api, world):
    response = api.post("/api/v1/partnerships/us-japan-security-treaty/", {}, format="json")
    assert response.status_code == 405
    assert "POST" not in response["Allow"]


@pytest.mark.django_db
def test_any_unmatched_api_path_is_a_json_404_even_with_a_newline(api):
    response = api.get("/api/v1/relations/f/%0Ax/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_a_search_of_punctuation_alone_finds_nothing_rather_than_failing(api, world):
    response = api.get("/api/v1/search/?q=%C2%BF%21")
    assert response.status_code == 200
    assert response.json()["total"] == 0
    assert api.get("/api/v1/search/?q=%20").status_code == 400


@pytest.mark.django_db
def test_an_organization_without_a_website_answers_null(api, world):
    assert api.get("/api/v1/organizations/nato/").json()["website"] is None


# --- one meaning per name -------------------------------------------------------------------


def _links_everywhere(data, found):
    """Every dict holding a `slug` and a `url`: (url, html_url)."""
    if isinstance(data, dict):
        if "slug" in data and "url" in data:
            found.append((data["url"], data.get("html_url")))
        for value in data.values():
            _links_everywhere(value, found)
    elif isinstance(data, list):
        for value in data:
            _links_everywhere(value, found)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/relations/united-states/japan/",
        "/api/v1/network/",
        "/api/v1/search/?q=japan",
        "/api/v1/partnerships/",
        "/api/v1/organizations/nato/",
    ],
)
def test_url_is_the_api_link_and_html_url_the_page_everywhere(api, world, url):
    links = _links_everywhere(api.get(url).json(), [])
    assert len(links) >= 2
    for link, page in links:
        assert link.startswith("http://testserver/api/v1/"), link
        assert page is None or (page.startswith("http://testserver/") and "/api/" not in page), page
        if page is not None:
            assert api.get(link).status_code == 200, link


def test_descriptions_are_for_api_users_not_the_code(schema):
    internal = (".py", "partnerships.api", "publish_article", "phases_of", "reader", "the view")
    for path, method, operation in _operations(schema):
        description = operation.get("description", "")
        assert description, f"{method} {path} has no description"
        assert not [word for word in internal if word in description], (path, description)
    for name, component in schema["components"]["schemas"].items():
        description = component.get("description", "")
        assert not [word for word in internal if word in description], (name, description)


@pytest.mark.django_db
def test_writes_refuse_what_the_schema_refuses_before_trimming_or_iterating(world):
    from tests.api_support import client_for, user_with

    editor = client_for(user_with("add_source", "add_exercise", username="writer"))
    title = "    " + "x" * 298  # 302 characters as sent, 298 once trimmed: limit 300
    response = editor.post("/api/v1/sources/", {"title": title, "slug": "s"}, format="json")
    assert response.status_code == 400
    assert response.json()["title"] == ["Ensure this field has no more than 300 characters."]
    response = editor.post(
        "/api/v1/exercises/",
        {"name": "Drill", "domain": "land", "start_date": "2001-01-01", "sources": {}},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["sources"]


def test_string_filters_other_than_q_say_they_need_a_value(schema):
    assert _parameter(schema, "/api/v1/nations/", "partnership")["schema"]["minLength"] == 1
    assert "minLength" not in _parameter(schema, "/api/v1/nations/", "q")["schema"]


def test_the_exports_parameters_are_typed_like_the_lists(schema):
    for path in (
        "/api/v1/dyad-years/",
        "/api/v1/nation-years/",
        "/api/v1/exercise-participations/",
    ):
        first = _parameter(schema, path, "from")["schema"]
        assert (first["type"], first["minimum"], first["maximum"]) == (
            "integer",
            MIN_YEAR,
            MAX_YEAR,
        )
    year = _parameter(schema, "/api/v1/nation-years/", "year")["schema"]
    assert year["type"] == "integer"
    assert _parameter(schema, "/api/v1/nation-years/", "historical")["schema"] == {
        "type": "boolean"
    }
    nation = _parameter(schema, "/api/v1/exercise-participations/", "nation")
    assert nation["schema"]["items"]["pattern"] and nation["explode"] is True
    kind = _parameter(schema, "/api/v1/changes/", "kind")["schema"]
    assert "partnership" in kind["enum"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/v1/network/?format=csv", "/api/v1/partnerships/?format=csv", "/api/v1/allied/"]
)
def test_options_is_json_whatever_format_is_asked(api, world, url):
    response = api.options(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.django_db
def test_the_exports_refuse_a_page_size_below_one(api, world):
    response = api.get("/api/v1/nation-years/?page_size=0")
    assert response.status_code == 400
    assert list(response.json()) == ["page_size"]
