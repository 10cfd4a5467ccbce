"""The `json` format of dumpdata and loaddata, safe for history rows whose record is gone.

django-simple-history keeps its foreign keys without a database constraint, so a history
row may name a record deleted since (a partnership's members' history outlives it). With
`--natural-foreign`, Django's serializer fetches each related record to name it by slug,
and one such row makes the whole backup fail. Here that reference is written as the plain
id the row holds, which loaddata reads back as it is. Registered in SERIALIZATION_MODULES.

Times keep their microseconds: Django's encoder cuts them to milliseconds, so a backup
would not restore exactly what was saved (and a record's ETag would change).
"""

import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers import json
from django.core.serializers.json import DjangoJSONEncoder


class LosslessJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = LosslessJSONEncoder

    def handle_fk_field(self, obj, field):
        try:
            super().handle_fk_field(obj, field)
        except ObjectDoesNotExist:
            self._current[field.name] = self._value_from_field(obj, field)


Deserializer = json.Deserializer
