"""Research outputs: the catalogue in the shapes researchers' models take (dyad-years,
nation-years, exercise-participations), as plain row dicts produced in order, a year at a
time, so the API can page them as JSON or stream them whole as CSV in constant memory.

Each module has one job and reads time through `timespans.py` and `alliances.py`, the
same rules the pages and `/api/v1/allied/` use. `params.py` reads and checks the query.
"""
