"""`AnyOf(F("exercise"), ids)`: a column is one of a list of ids, the list as one parameter.

Django's `__in` prepares and binds every value of the list: a nested list of a page of 200
records pays for 200 values, and its SQL changes with the page size. Here the list is a
single parameter (an array on PostgreSQL, a JSON array on SQLite), so the SQL is the same
for every page and costs the same to build; other databases get one placeholder a value.
"""

import json

from django.db.models import Lookup


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def __init__(self, lhs, values):
        super().__init__(lhs, list(values))

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        placeholders = ", ".join(["%s"] * len(self.rhs)) or "NULL"
        return f"{lhs} IN ({placeholders})", (*params, *self.rhs)

    def as_sqlite(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN (SELECT value FROM json_each(%s))", (*params, json.dumps(self.rhs))

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*params, self.rhs)
