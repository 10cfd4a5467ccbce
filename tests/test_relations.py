"""relations(a, b) and the relations page: what two nations share, over time."""

import datetime

import pytest
from django.urls import reverse

from partnerships.analysis import AnalysisError, relations
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def us_japan_ties(world, usa, japan, france):
    """Besides the shared world's treaty and RIMPAC 2024 (US-hosted, Japan taking part),
    the US and Japan share a partnership Japan left and rejoined, an organization, a
    Japan-hosted exercise and a dialogue; and are linked to records they do not share."""
    quad = factories.PartnershipFactory(
        name="Quad", slug="quad", kind="informal", start_date=D(2007, 5, 1), defense=False
    )
    factories.PartnershipMemberFactory(partnership=quad, nation=usa, joined=D(2007, 5, 1))
    factories.PartnershipMemberFactory(
        partnership=quad, nation=japan, joined=D(2007, 5, 1), left=D(2008, 1, 1)
    )
    factories.PartnershipMemberFactory(partnership=quad, nation=japan, joined=D(2017, 11, 12))
    unrelated = factories.PartnershipFactory(name="Entente", slug="entente")
    factories.PartnershipMemberFactory(partnership=unrelated, nation=france)
    factories.PartnershipMemberFactory(partnership=unrelated, nation=usa)

    un_like = factories.OrganizationFactory(
        name="Pacific Council", acronym="PC", slug="pc", founded=D(1950, 1, 1)
    )
    factories.MembershipFactory(organization=un_like, nation=usa, joined=D(1950, 1, 1))
    factories.MembershipFactory(organization=un_like, nation=japan, joined=D(1956, 12, 18))
    observer = factories.OrganizationFactory(name="Observed", acronym="OB", slug="ob")
    factories.MembershipFactory(organization=observer, nation=usa)
    factories.MembershipFactory(organization=observer, nation=japan, status="observer")

    hosted = factories.ExerciseFactory(name="Keen Sword", slug="keen-sword", host=japan)
    factories.ParticipationFactory(exercise=hosted, nation=usa, role="participant")
    factories.ParticipationFactory(exercise=hosted, nation=japan, role="host")
    solo = factories.ExerciseFactory(name="Solo", slug="solo", host=usa)
    factories.ParticipationFactory(exercise=solo, nation=france)

    dialogue = factories.EngagementFactory(
        name="2+2 Dialogue", slug="two-plus-two", kind="defence_dialogue", start_date=D(2011, 6, 21)
    )
    factories.EngagementPartyFactory(engagement=dialogue, nation=usa, role="partner")
    factories.EngagementPartyFactory(engagement=dialogue, nation=japan, role="host")
    return {**world, "quad": quad, "pc": un_like, "dialogue": dialogue}


def slugs(records):
    return [record["slug"] for record in records]


def test_relations_lists_every_kind_of_shared_record(usa, japan, us_japan_ties):
    result = relations(usa, japan)

    assert result["a"]["slug"] == "united-states" and result["b"]["slug"] == "japan"
    assert slugs(result["partnerships"]) == ["us-japan-security-treaty", "quad"]
    assert slugs(result["organizations"]) == ["pc"]  # observers are not members
    assert slugs(result["exercises"]) == ["keen-sword", "rimpac-2024"]  # same day: by name
    assert slugs(result["engagements"]) == ["two-plus-two"]
    assert result["counts"] == {
        "partnerships": 2,
        "organizations": 1,
        "exercises": 2,
        "engagements": 1,
    }


def test_spans_and_overlaps_are_per_member(usa, japan, us_japan_ties):
    quad = relations(usa, japan)["partnerships"][1]

    assert [span["start"] for span in quad["b"]] == ["2007-05-01", "2017-11-12"]
    assert quad["b"][0]["end"] == "2008-01-01"
    assert quad["overlap"] == [
        {
            "start": "2007-05-01",
            "end": "2008-01-01",
            "period": "1 May 2007 – 1 January 2008",
            "certain": True,
        },
        {
            "start": "2017-11-12",
            "end": None,
            "period": "12 November 2017 – present",
            "certain": True,
        },
    ]
    organization = relations(usa, japan)["organizations"][0]
    assert organization["overlap"][0]["start"] == "1956-12-18"


def test_roles_in_exercises_and_engagements(usa, japan, us_japan_ties):
    result = relations(usa, japan)
    roles = {exercise["slug"]: exercise["roles"] for exercise in result["exercises"]}

    assert roles["rimpac-2024"] == {"a": "host", "b": "participant"}  # lead host
    assert roles["keen-sword"] == {"a": "participant", "b": "host"}
    assert result["engagements"][0]["roles"] == {"a": "partner", "b": "host"}


def test_timeline_is_merged_and_sorted_by_date(usa, japan, us_japan_ties):
    timeline = relations(usa, japan)["timeline"]

    starts = [event["start"] for event in timeline]
    assert starts == sorted(starts)
    assert {event["kind"] for event in timeline} == {
        "partnership",
        "organization",
        "exercise",
        "engagement",
    }
    assert timeline[0]["slug"] == "pc"  # both members from 1956
    assert all(event["url"].startswith("/") for event in timeline)


def test_relations_order_swaps_roles(usa, japan, us_japan_ties):
    result = relations(japan, usa)

    assert result["a"]["slug"] == "japan"
    rimpac = next(e for e in result["exercises"] if e["slug"] == "rimpac-2024")
    assert rimpac["roles"] == {"a": "participant", "b": "host"}


def test_nations_with_nothing_in_common(usa, india):
    result = relations(usa, india)

    assert result["timeline"] == [] and result["counts"]["partnerships"] == 0


def test_same_nation_is_refused(usa):
    with pytest.raises(AnalysisError) as error:
        relations(usa, usa)
    assert error.value.field == "b"


def test_query_budget_is_independent_of_data_size(
    usa, japan, us_japan_ties, django_assert_max_num_queries
):
    for _ in range(15):
        exercise = factories.ExerciseFactory(host=usa)
        factories.ParticipationFactory(exercise=exercise, nation=japan)
        treaty = factories.PartnershipFactory()
        factories.PartnershipMemberFactory(partnership=treaty, nation=usa)
        factories.PartnershipMemberFactory(partnership=treaty, nation=japan)
        engagement = factories.EngagementFactory()
        factories.EngagementPartyFactory(engagement=engagement, nation=usa)
        factories.EngagementPartyFactory(engagement=engagement, nation=japan)

    with django_assert_max_num_queries(10):
        result = relations(usa, japan)
    assert result["counts"]["exercises"] == 17


def test_result_is_cached_until_a_write(usa, japan, us_japan_ties, django_assert_num_queries):
    relations(usa, japan)
    with django_assert_num_queries(0):
        relations(usa, japan)

    extra = factories.EngagementFactory(name="Aid", slug="aid")
    factories.EngagementPartyFactory(engagement=extra, nation=usa)
    factories.EngagementPartyFactory(engagement=extra, nation=japan)

    assert "aid" in slugs(relations(usa, japan)["engagements"])


def test_cache_is_invalidated_by_a_delete_and_an_m2m_change(usa, japan, us_japan_ties):
    assert relations(usa, japan)["counts"]["engagements"] == 1
    us_japan_ties["dialogue"].delete()
    assert relations(usa, japan)["counts"]["engagements"] == 0

    quad = us_japan_ties["quad"]
    quad.members.remove(japan)
    assert "quad" not in slugs(relations(usa, japan)["partnerships"])


# --- the page --------------------------------------------------------------------------


def relations_url(a, b):
    return reverse("partnerships:relations", kwargs={"a": a, "b": b})


def test_relations_page_shows_timeline_and_sections(client, us_japan_ties):
    response = client.get(relations_url("united-states", "japan"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "Timeline" in html
    for name in ("US-Japan Treaty", "Quad", "Pacific Council", "RIMPAC 2024", "2+2 Dialogue"):
        assert name in html
    assert reverse("partnerships:exercise-detail", args=["rimpac-2024"]) in html
    assert '<label for="id_a">First nation</label>' in html


def test_relations_page_accepts_both_orders_with_one_canonical(client, us_japan_ties):
    forward = client.get(relations_url("united-states", "japan")).content.decode()
    backward = client.get(relations_url("japan", "united-states")).content.decode()

    canonical = (
        f'<link rel="canonical" href="http://testserver{relations_url("japan", "united-states")}">'
    )
    assert canonical in forward and canonical in backward


def test_relations_page_unknown_nation_is_404(client, usa):
    assert client.get(relations_url("united-states", "atlantis")).status_code == 404


def test_relations_page_same_nation_explains(client, usa):
    response = client.get(relations_url("united-states", "united-states"))

    assert response.status_code == 400
    assert "two different nations" in response.content.decode()


def test_relations_form_redirects_to_the_pair(client, usa, japan):
    response = client.get(
        reverse("partnerships:relations-pick"), {"a": "japan", "b": "united-states"}
    )

    assert response.status_code == 302
    assert response["Location"] == relations_url("japan", "united-states")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"a": "japan", "b": "japan"}, "different nation"),
        ({"a": "japan", "b": "atlantis"}, "Unknown nation"),
        ({"a": "japan"}, "required"),
    ],
)
def test_relations_form_errors_name_the_field(client, usa, japan, params, message):
    response = client.get(reverse("partnerships:relations-pick"), params)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_relations_pick_page(client, usa, japan):
    response = client.get(reverse("partnerships:relations-pick"))

    assert response.status_code == 200
    assert "Second nation" in response.content.decode()


def test_relations_page_query_budget(
    client, usa, japan, us_japan_ties, django_assert_max_num_queries
):
    for _ in range(10):
        exercise = factories.ExerciseFactory(host=usa)
        factories.ParticipationFactory(exercise=exercise, nation=japan)

    # One more than before for the shared records' sources, in one query.
    with django_assert_max_num_queries(13):
        response = client.get(relations_url("united-states", "japan"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_relations_page_redirects_a_renamed_nation(client, usa, japan):
    japan.slug = "nippon"
    japan.save()
    response = client.get("/relations/japan/united-states/")
    assert response.status_code == 301
    assert response["Location"] == "/relations/nippon/united-states/"
    assert client.get("/relations/atlantis/united-states/").status_code == 404


def test_an_overlap_only_imprecise_dates_allow_is_marked_uncertain(client, usa, japan):
    handover = factories.PartnershipFactory(slug="handover", start_date=D(1950, 1, 1))
    factories.PartnershipMemberFactory(
        partnership=handover, nation=usa, left=D(1960, 1, 1), left_precision="year"
    )
    factories.PartnershipMemberFactory(partnership=handover, nation=japan, joined=D(1960, 6, 1))
    never = factories.PartnershipFactory(slug="never", start_date=D(1950, 1, 1))
    factories.PartnershipMemberFactory(partnership=never, nation=usa, left=D(1960, 3, 1))
    factories.PartnershipMemberFactory(partnership=never, nation=japan, joined=D(1960, 6, 1))

    result = {p["slug"]: p for p in relations(usa, japan)["partnerships"]}
    assert result["handover"]["overlap"] == [
        {
            "start": "1960-06-01",
            "end": "1960-01-01",
            "period": "1 June 1960 – 1960",
            "certain": False,
        }
    ]
    assert result["never"]["overlap"] == []  # a March leaver and a June joiner
    page = client.get(relations_url("united-states", "japan")).content.decode()
    assert "(perhaps: dates known only to the month or year)" in page
    assert "never at the same time" in page


def test_a_nation_shares_what_the_states_it_continues_shared(client, usa, japan):
    soviet = factories.NationFactory(name="Soviet Union", slug="soviet-union")
    russia = factories.NationFactory(name="Russia", slug="russia")
    factories.SuccessionFactory(predecessor=soviet, successor=russia)
    treaty = factories.PartnershipFactory(
        slug="abm", start_date=D(1972, 5, 26), end_date=D(2002, 6, 13)
    )
    factories.PartnershipMemberFactory(partnership=treaty, nation=usa, joined=D(1972, 5, 26))
    factories.PartnershipMemberFactory(
        partnership=treaty, nation=soviet, joined=D(1972, 5, 26), left=D(1991, 12, 26)
    )
    factories.PartnershipMemberFactory(partnership=treaty, nation=russia, joined=D(1991, 12, 26))
    [shared] = relations(russia, usa)["partnerships"]
    assert [span["through"] for span in shared["a"]] == [
        {"slug": "soviet-union", "name": "Soviet Union"},
        None,
    ]
    assert [span["start"] for span in shared["overlap"]] == ["1972-05-26", "1991-12-26"]
    # Never the reverse: the Soviet Union does not share Russia's years.
    [theirs] = relations(soviet, usa)["partnerships"]
    assert [span["through"] for span in theirs["a"]] == [None]
    page = client.get(relations_url("russia", "united-states")).content.decode()
    assert "as Soviet Union" in page
