"""Dates mean what their precision says: each has an earliest and a latest possible day,
stored beside it by every writer, compared by the database guards, read by "active in"."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partnerships.models import (
    Exercise,
    Membership,
    ObligationPeriod,
    Partnership,
    PartnershipMember,
    format_date,
    latest_day,
)
from tests import factories
from tests.api_support import client_for, user_with

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "precision", "latest"),
    [
        (D(1995, 1, 1), "year", D(1995, 12, 31)),
        (D(1995, 3, 1), "month", D(1995, 3, 31)),
        (D(1996, 2, 1), "month", D(1996, 2, 29)),
        (D(1995, 3, 14), "day", D(1995, 3, 14)),
        (None, "year", None),
    ],
)
def test_latest_possible_day(value, precision, latest):
    assert latest_day(value, precision) == latest


def test_save_stores_both_bounds_and_shows_the_date_at_its_precision():
    exercise = factories.ExerciseFactory(
        start_date=D(1995, 6, 15), end_date=D(1995, 1, 1), end_precision="year"
    )
    exercise.refresh_from_db()
    assert (exercise.start_latest, exercise.end_latest) == (D(1995, 6, 15), D(1995, 12, 31))
    assert exercise.period == "15 June 1995 – 1995"
    assert format_date(exercise.end_date, exercise.end_precision) == "1995"


def test_an_end_known_to_the_year_may_follow_a_start_in_that_year(usa):
    # Valid: the exercise ended some day of 1995 after 15 June.
    factories.ExerciseFactory(
        start_date=D(1995, 6, 15), end_date=D(1995, 1, 1), end_precision="year"
    )
    # Refused by the database: an end "1994" cannot follow a start in 1995.
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ExerciseFactory(
            start_date=D(1995, 6, 15), end_date=D(1994, 1, 1), end_precision="year"
        )
    # And by validation, naming the problem.
    with pytest.raises(ValidationError) as error:
        factories.ExerciseFactory.build(
            slug="too-early",
            start_date=D(1995, 6, 15),
            end_date=D(1994, 1, 1),
            end_precision="year",
        ).full_clean()
    assert "cannot be before" in str(error.value)


def test_a_start_is_no_later_than_its_end():
    partnership = factories.PartnershipFactory(
        start_date=D(1995, 1, 1), start_precision="year", end_date=D(1995, 3, 10)
    )
    assert partnership.start_latest == D(1995, 3, 10)  # it started by the day it ended


def test_bulk_writes_fill_the_bounds_writers_never_name(usa, japan):
    partnership = factories.PartnershipFactory(start_date=D(1990, 1, 1))
    [member] = PartnershipMember.objects.bulk_create(
        [
            PartnershipMember(
                partnership=partnership,
                nation=usa,
                joined=D(1990, 1, 1),
                left=D(1995, 3, 1),
                left_precision="month",
            )
        ]
    )
    assert PartnershipMember.objects.get(pk=member.pk).left_latest == D(1995, 3, 31)
    [period] = ObligationPeriod.objects.bulk_create(
        [ObligationPeriod(member=member, start_date=D(1990, 1, 1), start_precision="year")]
    )
    assert ObligationPeriod.objects.get(pk=period.pk).start_latest == D(1990, 12, 31)

    partnership.end_date, partnership.end_precision = D(2001, 1, 1), "year"
    Partnership.objects.bulk_update([partnership], ["end_date", "end_precision"])
    assert Partnership.objects.get(pk=partnership.pk).end_latest == D(2001, 12, 31)
    member.left_precision = "year"  # the precision alone changed
    PartnershipMember.objects.bulk_update([member], ["left_precision"])
    assert PartnershipMember.objects.get(pk=member.pk).left_latest == D(1995, 12, 31)


def test_save_with_update_fields_keeps_the_bound_in_step(usa, nato):
    membership = Membership.objects.get(nation=usa, organization=nato)
    membership.left, membership.left_precision = D(2020, 5, 1), "month"
    membership.save(update_fields=["left", "left_precision"])
    assert Membership.objects.get(pk=membership.pk).left_latest == D(2020, 5, 31)


def test_a_year_precise_end_counts_in_all_of_its_year():
    ended = factories.PartnershipFactory(
        start_date=D(1990, 1, 1), end_date=D(1995, 1, 1), end_precision="year"
    )
    assert list(Partnership.objects.active_in(1995)) == [ended]
    assert list(Partnership.objects.active_on(D(1995, 9, 1))) == [ended]
    assert not Partnership.objects.active_in(1996).exists()
    assert list(Partnership.objects.ended()) == [ended]


def test_the_api_accepts_an_end_in_the_starts_year(usa, japan):
    editor = client_for(user_with("add_exercise"))
    response = editor.post(
        "/api/v1/exercises/",
        {
            "name": "Summer drill",
            "start_date": "1995-06-15",
            "end_date": "1995-01-01",
            "end_precision": "year",
            "domain": "land",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    refused = editor.post(
        "/api/v1/exercises/",
        {"name": "Late", "start_date": "1995-06-15", "end_date": "1994-01-01",
         "end_precision": "year", "domain": "land"},
        format="json",
    )  # fmt: skip
    assert refused.status_code == 400 and "end_date" in refused.json()
    assert Exercise.objects.filter(name="Summer drill", end_latest=D(1995, 12, 31)).exists()


def test_the_data_migration_fills_rows_written_before_it():
    member = factories.PartnershipMemberFactory(
        joined=D(1990, 1, 1), left=D(1995, 1, 1), left_precision="year"
    )
    PartnershipMember.objects.filter(pk=member.pk).update(left_latest=D(1995, 1, 1))  # stale
    migration = importlib.import_module("partnerships.migrations.0007_date_bounds")
    migration.fill_date_bounds(apps, None)
    assert PartnershipMember.objects.get(pk=member.pk).left_latest == D(1995, 12, 31)
