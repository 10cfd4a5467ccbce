"""The catalogue's models, one module per aggregate; import them from here."""

from .articles import Article, ArticleKind, ArticleStatus, Topic
from .common import DatePrecision, format_date, format_range, latest_day
from .engagements import Engagement, EngagementKind, EngagementParty, EngagementRole
from .exercises import (
    Domain,
    Exercise,
    ExerciseRegion,
    ExerciseSeries,
    Focus,
    Participation,
    ParticipationRole,
)
from .nations import Nation, NationAlias, Region, Statehood
from .organizations import Membership, MembershipStatus, Organization, OrganizationKind
from .partnerships import (
    OBLIGATION_FIELDS,
    JoinedBy,
    Obligation,
    ObligationPeriod,
    Partnership,
    PartnershipKind,
    PartnershipMember,
    validate_partnership_members,
)
from .redirects import SlugRedirect
from .sources import DATASET_COVERAGE, Dataset, Source, coverage_end
from .successions import Succession, SuccessionKind

__all__ = [
    "DATASET_COVERAGE",
    "OBLIGATION_FIELDS",
    "Article",
    "ArticleKind",
    "ArticleStatus",
    "Dataset",
    "DatePrecision",
    "Domain",
    "Engagement",
    "EngagementKind",
    "EngagementParty",
    "EngagementRole",
    "Exercise",
    "ExerciseRegion",
    "ExerciseSeries",
    "Focus",
    "JoinedBy",
    "Membership",
    "MembershipStatus",
    "Nation",
    "NationAlias",
    "Obligation",
    "ObligationPeriod",
    "Organization",
    "OrganizationKind",
    "Participation",
    "ParticipationRole",
    "Partnership",
    "PartnershipKind",
    "PartnershipMember",
    "Region",
    "SlugRedirect",
    "Source",
    "Statehood",
    "Succession",
    "SuccessionKind",
    "Topic",
    "coverage_end",
    "format_date",
    "format_range",
    "latest_day",
    "validate_partnership_members",
]
