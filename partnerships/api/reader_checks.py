"""System check: the reader (reader.py) can read every API resource's serializer.

A field it cannot read from columns (a property without `Computed`, a method field, a
related field other than a nested summary) is refused when the project starts, naming
the serializer and the field, so no resource quietly takes a slower path. So is a
selection (prefetch.py) naming a nested list its serializer does not show.
"""

from django.core import checks


def read_serializer_problems(viewset) -> list[checks.CheckMessage]:
    """What keeps the reader from reading this viewset's read serializer."""
    from .plans import Unreadable, plan_for

    serializer_class = viewset.serializer_class
    try:
        plan = plan_for(serializer_class)
    except Unreadable as problem:
        return [
            checks.Error(
                f"The API reader cannot read {serializer_class.__qualname__}, field "
                f"`{problem.field}` (declared on {problem.serializer}): {problem.reason}.",
                obj=serializer_class,
                id="partnerships.E101",
            )
        ]
    view = viewset()
    view.request = None  # what the public sees
    selection = view.selection()
    unknown = sorted({*selection.order, *selection.visible} - plan.list_keys())
    return [
        checks.Error(
            f"{viewset.__name__}.selection() names the nested list `{key}`, which "
            f"{serializer_class.__name__} does not show.",
            obj=viewset,
            id="partnerships.E102",
        )
        for key in unknown
    ]


@checks.register("api")
def check_api_readers(app_configs=None, **kwargs):
    from .urls import router

    return [
        problem
        for _prefix, viewset, _basename in router.registry
        for problem in read_serializer_problems(viewset)
    ]
