"""The search page: every kind of public record, grouped by kind."""

from django.shortcuts import render

from ..models import Exercise
from ..picker import two_nations
from ..search import MAX_QUERY_LENGTH, QueryProblem, search_catalogue

RESULTS_PER_KIND = 20


def search_page(request):
    query = request.GET.get("q", "")
    context = {
        "query": query[:MAX_QUERY_LENGTH].replace("\x00", ""),
        "max_length": MAX_QUERY_LENGTH,
    }
    if "q" in request.GET:
        try:
            results = search_catalogue(query, limit_per_kind=RESULTS_PER_KIND)
            context["results"] = results
            context["found"] = [group for group in results["groups"] if group["count"]]
            context["pair"] = _pair(query)
        except QueryProblem as problem:
            context["problem"] = str(problem)
    return render(request, "partnerships/search.html", context)


def _pair(query):
    """Two nations named in the query ("India France"): their comparison and the
    exercises both took part in, offered above the results."""
    pair = two_nations(query[:MAX_QUERY_LENGTH])
    if pair is None:
        return None
    a, b = pair
    return {"a": a, "b": b, "exercises": Exercise.objects.involving(a, b).count()}
