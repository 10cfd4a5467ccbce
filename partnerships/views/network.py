"""The network page: the partnership network as a chart and as tables."""

from django import forms
from django.shortcuts import render

from ..analysis import network
from ..date_precision import MAX_YEAR, MIN_YEAR
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
    compare = forms.IntegerField(
        label="Compare with year",
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text="Links gained and lost between the two years, side by side.",
        error_messages={"invalid": "Enter a whole year, such as 2024."},
    )
    kind = forms.ChoiceField(
        label="Kind of partnership",
        required=False,
        choices=[("", "Any kind"), *PartnershipKind.choices],
        error_messages={"invalid_choice": "Unknown kind of partnership: %(value)s."},
    )


def network_page(request):
    form = NetworkForm(request.GET or None)
    year = kind = compare = None
    if form.is_bound and form.is_valid():
        year, kind = form.cleaned_data["year"], form.cleaned_data["kind"] or None
        compare = form.cleaned_data["compare"]
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
            comparison=compare_networks(data, network(year=compare, kind=kind))
            if compare is not None and compare != year
            else None,
        )
    return render(request, "partnerships/network.html", context, status=400 if form.errors else 200)


COMPARED_SHOWN = 60  # per side; the downloads hold every link of both years


def compare_networks(before: dict, after: dict) -> dict:
    """The links of `after` that `before` lacks (gained) and the reverse (lost), each with
    the pair's names, strongest first."""
    names = {node["slug"]: node["name"] for node in before["nodes"] + after["nodes"]}

    def links(data):
        return {(edge["source"], edge["target"]): edge["weight"] for edge in data["edges"]}

    old, new = links(before), links(after)

    def listed(pairs, weights):
        rows = sorted(
            ({"source": a, "target": b, "weight": weights[(a, b)]} for a, b in pairs),
            key=lambda row: (-row["weight"], names[row["source"]], names[row["target"]]),
        )
        return [
            {**row, "source_name": names[row["source"]], "target_name": names[row["target"]]}
            for row in rows
        ]

    gained = listed(new.keys() - old.keys(), new)
    lost = listed(old.keys() - new.keys(), old)
    return {
        "year": after["year"],
        "gained": gained[:COMPARED_SHOWN],
        "gained_total": len(gained),
        "lost": lost[:COMPARED_SHOWN],
        "lost_total": len(lost),
        "kept": len(new.keys() & old.keys()),
    }
