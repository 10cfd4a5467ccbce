"""The bench's synthetic catalogue: linear in the scale, deterministic, seen by caches."""

import pytest
from django.core.management import CommandError, call_command

from bench.synthetic import generate
from partnerships.models import Exercise, Partnership, PartnershipMember


@pytest.mark.django_db
def test_synthetic_data_is_linear_and_deterministic():
    first = generate(scale=0.02, seed=7)
    assert first.partnerships == 60
    assert first.exercises == 240
    names = list(Exercise.objects.order_by("slug").values_list("name", flat=True)[:20])
    assert Partnership.objects.count() == 60
    bilateral_sizes = {
        PartnershipMember.objects.filter(partnership=p).count()
        for p in Partnership.objects.filter(kind="bilateral")
    }
    assert bilateral_sizes == {2}
    Exercise.objects.all().delete()
    PartnershipMember.objects.all().delete()
    Partnership.objects.all().delete()
    from partnerships.models import (
        Engagement,
        ExerciseSeries,
        Membership,
        Nation,
        Organization,
        Source,
    )

    for model in (Engagement, ExerciseSeries, Membership, Organization, Nation, Source):
        model.objects.all().delete()
    generate(scale=0.02, seed=7)
    assert list(Exercise.objects.order_by("slug").values_list("name", flat=True)[:20]) == names


@pytest.mark.django_db
def test_command_refuses_a_bad_scale():
    with pytest.raises(CommandError):
        call_command("generate_synthetic", "--scale", "0")


@pytest.mark.django_db(transaction=True)
def test_bulk_generation_makes_cached_results_stale():
    from partnerships.cache import catalogue_version

    before = catalogue_version()
    generate(scale=0.01, seed=3)
    assert catalogue_version() != before


@pytest.mark.django_db
def test_a_bulk_load_leaves_the_planner_knowing_the_new_rows(django_capture_on_commit_callbacks):
    from django.db import connection

    from partnerships.models import Participation

    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL plans from statistics that a bulk load leaves stale")
    with django_capture_on_commit_callbacks(execute=True):
        generate(scale=0.02, seed=7)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = %s",
            [Participation._meta.db_table],
        )
        (estimate,) = cursor.fetchone()
    assert estimate == Participation.objects.count()
