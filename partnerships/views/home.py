"""The home page: what the catalogue holds and where to start."""

from django.shortcuts import render

from ..models import (
    Article,
    Engagement,
    Exercise,
    Membership,
    Nation,
    Organization,
    Partnership,
    Region,
)
from .base import count_of

EXERCISE_FIELDS = (
    "name",
    "slug",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "domain",
    "host__name",
    "host__slug",
)


def home(request):
    exercises = Exercise.objects.select_related("host").only(*EXERCISE_FIELDS)
    return render(
        request,
        "partnerships/home.html",
        {
            "counts": [
                ("Nations", Nation.objects.count(), "partnerships:nation-list"),
                ("Organizations", Organization.objects.count(), "partnerships:organization-list"),
                ("Partnerships", Partnership.objects.count(), "partnerships:partnership-list"),
                ("Exercises", Exercise.objects.count(), "partnerships:exercise-list"),
                ("Engagements", Engagement.objects.count(), "partnerships:engagement-list"),
            ],
            "recent_exercises": list(exercises.recent()[:6]),
            "upcoming_exercises": list(exercises.upcoming()[:6]),
            "articles": list(
                Article.objects.published()
                .only("title", "slug", "summary", "published_at")
                .order_by("-published_at")[:4]
            ),
            "regions": Region.choices,
            "organizations": list(
                Organization.objects.annotate(
                    member_count=count_of(
                        Membership, "organization", status="member", left__isnull=True
                    )
                )
                .filter(member_count__gt=0)
                .order_by("-member_count", "name")[:12]
            ),
        },
    )
