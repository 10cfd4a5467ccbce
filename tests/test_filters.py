"""The shared FilterSets: one definition of each filter for HTML and API alike."""

import datetime

import pytest
from django.http import QueryDict

from partnerships.filters import (
    EngagementFilter,
    ExerciseFilter,
    NationFilter,
    OrganizationFilter,
    PartnershipFilter,
)
from partnerships.models import Engagement, Exercise, Nation, Organization, Partnership
from tests import factories


def run(filterset_class, query, queryset):
    filterset = filterset_class(QueryDict(query), queryset=queryset)
    return filterset, list(filterset.qs)


@pytest.mark.django_db
def test_nation_repeated_or_comma_separated_means_all(us_japan_treaty, usa, japan, france):
    other = factories.PartnershipFactory()
    factories.PartnershipMemberFactory(partnership=other, nation=usa)
    for query in ("nation=united-states&nation=japan", "nation=united-states,japan"):
        _, results = run(PartnershipFilter, query, Partnership.objects.all())
        assert results == [us_japan_treaty]
    _, results = run(PartnershipFilter, "nation=united-states", Partnership.objects.all())
    assert set(results) == {us_japan_treaty, other}


@pytest.mark.django_db
def test_unknown_nation_is_a_clear_error(us_japan_treaty):
    filterset, _ = run(PartnershipFilter, "nation=atlantis", Partnership.objects.all())
    assert filterset.errors["nation"] == ["Unknown nation: atlantis."]


@pytest.mark.django_db
def test_bad_year_is_a_clear_error():
    filterset, _ = run(PartnershipFilter, "year=abc", Partnership.objects.all())
    assert "year" in filterset.errors
    filterset, _ = run(PartnershipFilter, "year=99999", Partnership.objects.all())
    assert "year" in filterset.errors


@pytest.mark.django_db
def test_year_is_per_member(usa, france, japan):
    pact = factories.PartnershipFactory(start_date=datetime.date(1950, 1, 1))
    factories.PartnershipMemberFactory(partnership=pact, nation=usa)
    factories.PartnershipMemberFactory(
        partnership=pact, nation=france, left=datetime.date(1966, 7, 1)
    )
    query = "nation=united-states&nation=france&year="
    assert run(PartnershipFilter, query + "1966", Partnership.objects.all())[1] == [pact]
    assert run(PartnershipFilter, query + "1967", Partnership.objects.all())[1] == []
    assert run(PartnershipFilter, "year=1940", Partnership.objects.all())[1] == []


@pytest.mark.django_db
def test_nations_of_organization_in_year(nato, usa, france):
    sweden = factories.NationFactory(name="Sweden", slug="sweden", region="europe")
    factories.MembershipFactory(organization=nato, nation=sweden, joined=datetime.date(2024, 3, 7))
    _, results = run(NationFilter, "organization=nato&year=1960", Nation.objects.all())
    assert set(results) == {usa, france}
    _, results = run(NationFilter, "organization=nato", Nation.objects.all())
    assert set(results) == {usa, france, sweden}
    filterset, _ = run(NationFilter, "organization=nope", Nation.objects.all())
    assert filterset.errors["organization"] == ["Unknown organization: nope."]


@pytest.mark.django_db
def test_exercise_filters(usa, japan, india):
    rimpac = factories.ExerciseFactory(name="RIMPAC 2024", host=usa, domain="maritime")
    for nation in (usa, japan, india):
        factories.ParticipationFactory(exercise=rimpac, nation=nation)
    cyber = factories.ExerciseFactory(
        name="Locked Shields 2024",
        domain="cyber",
        start_date=datetime.date(2024, 4, 22),
        end_date=datetime.date(2024, 4, 26),
    )
    factories.ParticipationFactory(exercise=cyber, nation=usa)
    queryset = Exercise.objects.all()
    assert run(ExerciseFilter, "nation=japan,india", queryset)[1] == [rimpac]
    assert run(ExerciseFilter, "domain=cyber", queryset)[1] == [cyber]
    assert run(ExerciseFilter, "host=united-states", queryset)[1] == [rimpac]
    assert set(run(ExerciseFilter, "year=2024", queryset)[1]) == {rimpac, cyber}
    assert run(ExerciseFilter, "q=rimpac", queryset)[1] == [rimpac]
    filterset, _ = run(ExerciseFilter, "domain=underwater-basket", queryset)
    assert "domain" in filterset.errors


@pytest.mark.django_db
def test_engagement_roles(usa, japan):
    aid = factories.EngagementFactory(kind="military_aid")
    factories.EngagementPartyFactory(engagement=aid, nation=usa, role="provider")
    factories.EngagementPartyFactory(engagement=aid, nation=japan, role="recipient")
    queryset = Engagement.objects.all()
    assert run(EngagementFilter, "provider=united-states", queryset)[1] == [aid]
    assert run(EngagementFilter, "recipient=united-states", queryset)[1] == []


@pytest.mark.django_db
def test_organizations_shared_by_nations(nato, usa, france, japan):
    assert run(OrganizationFilter, "nation=united-states,france", Organization.objects.all())[
        1
    ] == [nato]
    assert (
        run(OrganizationFilter, "nation=united-states,japan", Organization.objects.all())[1] == []
    )


@pytest.mark.django_db
def test_dataset_filter(us_japan_treaty):
    atop = factories.SourceFactory(dataset="atop", dataset_version="5.1")
    imported = factories.PartnershipFactory(atop_id=1001)
    imported.sources.add(atop)
    assert run(PartnershipFilter, "dataset=atop", Partnership.objects.all())[1] == [imported]
