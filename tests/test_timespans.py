"""The one rule for "at the same time" (timespans.py), and the querysets built on it: the
pure function and the SQL agree on every case."""

import datetime
import random

import pytest

from partnerships.models import Membership, Organization, Partnership
from partnerships.timespans import Level, Span, day_window, meet, year_window
from tests import factories

D = datetime.date
Y1960 = year_window(1960)


def span(start, end=None, start_precision="day", end_precision="day"):
    return Span(start, start_precision, end, end_precision)


OLD = D(1950, 1, 1)
JUNE_JOINER = span(D(1960, 6, 1))


@pytest.mark.parametrize(
    ("a", "b", "window", "expected"),
    [
        # A March leaver and a June joiner never met.
        (span(OLD, D(1960, 3, 1)), JUNE_JOINER, Y1960, Level.NO),
        # Left some day of 1960: perhaps after the June joiner came.
        (span(OLD, D(1960, 1, 1), end_precision="year"), JUNE_JOINER, Y1960, Level.UNCERTAIN),
        # Left in June (month known), joined 1 June: certainly both on 1 June.
        (span(OLD, D(1960, 6, 1), end_precision="month"), JUNE_JOINER, Y1960, Level.YES),
        # Joined some day of June, the other left on 10 June: perhaps.
        (span(D(1960, 6, 1), start_precision="month"), span(OLD, D(1960, 6, 10)), Y1960,
         Level.UNCERTAIN),
        # Both open: they meet in any later year, not before either started.
        (span(OLD), span(D(1955, 1, 1)), year_window(2020), Level.YES),
        (span(OLD), span(D(1955, 1, 1)), year_window(1954), Level.NO),
        # A day: a year-precise end covers every day of its year, possibly.
        (span(OLD, D(1995, 1, 1), end_precision="year"), span(OLD), day_window(D(1995, 9, 1)),
         Level.UNCERTAIN),
        # The same day is a common day.
        (span(OLD, D(1960, 3, 1)), span(D(1960, 3, 1)), Y1960, Level.YES),
    ],
)  # fmt: skip
def test_two_spans(a, b, window, expected):
    assert meet(a, b, window=window) == expected
    assert meet(b, a, window=window) == expected  # order does not matter


def test_three_spans_meet_only_on_a_day_common_to_all():
    a = span(D(1960, 1, 1), D(1960, 6, 30))
    b = span(D(1960, 6, 1), D(1960, 12, 31))
    c = span(D(1960, 3, 1), D(1960, 6, 15))
    assert meet(a, b, c, window=Y1960) == Level.YES  # 1-15 June
    assert meet(a, b, span(D(1960, 7, 1)), window=Y1960) == Level.NO  # each pair of b, c meets


# --- the SQL says what the function says --------------------------------------------------


def random_spans(rng, count):
    """Spans around 1995 with every precision, some open."""
    spans = []
    for _ in range(count):
        start = D(1994, 1, 1) + datetime.timedelta(days=rng.randrange(0, 3 * 365))
        start_precision = rng.choice(["day", "month", "year"])
        start = _first_day(start, start_precision)
        end, end_precision = None, "day"
        if rng.random() < 0.8:
            end_precision = rng.choice(["day", "month", "year"])
            end = _first_day(start + datetime.timedelta(days=rng.randrange(0, 500)), end_precision)
            end = max(end, _first_day(start, end_precision))
        spans.append(span(start, end, start_precision, end_precision))
    return spans


def _first_day(day, precision):
    if precision == "year":
        return day.replace(month=1, day=1)
    if precision == "month":
        return day.replace(day=1)
    return day


def _member(partnership, nation, member_span):
    return factories.PartnershipMemberFactory(
        partnership=partnership,
        nation=nation,
        joined=member_span.start,
        joined_precision=member_span.start_precision,
        left=member_span.end,
        left_precision=member_span.end_precision,
    )


@pytest.mark.django_db
def test_involving_a_year_lists_exactly_the_pairs_the_rule_calls_certain(usa, japan):
    rng = random.Random(12)
    cases = {}
    for index, (span_a, span_b) in enumerate(
        zip(random_spans(rng, 40), random_spans(rng, 40), strict=True)
    ):
        partnership = factories.PartnershipFactory(slug=f"case-{index}", start_date=D(1990, 1, 1))
        _member(partnership, usa, span_a)
        _member(partnership, japan, span_b)
        cases[partnership.pk] = (span_a, span_b)
    for year in range(1994, 1999):
        window = year_window(year)
        for level in (Level.YES, Level.UNCERTAIN):
            listed = set(
                Partnership.objects.involving(usa, japan, year=year, level=level).values_list(
                    "pk", flat=True
                )
            )
            expected = {pk for pk, both in cases.items() if meet(*both, window=window) >= level}
            assert listed == expected, (year, level)
    levels = {meet(*both, window=year_window(1995)) for both in cases.values()}
    assert levels == {Level.NO, Level.UNCERTAIN, Level.YES}  # every answer was tried


@pytest.mark.django_db
def test_three_nations_share_a_year_only_with_a_common_day(usa, japan, france):
    nato = factories.OrganizationFactory(slug="nato", name="NATO test")
    spans = {
        usa: (D(1960, 1, 1), D(1960, 6, 30)),
        japan: (D(1960, 6, 1), None),
        france: (D(1960, 3, 1), D(1960, 6, 15)),
    }
    for nation, (joined, left) in spans.items():
        factories.MembershipFactory(organization=nato, nation=nation, joined=joined, left=left)
    assert list(Organization.objects.involving(usa, japan, france, year=1960)) == [nato]
    Membership.objects.filter(nation=france).update(
        joined=D(1960, 7, 1), joined_latest=D(1960, 7, 1), left=None, left_latest=None
    )
    # Japan meets each of the others, but the US left before France came: no common day.
    assert Organization.objects.involving(usa, japan, year=1960).exists()
    assert Organization.objects.involving(japan, france, year=1960).exists()
    assert not Organization.objects.involving(usa, france, year=1960).exists()
    assert not Organization.objects.involving(usa, japan, france, year=1960).exists()
