"""The `json` format of dumpdata and loaddata, safe for history rows whose record is gone.

django-simple-history keeps its foreign keys without a database constraint, so a history
row may name a record deleted since (a partnership's members' history outlives it). With
`--natural-foreign`, Django's serializer fetches each related record to name it by slug,
and one such row makes the whole backup fail. Here that reference is written as the plain
id the row holds, which loaddata reads back as it is. Registered in SERIALIZATION_MODULES.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers import json


class Serializer(json.Serializer):
    def handle_fk_field(self, obj, field):
        try:
            super().handle_fk_field(obj, field)
        except ObjectDoesNotExist:
            self._current[field.name] = self._value_from_field(obj, field)


Deserializer = json.Deserializer
