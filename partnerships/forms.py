"""Form pieces the HTML pages share: the nation picker's field."""

from django import forms

from .picker import find_nation

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
