"""The database guards the data: each constraint refuses a bad row by itself."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partnerships.models import Membership, Nation, Partnership, PartnershipMember
from tests import factories


def refused_by_database(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.django_db
def test_partnership_end_before_start_is_refused():
    refused_by_database(
        lambda: factories.PartnershipFactory(
            start_date=datetime.date(2000, 1, 1), end_date=datetime.date(1999, 1, 1)
        )
    )


@pytest.mark.django_db
def test_membership_left_before_joined_is_refused(usa, nato):
    refused_by_database(
        lambda: Membership.objects.create(
            organization=nato,
            nation=usa,
            joined=datetime.date(2000, 1, 1),
            left=datetime.date(1990, 1, 1),
        )
    )


@pytest.mark.django_db
def test_only_one_current_membership_per_nation(usa, nato):
    refused_by_database(
        lambda: Membership.objects.create(
            organization=nato, nation=usa, joined=datetime.date(1990, 1, 1)
        )
    )


@pytest.mark.django_db
def test_only_one_current_partnership_span_per_nation(us_japan_treaty, japan):
    # Japan's span from the fixture is open; a second open one later is refused.
    refused_by_database(
        lambda: PartnershipMember.objects.create(
            partnership=us_japan_treaty, nation=japan, joined=datetime.date(1990, 1, 1)
        )
    )


@pytest.mark.django_db
def test_a_closed_span_may_precede_the_current_one(us_japan_treaty, japan):
    PartnershipMember.objects.filter(partnership=us_japan_treaty, nation=japan).update(
        left=datetime.date(1970, 1, 1), left_latest=datetime.date(1970, 1, 1)
    )
    PartnershipMember.objects.create(
        partnership=us_japan_treaty, nation=japan, joined=datetime.date(1990, 1, 1)
    )
    assert us_japan_treaty.memberships.filter(nation=japan, left__isnull=True).count() == 1


@pytest.mark.django_db
def test_iso_codes_are_unique_and_well_formed(usa):
    refused_by_database(lambda: factories.NationFactory(iso2="US"))
    refused_by_database(lambda: factories.NationFactory(iso3="us1"))


@pytest.mark.django_db
def test_historical_states_may_have_no_iso_codes():
    factories.NationFactory(name="Soviet Union", slug="soviet-union", iso2="", iso3="")
    factories.NationFactory(name="Yugoslavia", slug="yugoslavia", iso2="", iso3="")
    assert Nation.objects.filter(iso2__isnull=True).count() == 2


@pytest.mark.django_db
def test_deleting_a_nation_with_links_is_protected(us_japan_treaty, japan):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        japan.delete()


@pytest.mark.django_db
def test_form_validation_names_the_field(usa, nato):
    membership = Membership(
        organization=nato,
        nation=usa,
        joined=datetime.date(2000, 1, 1),
        left=datetime.date(1990, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "cannot be before" in str(error.value)


@pytest.mark.django_db
def test_overlapping_spans_for_one_nation_are_refused(us_japan_treaty, usa):
    span = PartnershipMember(
        partnership=us_japan_treaty, nation=usa, joined=datetime.date(1970, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        span.full_clean()
    assert "overlaps" in str(error.value)


@pytest.mark.django_db
def test_bilateral_with_three_members_is_refused(us_japan_treaty, france):
    factories.PartnershipMemberFactory(partnership=us_japan_treaty, nation=france)
    with pytest.raises(ValidationError) as error:
        Partnership.objects.get(pk=us_japan_treaty.pk).full_clean()
    assert "exactly two" in str(error.value)
