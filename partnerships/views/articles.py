"""Articles: the public reads published ones; staff preview drafts and scheduled ones."""

from django.db.models import F, Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.generic import DetailView
from django_filters.views import FilterView

from ..downloads import list_downloads
from ..filters import ArticleFilter
from ..models import (
    Article,
    Engagement,
    Exercise,
    Nation,
    Organization,
    Partnership,
    SlugRedirect,
    Source,
    Topic,
)
from ..rendering import number_citations, render_markdown

ARTICLE_CARD_FIELDS = ("pk", "title", "slug", "summary", "kind", "author", "published_at")


def topics_prefetch():
    return Prefetch("topics", queryset=Topic.objects.only("pk", "name", "slug"))


class ArticleListView(FilterView):
    """Published articles, newest first, filtered by topic and kind."""

    filterset_class = ArticleFilter
    template_name = "partnerships/article_list.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return (
            Article.objects.published()
            .only(*ARTICLE_CARD_FIELDS)
            .prefetch_related(topics_prefetch())
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = context.get("paginator")
        context["result_count"] = (
            paginator.count if paginator is not None else len(context["object_list"])
        )
        context["downloads"] = list_downloads(Article, self.request.GET)
        # Pagination links keep the filters.
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = query.urlencode()
        return context


class ArticleDetailView(DetailView):
    """An article; a draft or scheduled one only for staff, with a banner and no caching."""

    template_name = "partnerships/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        published_cards = Article.objects.published().only(*ARTICLE_CARD_FIELDS)
        return Article.objects.visible_to(self.request.user).prefetch_related(
            topics_prefetch(),
            Prefetch("related_articles", queryset=published_cards.order_by("-published_at")),
            Prefetch("nations", queryset=Nation.objects.only("pk", "name", "slug")),
            Prefetch(
                "organizations",
                queryset=Organization.objects.only("pk", "name", "acronym", "slug"),
            ),
            Prefetch("partnerships", queryset=Partnership.objects.only("pk", "name", "slug")),
            Prefetch(
                "exercises", queryset=Exercise.objects.only("pk", "name", "slug", "start_date")
            ),
            Prefetch(
                "engagements", queryset=Engagement.objects.only("pk", "name", "slug", "start_date")
            ),
            # Numbered the same on every database: dated sources in order, then undated.
            Prefetch(
                "sources",
                queryset=Source.objects.order_by(F("published").asc(nulls_last=True), "title"),
            ),
        )

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            target = self._renamed_target()
            if target is None:
                raise
            return redirect(target, permanent=True)

    def _renamed_target(self):
        """The article an old slug now names, when the reader may see it."""
        visible = Article.objects.visible_to(self.request.user)
        return SlugRedirect.objects.renamed(visible, self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["body"] = render_markdown(article.body)
        context["body_html"] = number_citations(
            context["body"].html, [source.slug for source in article.sources.all()]
        )
        context["discussed"] = [
            (label, records)
            for label, records in (
                ("Nations", list(article.nations.all())),
                ("Organizations", list(article.organizations.all())),
                ("Partnerships", list(article.partnerships.all())),
                ("Exercises", list(article.exercises.all())),
                ("Engagements", list(article.engagements.all())),
            )
            if records
        ]
        context["preview"] = not article.is_public
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["preview"]:
            # Only staff get here: no shared cache may keep it and show it to the public.
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ["Cookie"])
        return response
