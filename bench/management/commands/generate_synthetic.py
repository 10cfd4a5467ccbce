"""`python manage.py generate_synthetic --scale N`: the bench's data (bench/synthetic.py)."""

import time

from django.core.management.base import BaseCommand, CommandError

from bench.synthetic import generate


class Command(BaseCommand):
    help = "Generate deterministic fake data for benchmarks (scale 1: ~3,000 partnerships)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiplier; 1 ≈ 12,000 exercises."
        )
        parser.add_argument("--seed", type=int, default=None, help="Random seed (default fixed).")

    def handle(self, *args, scale, seed, **options):
        if not 0 < scale <= 100:
            raise CommandError("--scale must be greater than 0 and at most 100.")
        started = time.perf_counter()
        kwargs = {"scale": scale} if seed is None else {"scale": scale, "seed": seed}
        summary = generate(**kwargs)
        elapsed = time.perf_counter() - started
        for name, count in vars(summary).items():
            self.stdout.write(f"{name:>20}: {count:,}")
        self.stdout.write(self.style.SUCCESS(f"Generated scale {scale:g} in {elapsed:.1f}s"))
