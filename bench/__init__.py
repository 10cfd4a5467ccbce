"""The benchmarks and their data, outside the product.

A small Django app so that `python manage.py generate_synthetic` (bench/synthetic.py)
works with the default settings; the yardstick views are mounted only by the bench's own
settings and URLconf (bench/settings.py, bench/urls.py), which bench/run.py serves.
"""
