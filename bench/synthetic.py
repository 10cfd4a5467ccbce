"""Deterministic fake catalogue data for benchmarks, linear in the scale.

Scale 1 is about 250 nations, 60 organizations, 3,000 partnerships, 12,000 exercises
and 150,000 participations. Everything is written with bulk inserts (no history rows,
no signals), so scale 1 takes seconds, not minutes. Slugs start with `syn-` so the data
never collides with the reference records.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from partnerships.cache import bump_catalogue_version
from partnerships.models import (
    Domain,
    Engagement,
    EngagementKind,
    EngagementParty,
    EngagementRole,
    Exercise,
    ExerciseSeries,
    Membership,
    MembershipStatus,
    Nation,
    Organization,
    OrganizationKind,
    Participation,
    ParticipationRole,
    Partnership,
    PartnershipKind,
    PartnershipMember,
    Region,
    Source,
)
from partnerships.planner import refresh_statistics

BASE_COUNTS = {
    "nations": 250,
    "organizations": 60,
    "partnerships": 3_000,
    "series": 400,
    "exercises": 12_000,
    "engagements": 2_000,
    "sources": 200,
}
PARTICIPANTS_PER_EXERCISE = 12.5  # 150,000 participations at scale 1
BATCH = 2_000
SEED = 20261124

SYLLABLES = [
    "ar",
    "bel",
    "cor",
    "dan",
    "el",
    "fon",
    "gar",
    "hal",
    "is",
    "jor",
    "kal",
    "lin",
    "mor",
    "nor",
    "os",
    "pel",
    "qua",
    "ros",
    "sil",
    "tur",
    "ul",
    "var",
    "wen",
    "zan",
]


@dataclass
class SyntheticSummary:
    nations: int = 0
    organizations: int = 0
    memberships: int = 0
    partnerships: int = 0
    partnership_members: int = 0
    series: int = 0
    exercises: int = 0
    participations: int = 0
    engagements: int = 0
    engagement_parties: int = 0
    sources: int = 0


def _count(name, scale):
    return max(2, round(BASE_COUNTS[name] * scale))


def _day(rng, first_year, last_year):
    start = datetime.date(first_year, 1, 1).toordinal()
    end = datetime.date(last_year, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))


def _name(rng, index):
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{word} {index:05d}"


def _bulk(model, rows):
    return model.objects.bulk_create(rows, batch_size=BATCH)


@transaction.atomic
def generate(scale: float = 1.0, seed: int = SEED) -> SyntheticSummary:
    rng = random.Random(seed)
    summary = SyntheticSummary()
    regions = [choice.value for choice in Region]

    sources = _bulk(
        Source,
        [
            Source(
                title=f"Synthetic source {i}",
                slug=f"syn-source-{i:05d}",
                publisher="Synthetic Press",
                url=f"https://example.org/synthetic/{i}",
            )
            for i in range(_count("sources", scale))
        ],
    )
    summary.sources = len(sources)

    nations = _bulk(
        Nation,
        [
            Nation(
                name=f"Synthland {_name(rng, i)}",
                slug=f"syn-nation-{i:05d}",
                region=regions[i % len(regions)],
                cow_code=1000 + i if i < 60000 else None,
            )
            for i in range(_count("nations", scale))
        ],
    )
    summary.nations = len(nations)

    organizations = _bulk(
        Organization,
        [
            Organization(
                name=f"Synthetic Organization {_name(rng, i)}",
                acronym=f"SO{i}",
                slug=f"syn-org-{i:05d}",
                kind=rng.choice(list(OrganizationKind.values)),
                founded=_day(rng, 1945, 2010),
            )
            for i in range(_count("organizations", scale))
        ],
    )
    summary.organizations = len(organizations)

    memberships = []
    for organization in organizations:
        for nation in rng.sample(nations, min(len(nations), rng.randint(3, 30))):
            joined = _day(rng, organization.founded.year, 2020)
            left = _day(rng, joined.year, 2025) if rng.random() < 0.1 else None
            if left and left < joined:
                left = joined
            memberships.append(
                Membership(
                    organization=organization,
                    nation=nation,
                    joined=joined,
                    left=left,
                    status=MembershipStatus.MEMBER if rng.random() < 0.9 else "observer",
                )
            )
    summary.memberships = len(_bulk(Membership, memberships))

    partnerships = []
    for i in range(_count("partnerships", scale)):
        roll = rng.random()
        kind = (
            PartnershipKind.BILATERAL
            if roll < 0.6
            else PartnershipKind.MULTILATERAL
            if roll < 0.9
            else PartnershipKind.INFORMAL
        )
        start = _day(rng, 1946, 2024)
        end = _day(rng, start.year, 2025) if rng.random() < 0.3 else None
        partnerships.append(
            Partnership(
                name=f"Synthetic {kind} pact {_name(rng, i)}",
                slug=f"syn-pact-{i:05d}",
                kind=kind,
                start_date=start,
                end_date=end if end is None or end >= start else start,
                defense=rng.random() < 0.5,
                consultation=rng.random() < 0.6,
                nonaggression=rng.random() < 0.2,
                neutrality=rng.random() < 0.1,
                offense=rng.random() < 0.05,
                organization=rng.choice(organizations) if rng.random() < 0.05 else None,
            )
        )
    partnerships = _bulk(Partnership, partnerships)
    summary.partnerships = len(partnerships)

    members = []
    through_sources = []
    for partnership in partnerships:
        if partnership.kind == PartnershipKind.BILATERAL:
            size = 2
        else:
            size = 59 if rng.random() < 0.01 else rng.randint(3, 12)
        for nation in rng.sample(nations, min(size, len(nations))):
            members.append(
                PartnershipMember(
                    partnership=partnership,
                    nation=nation,
                    joined=partnership.start_date,
                    left=partnership.end_date,
                )
            )
        through_sources.append(
            Partnership.sources.through(partnership=partnership, source=rng.choice(sources))
        )
    summary.partnership_members = len(_bulk(PartnershipMember, members))
    _bulk(Partnership.sources.through, through_sources)

    domains = [choice.value for choice in Domain]
    series = _bulk(
        ExerciseSeries,
        [
            ExerciseSeries(
                name=f"Exercise Series {_name(rng, i)}",
                slug=f"syn-series-{i:05d}",
                domain=rng.choice(domains),
                lead_nation=rng.choice(nations),
            )
            for i in range(_count("series", scale))
        ],
    )
    summary.series = len(series)

    exercises = []
    for i in range(_count("exercises", scale)):
        chosen = rng.choice(series)
        start = _day(rng, 1980, 2026)
        exercises.append(
            Exercise(
                name=f"{chosen.name.split(' ', 2)[-1]} {start.year} #{i}",
                slug=f"syn-exercise-{i:06d}",
                series=chosen,
                start_date=start,
                end_date=start + datetime.timedelta(days=rng.randint(0, 30)),
                host=chosen.lead_nation,
                domain=chosen.domain,
                location="Synthetic range",
                # Spread over the map without drawing from rng (the rest stays as it was).
                latitude=Decimal(i * 7919 % 12_000) / 100 - 60,
                longitude=Decimal(i * 104_729 % 34_000) / 100 - 170,
            )
        )
    exercises = _bulk(Exercise, exercises)
    summary.exercises = len(exercises)

    participations = []
    through_sources = []
    mean = PARTICIPANTS_PER_EXERCISE
    for exercise in exercises:
        size = max(2, min(len(nations), int(rng.triangular(2, 2 * mean - 2, mean))))
        chosen_nations = rng.sample(nations, size)
        if exercise.host not in chosen_nations:
            chosen_nations[0] = exercise.host
        for nation in chosen_nations:
            participations.append(
                Participation(
                    exercise=exercise,
                    nation=nation,
                    role=ParticipationRole.HOST
                    if nation == exercise.host
                    else ParticipationRole.PARTICIPANT,
                )
            )
        through_sources.append(
            Exercise.sources.through(exercise=exercise, source=rng.choice(sources))
        )
        if len(participations) >= 20 * BATCH:
            summary.participations += len(_bulk(Participation, participations))
            participations = []
    summary.participations += len(_bulk(Participation, participations))
    _bulk(Exercise.sources.through, through_sources)

    kinds = [choice.value for choice in EngagementKind]
    engagements = _bulk(
        Engagement,
        [
            Engagement(
                name=f"Synthetic engagement {_name(rng, i)}",
                slug=f"syn-engagement-{i:05d}",
                kind=rng.choice(kinds),
                start_date=_day(rng, 1950, 2025),
            )
            for i in range(_count("engagements", scale))
        ],
    )
    summary.engagements = len(engagements)
    parties = []
    for engagement in engagements:
        provider, recipient = rng.sample(nations, 2)
        parties.append(
            EngagementParty(engagement=engagement, nation=provider, role=EngagementRole.PROVIDER)
        )
        parties.append(
            EngagementParty(engagement=engagement, nation=recipient, role=EngagementRole.RECIPIENT)
        )
    summary.engagement_parties = len(_bulk(EngagementParty, parties))
    # Bulk inserts send no signals: make cached analysis and counts see the new rows.
    transaction.on_commit(bump_catalogue_version)
    transaction.on_commit(refresh_statistics)
    return summary
