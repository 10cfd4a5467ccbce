"""Form pieces the HTML pages share: the nation picker's field."""

from django import forms
from django.core.validators import slug_re
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .picker import find_nation, nation_choices

PICKER_LIST = "nation-names"  # the id of the page's <datalist> ({% nation_datalist %})


class NationPickerInput(forms.TextInput):
    """A text box that offers nation names as the reader types (the page's datalist)."""

    def __init__(self, attrs=None):
        base = {"list": PICKER_LIST, "autocomplete": "off", "spellcheck": "false"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        # A nation shows as its name; a slug from the URL as the nation's name when known.
        if hasattr(value, "name"):
            return value.name
        nation = find_nation(value) if value else None
        return nation.name if nation else super().format_value(value)


class NationField(forms.Field):
    """A nation given by name, former name, common variant or slug."""

    widget = NationPickerInput
    default_error_messages = {
        "unknown": "Unknown nation “%(name)s”: choose one of the names offered as you type.",
    }

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": "150"}

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        nation = find_nation(value)
        if nation is None:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"name": value[:150]}
            )
        return nation


def listed_values(data, name) -> list[str]:
    """A repeatable query parameter's values: `?nation=a&nation=b`, `?nation=a,b` and
    `?nation=a;b` (as export cells list them) alike, blanks dropped."""
    values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    parts = (part.strip() for value in values for part in str(value).replace(";", ",").split(","))
    return [part for part in parts if part]


class NationPickerMultiple(forms.Widget):
    """Nations for a list filter as name boxes with the picker's list, one nation a box
    (`?nation=India&nation=France`); names, variants and slugs are read as slugs."""

    boxes = 2

    def __init__(self, attrs=None, year=None):
        super().__init__(attrs)
        self.year = year  # offer only the states that existed in it

    def value_from_datadict(self, data, files, name):
        slugs = []
        for part in listed_values(data, name):
            nation = None if slug_re.fullmatch(part) else find_nation(part)
            slugs.append(nation.slug if nation else part)  # an unknown name is reported
        return slugs

    def render(self, name, value, attrs=None, renderer=None):
        names = {choice["slug"]: choice["name"] for choice in nation_choices()}
        list_id = PICKER_LIST if self.year is None else f"{PICKER_LIST}-{self.year}"
        shown = [names.get(slug, slug) for slug in (value or [])]
        shown += [""] * max(self.boxes - len(shown), 0)
        extra = self.build_attrs(self.attrs, attrs)
        base_id = extra.pop("id", None) or f"id_{name}"
        boxes = [
            format_html(
                '<input type="text" name="{}" id="{}" value="{}" list="{}" autocomplete="off"'
                ' spellcheck="false" maxlength="150" placeholder="{}"{}>',
                name,
                base_id if index == 0 else f"{base_id}_{index}",
                text,
                list_id,
                "Type a name" if index == 0 else "and another (optional)",
                # The field's own attributes (errors, help) on the first box only.
                flatatt(extra) if index == 0 else mark_safe(' aria-label="Another nation"'),
            )
            for index, text in enumerate(shown)
        ]
        return format_html(
            '<span class="picker-boxes">{}</span>{}',
            format_html_join("", "{}", ((box,) for box in boxes)),
            render_to_string("includes/nation_datalist.html", nation_datalist_context(self.year)),
        )


def nation_datalist_context(year=None):
    list_id = PICKER_LIST if year is None else f"{PICKER_LIST}-{year}"
    return {"list_id": list_id, "choices": nation_choices(year)}
