"""HTML views. Thin: they select through querysets and filters, and render templates."""

from django.shortcuts import render
from django.views.generic import DetailView, ListView

from ..models import Article, Engagement, Exercise, Nation, Organization, Partnership


def home(request):
    return render(
        request,
        "partnerships/home.html",
        {
            "counts": {
                "nations": Nation.objects.count(),
                "organizations": Organization.objects.count(),
                "partnerships": Partnership.objects.count(),
                "exercises": Exercise.objects.count(),
                "engagements": Engagement.objects.count(),
            }
        },
    )


class NationListView(ListView):
    model = Nation
    paginate_by = 50


class NationDetailView(DetailView):
    model = Nation


class OrganizationListView(ListView):
    model = Organization
    paginate_by = 50


class OrganizationDetailView(DetailView):
    model = Organization


class PartnershipListView(ListView):
    model = Partnership
    paginate_by = 50


class PartnershipDetailView(DetailView):
    model = Partnership


class ExerciseListView(ListView):
    model = Exercise
    paginate_by = 50


class ExerciseDetailView(DetailView):
    model = Exercise


class EngagementListView(ListView):
    model = Engagement
    paginate_by = 50


class EngagementDetailView(DetailView):
    model = Engagement


class ArticleListView(ListView):
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published()


class ArticleDetailView(DetailView):
    def get_queryset(self):
        return Article.objects.visible_to(self.request.user)
