"""The relations page: everything two nations share, over time."""

import datetime

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from ..analysis import relations
from ..cache import key as cache_key
from ..charts import timeline_svg
from ..downloads import pair_downloads
from ..forms import NationField
from ..models import Nation, SlugRedirect, Source

TIMELINE_KINDS = {
    "partnership": "Partnership",
    "organization": "Organization",
    "exercise": "Exercise",
    "engagement": "Engagement",
}


class RelationsForm(forms.Form):
    a = NationField(label="First nation")
    b = NationField(label="Second nation")

    def clean(self):
        data = super().clean()
        if data.get("a") and data.get("b") and data["a"].pk == data["b"].pk:
            self.add_error("b", "Choose a different nation from the first one.")
        return data


def relations_url(a_slug, b_slug):
    return reverse("partnerships:relations", kwargs={"a": a_slug, "b": b_slug})


def _current_slugs(old_slugs):
    """{old slug: current slug} for renamed nations among `old_slugs`."""
    return SlugRedirect.objects.current_slugs(Nation.objects.all(), old_slugs)


def relations_pick(request):
    """/relations/: pick two nations; a valid choice redirects to their page."""
    form = RelationsForm(request.GET or None)
    if form.is_valid():
        return redirect(relations_url(form.cleaned_data["a"].slug, form.cleaned_data["b"].slug))
    status = 400 if form.is_bound else 200
    return render(request, "partnerships/relations_pick.html", {"form": form}, status=status)


def relations_detail(request, a, b):
    """/relations/<a>/<b>/: either order works; the first nation is "a" throughout."""
    nations = {nation.slug: nation for nation in Nation.objects.filter(slug__in=[a, b])}
    if a == b:
        form = RelationsForm(initial={"a": a})
        context = {"form": form, "problem": "Choose two different nations to compare."}
        return render(request, "partnerships/relations_pick.html", context, status=400)
    missing = [slug for slug in (a, b) if slug not in nations]
    if missing:
        renamed = _current_slugs(missing)
        if len(renamed) == len(missing):  # links made before a nation was renamed live on
            return redirect(relations_url(renamed.get(a, a), renamed.get(b, b)), permanent=True)
        raise Http404(f"No nation with the slug {missing[0]!r}.")
    data = relations(nations[a], nations[b])
    chart, rows_drawn = _timeline_chart(data)
    return render(
        request,
        "partnerships/relations.html",
        {
            "data": data,
            "a": nations[a],
            "b": nations[b],
            "timeline": chart,
            "timeline_rows": rows_drawn,
            "swap_url": relations_url(b, a),
            "downloads": pair_downloads(a, b),
            "sources": list(
                Source.objects.citing(
                    **{
                        kind: [record["slug"] for record in data[kind]]
                        for kind in ("partnerships", "organizations", "exercises", "engagements")
                    }
                )
            ),
            "canonical": relations_url(*sorted([a, b])),
            "form": RelationsForm(initial={"a": nations[a], "b": nations[b]}),
            "form_key": cache_key("relations-form", a, b),
        },
    )


MAX_CHART_ROWS = 60


def _timeline_chart(data):
    """The shared timeline as SVG; spans first when there are too many rows to draw."""
    visits = {e["slug"] for e in data["engagements"] if e["kind"] == "visit"}
    rows = []
    for event in data["timeline"]:
        start = datetime.date.fromisoformat(event["start"])
        end = datetime.date.fromisoformat(event["end"]) if event["end"] else None
        if end is None and (event["kind"] == "exercise" or event["slug"] in visits):
            end = start  # a one-off event, not one still running
        rows.append((event["name"], start, end, event["url"], TIMELINE_KINDS[event["kind"]]))
    if len(rows) > MAX_CHART_ROWS:
        spans = [row for row in rows if row[4] != "Exercise"][:MAX_CHART_ROWS]
        room = MAX_CHART_ROWS - len(spans)
        recent = [row for row in rows if row[4] == "Exercise"][-room:] if room else []
        keep = {id(row) for row in spans + recent}
        rows = [row for row in rows if id(row) in keep]  # still in date order
    chart = timeline_svg(
        rows,
        label_width=240,
        title=f"What {data['a']['name']} and {data['b']['name']} share over time",
        description=(
            f"Timeline of {len(rows)} partnerships, organizations, exercises and engagements "
            f"shared by {data['a']['name']} and {data['b']['name']}."
        ),
    )
    return chart, len(rows)
