"""The network page: the partnership network as a chart and as tables."""

from django import forms
from django.shortcuts import render

from ..analysis import MAX_YEAR, MIN_YEAR, network
from ..downloads import network_downloads
from ..models import PartnershipKind
from ..network_chart import REGION_LABELS, drawn_edges, network_svg

MAX_EDGES = 400


class NetworkForm(forms.Form):
    year = forms.IntegerField(
        label="Year",
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text="Partnerships each nation was a member of in that year; empty: any time.",
        error_messages={"invalid": "Enter a whole year, such as 1995."},
    )
    kind = forms.ChoiceField(
        label="Kind of partnership",
        required=False,
        choices=[("", "Any kind"), *PartnershipKind.choices],
        error_messages={"invalid_choice": "Unknown kind of partnership: %(value)s."},
    )


def network_page(request):
    form = NetworkForm(request.GET or None)
    year = kind = None
    if form.is_bound and form.is_valid():
        year, kind = form.cleaned_data["year"], form.cleaned_data["kind"] or None
    data = network(year=year, kind=kind) if not form.errors else None
    context = {"form": form, "data": data}
    if data is not None:
        names = {node["slug"]: node["name"] for node in data["nodes"]}
        context.update(
            chart=network_svg(data, max_edges=MAX_EDGES),
            edges=[
                {**edge, "source_name": names[edge["source"]], "target_name": names[edge["target"]]}
                for edge in drawn_edges(data, MAX_EDGES)
            ],
            nodes=[
                {**node, "region_label": REGION_LABELS[node["region"] or ""]}
                for node in data["nodes"]
            ],
            kind_label=dict(PartnershipKind.choices).get(kind, ""),
            downloads=network_downloads(request.GET),
        )
    return render(request, "partnerships/network.html", context, status=400 if form.errors else 200)
