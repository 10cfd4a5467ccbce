"""Point-in-time pages: /alliances/?a=&b=&year= and /organizations/<slug>/members/?on=."""

from django.shortcuts import render

from ..pointintime_query import BadQuery, alliance_question, members_on


def alliances(request):
    """Were A and B allied in year Y, and through which instruments? Empty form first."""
    context = {"params": request.GET, "errors": {}, "answer": None}
    if not any(request.GET.get(field) for field in ("a", "b", "year")):
        return render(request, "partnerships/alliances.html", context)
    try:
        context["answer"] = alliance_question(request.GET)
    except BadQuery as error:
        context["errors"] = error.errors
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
