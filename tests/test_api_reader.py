"""The API's one read path (partnerships/api/reader.py) says what DRF says.

Every resource's list, detail and CSV are compared with plain DRF
`Serializer(instance).data` on the same records, in a world with empty foreign keys,
empty lists, imprecise dates, decimals, drafts and scheduled articles; a field added to a
nested summary shows up everywhere with no other edit; and a field the reader cannot read
is refused at start-up by the system check, by name.
"""

import csv
import datetime
import io
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db.models import Prefetch
from django.test import RequestFactory
from django.utils import timezone
from rest_framework import serializers as drf
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIClient

from partnerships.api import serializers, views
from partnerships.api.reader_checks import read_serializer_problems
from partnerships.api.renderers import flatten
from partnerships.models import DatePrecision, Nation, Organization
from tests import factories
from tests.api_support import body, client_for, user_with

VIEWSETS = {
    "nations": views.NationViewSet,
    "organizations": views.OrganizationViewSet,
    "partnerships": views.PartnershipViewSet,
    "exercises": views.ExerciseViewSet,
    "engagements": views.EngagementViewSet,
    "articles": views.ArticleViewSet,
    "sources": views.SourceViewSet,
}


@pytest.fixture
def rich_world(varied_records, india):
    """Every kind of record with what its JSON has to get right: besides the varied
    records, an organization under another, a pact, an exercise and an engagement with
    nothing linked, a dataset source, drafts and a scheduled article among the related."""
    day = datetime.date
    nato = Organization.objects.get(slug="nato")
    nato.sources.set(varied_records["sources"][:2])
    factories.SourceFactory(title="ATOP 5.1", publisher="", url="", dataset="atop")
    child = factories.OrganizationFactory(
        name="NATO Defence College",
        acronym="",
        slug="ndc",
        parent=nato,
        founded=day(1951, 11, 1),
        founded_precision=DatePrecision.MONTH,
        dissolved=day(2000, 1, 1),
        dissolved_precision=DatePrecision.YEAR,
        website="https://www.ndc.nato.int/",
    )
    factories.MembershipFactory(
        organization=child, nation=india, status="observer", left=day(1999, 1, 1), notes="Once."
    )
    factories.PartnershipFactory(name="Paper pact", slug="paper-pact", kind="informal")
    factories.ExerciseFactory(name="Empty", slug="empty", start_date=day(1999, 1, 1))
    varied_records["exercise"].organizations.add(child)
    factories.EngagementFactory(name="Talks", slug="talks", organization=None, end_date=None)
    topic = factories.TopicFactory(name="Alliances", slug="alliances")
    article = factories.ArticleFactory(title="Why alliances last", slug="why-alliances-last")
    draft = factories.ArticleFactory(title="Unfinished", slug="unfinished", status="draft")
    draft.published_at = None
    draft.save()
    later = factories.ArticleFactory(
        title="Coming soon",
        slug="coming-soon",
        published_at=timezone.now() + datetime.timedelta(days=3),
    )
    older = factories.ArticleFactory(
        title="Older", slug="older", published_at=timezone.now() - datetime.timedelta(days=30)
    )
    article.topics.add(topic)
    article.nations.add(*Nation.objects.filter(slug__in=["japan", "united-states"]))
    article.organizations.add(child)
    article.partnerships.add(varied_records["pact"])
    article.exercises.add(varied_records["exercise"])
    article.engagements.add(varied_records["engagement"])
    article.related_articles.add(draft, later, older)
    article.sources.add(varied_records["sources"][0])
    return varied_records


def drf_data(resource, request, **lookup):
    """Plain DRF: the read serializer on model instances with the same nested lists."""
    view = VIEWSETS[resource]()
    view.request = request
    selection = view.selection()
    prefetches = []
    for key in {*selection.order, *selection.visible}:
        related = selection.records.model._meta.get_field(key).related_model
        rows = selection.visible.get(key, related._default_manager.all())
        if key in selection.order:
            rows = rows.order_by(*selection.order[key])
        prefetches.append(Prefetch(key, queryset=rows))
    records = selection.records.filter(**lookup).prefetch_related(*prefetches)
    serializer = view.serializer_class(records, many=True, context={"request": request})
    return json.loads(JSONRenderer().render(serializer.data))


def as_drf_request(path, user=None):
    """The request DRF sees for `path` (who asks decides whether drafts show)."""
    request = Request(RequestFactory().get(path))
    request.user = user or AnonymousUser()
    return request


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode())))


def expected_csv(resource, records) -> list[list[str]]:
    header = list(VIEWSETS[resource].serializer_class().fields)
    return [header, *([flatten(record.get(name)) for name in header] for record in records)]


@pytest.fixture(params=["anonymous", "editor"])
def reader(request, db):
    """(client, user): the public, or an editor who may read drafts."""
    if request.param == "anonymous":
        return APIClient(), None
    user = user_with("view_article", username="reader-editor")
    return client_for(user), user


@pytest.mark.django_db
@pytest.mark.parametrize("resource", VIEWSETS)
def test_lists_details_and_csv_say_what_drf_says(reader, rich_world, resource):
    reader_client, user = reader
    path = f"/api/v1/{resource}/"
    expected = drf_data(resource, as_drf_request(path, user))
    assert expected, "the world has records of every kind"

    listed = reader_client.get(f"{path}?page_size=200")
    assert listed.status_code == 200
    assert listed.json()["results"] == expected

    for record in expected:
        detail = reader_client.get(record["url"])
        assert detail.status_code == 200, record["url"]
        shown = detail.json()
        if resource == "partnerships":  # one record also shows its phases (phases.py)
            assert shown.pop("phases") == serializers.phases_of(record["slug"])
        assert shown == record

    exported = reader_client.get(f"{path}?format=csv")
    assert exported.status_code == 200
    assert csv_rows(body(exported)) == expected_csv(resource, expected)


@pytest.mark.django_db
def test_editors_see_drafts_in_lists_and_among_related_articles(rich_world):
    editor = client_for(user_with("view_article", username="drafts-editor"))
    slugs = [row["slug"] for row in editor.get("/api/v1/articles/").json()["results"]]
    assert {"unfinished", "coming-soon"} <= set(slugs)
    related = editor.get("/api/v1/articles/why-alliances-last/").json()["related_articles"]
    assert {row["slug"] for row in related} == {"unfinished", "coming-soon", "older"}


@pytest.mark.django_db
def test_the_public_sees_only_published_related_articles(api, rich_world):
    related = api.get("/api/v1/articles/why-alliances-last/").json()["related_articles"]
    assert [row["slug"] for row in related] == ["older"]
    assert api.get("/api/v1/articles/unfinished/").status_code == 404


# --- one field, one edit ------------------------------------------------------------------


class MemberWithRegion(serializers.PartnershipMemberSerializer):
    nation_region = drf.CharField(source="nation.region", read_only=True)

    class Meta(serializers.PartnershipMemberSerializer.Meta):
        fields = [*serializers.PartnershipMemberSerializer.Meta.fields, "nation_region"]
        read_only_fields = fields


class PartnershipWithRegions(serializers.PartnershipSerializer):
    members = MemberWithRegion(source="memberships", many=True, read_only=True)


@pytest.mark.django_db
def test_a_field_added_to_a_nested_summary_shows_in_list_detail_and_csv(
    api, rich_world, monkeypatch
):
    monkeypatch.setattr(views.PartnershipViewSet, "serializer_class", PartnershipWithRegions)
    slug = rich_world["pact"].slug
    listed = api.get("/api/v1/partnerships/?page_size=200").json()["results"]
    pact = next(row for row in listed if row["slug"] == slug)
    assert [member["nation_region"] for member in pact["members"]] == ["europe", "americas"]
    detail = api.get(f"/api/v1/partnerships/{slug}/").json()
    assert detail["members"] == pact["members"]
    exported = csv_rows(body(api.get("/api/v1/partnerships/?format=csv")))
    members = exported[0].index("members")
    row = next(line for line in exported if slug in line)
    assert "nation_region europe" in row[members]
    assert "nation_region americas" in row[members]
    assert listed == drf_data_with(PartnershipWithRegions, "partnerships")


def drf_data_with(serializer_class, resource):
    request = as_drf_request(f"/api/v1/{resource}/")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(VIEWSETS[resource], "serializer_class", serializer_class)
        return drf_data(resource, request)


# --- what DRF does that the reader must do too ----------------------------------------------


class ExerciseWithHostRegion(serializers.ExerciseSerializer):
    host_region = drf.CharField(source="host.region", read_only=True)  # left out without a host
    host_iso3 = drf.CharField(source="host.iso3", read_only=True, allow_null=True)
    series_name = drf.CharField(source="series.name", read_only=True, default="(none)")

    class Meta(serializers.ExerciseSerializer.Meta):
        fields = [*serializers.ExerciseSerializer.Meta.fields, "host_region", "host_iso3"]
        fields.append("series_name")


@pytest.mark.django_db
def test_a_dotted_source_across_an_empty_foreign_key_reads_as_drf_reads_it(
    api, rich_world, monkeypatch
):
    monkeypatch.setattr(views.ExerciseViewSet, "serializer_class", ExerciseWithHostRegion)
    listed = api.get("/api/v1/exercises/?page_size=200").json()["results"]
    assert listed == drf_data_with(ExerciseWithHostRegion, "exercises")
    lonely = next(row for row in listed if row["host"] is None and row["participants"])
    assert "host_region" not in lonely
    assert lonely["host_iso3"] is None
    assert lonely["series_name"] == "(none)"


# --- refused at start-up ---------------------------------------------------------------------


class PartnershipInForce(serializers.PartnershipSerializer):
    in_force = drf.BooleanField(read_only=True)  # a model property

    class Meta(serializers.PartnershipSerializer.Meta):
        fields = [*serializers.PartnershipSerializer.Meta.fields, "in_force"]


class MemberWithMethod(serializers.PartnershipMemberSerializer):
    shout = drf.SerializerMethodField()

    class Meta(serializers.PartnershipMemberSerializer.Meta):
        fields = [*serializers.PartnershipMemberSerializer.Meta.fields, "shout"]

    def get_shout(self, member):
        return member.nation.name.upper()


class PartnershipWithShouts(serializers.PartnershipSerializer):
    members = MemberWithMethod(source="memberships", many=True, read_only=True)


class PartnershipWithUnknownList(serializers.PartnershipSerializer):
    signatories = serializers.NationRefSerializer(many=True, read_only=True)

    class Meta(serializers.PartnershipSerializer.Meta):
        fields = [*serializers.PartnershipSerializer.Meta.fields, "signatories"]


@pytest.mark.parametrize(
    ("serializer_class", "field", "declared_on"),
    [
        (PartnershipInForce, "in_force", "PartnershipInForce"),
        (PartnershipWithShouts, "members.shout", "MemberWithMethod"),
        (PartnershipWithUnknownList, "signatories", "PartnershipWithUnknownList"),
    ],
)
def test_a_field_the_reader_cannot_read_is_refused_by_name(
    monkeypatch, serializer_class, field, declared_on
):
    monkeypatch.setattr(views.PartnershipViewSet, "serializer_class", serializer_class)
    (problem,) = read_serializer_problems(views.PartnershipViewSet)
    assert problem.id == "partnerships.E101"
    assert serializer_class.__name__ in problem.msg
    assert f"`{field}`" in problem.msg
    assert declared_on in problem.msg


def test_a_selection_naming_a_list_the_serializer_does_not_show_is_refused(monkeypatch):
    from partnerships.api import prefetch

    selection = prefetch.exercises()
    typo = prefetch.Selection(selection.records, order={"participants": ("role",)})
    monkeypatch.setattr(views.ExerciseViewSet, "selection", lambda view: typo)
    (problem,) = read_serializer_problems(views.ExerciseViewSet)
    assert problem.id == "partnerships.E102"
    assert "`participants`" in problem.msg


def test_every_api_resource_passes_the_start_up_check():
    call_command("check", "--tag", "api")  # raises SystemCheckError on any error
