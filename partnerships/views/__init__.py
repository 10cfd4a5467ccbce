"""HTML views. Thin: they select through querysets and filters, and render templates.

One module per resource; partnerships/urls.py imports the names re-exported here.
"""

from .articles import ArticleDetailView, ArticleListView
from .engagements import EngagementDetailView, EngagementListView
from .exercises import ExerciseDetailView, ExerciseListView
from .home import home
from .nations import NationDetailView, NationListView
from .organizations import OrganizationDetailView, OrganizationListView
from .partnerships import PartnershipDetailView, PartnershipListView

__all__ = [
    "ArticleDetailView",
    "ArticleListView",
    "EngagementDetailView",
    "EngagementListView",
    "ExerciseDetailView",
    "ExerciseListView",
    "NationDetailView",
    "NationListView",
    "OrganizationDetailView",
    "OrganizationListView",
    "PartnershipDetailView",
    "PartnershipListView",
    "home",
]
