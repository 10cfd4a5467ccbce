"""Point-in-time pages: /alliances/?a=&b=&year= and /organizations/<slug>/members/?on=."""

from django.shortcuts import render

from ..picker import find_nation
from ..pointintime_query import BadQuery, alliance_question, members_on


def alliances(request):
    """Were A and B allied in year Y, and through which instruments? Empty form first.

    The nations may be typed by name, former name or common variant (the picker's list),
    or given by slug as links do."""
    context = {"params": request.GET, "errors": {}, "answer": None}
    if not any(request.GET.get(field) for field in ("a", "b", "year")):
        return render(request, "partnerships/alliances.html", context)
    params, errors = request.GET.copy(), {}
    for field in ("a", "b"):
        typed = (params.get(field) or "").strip()
        nation = find_nation(typed) if typed else None
        if nation is not None:
            params[field] = nation.slug
        elif typed:
            errors[field] = [f"Unknown nation “{typed}”: choose one of the names offered."]
    try:
        if errors:
            raise BadQuery(errors)
        context["answer"] = alliance_question(params)
    except BadQuery as error:
        context["errors"] = {**error.errors, **errors}
        return render(request, "partnerships/alliances.html", context, status=400)
    return render(request, "partnerships/alliances.html", context)


def organization_members(request, slug):
    """The organization's members on a day (today by default)."""
    try:
        organization, day, members = members_on(slug, request.GET.get("on"))
    except BadQuery as error:
        context = {"errors": error.errors, "slug": slug, "params": request.GET}
        return render(request, "partnerships/organization_members.html", context, status=400)
    context = {"organization": organization, "day": day, "members": members, "errors": {}}
    return render(request, "partnerships/organization_members.html", context)
