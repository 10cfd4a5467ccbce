"""Importers for research datasets (COW, ATOP, MME) and the catalogue's own export.

Every importer resolves state names and codes through `names.NameResolver`, reports
through `base.Report`, and runs inside one transaction (see `base.run`).
"""
