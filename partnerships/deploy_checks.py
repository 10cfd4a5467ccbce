"""Deploy checks (`manage.py check --deploy`) for running on more than one process.

Every cached answer is keyed by the catalogue version (partnerships/cache.py). Without a
shared cache each worker keeps its own version, so a write made through one worker is
not seen by the others' caches: production refuses that shape instead of serving it.
"""

from django.conf import settings
from django.core import checks

LOCAL_BACKENDS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


def _cache_is_shared() -> bool:
    return settings.CACHES["default"]["BACKEND"] not in LOCAL_BACKENDS


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    if not getattr(settings, "PRODUCTION", False) or _cache_is_shared():
        return []
    problems = []
    workers = getattr(settings, "WEB_CONCURRENCY", 1)
    if workers > 1:
        problems.append(
            checks.Error(
                f"WEB_CONCURRENCY={workers} without a shared cache: each worker would keep "
                "its own catalogue version and serve cached answers another worker's "
                "writes made stale.",
                hint="Set REDIS_URL, or run one worker (WEB_CONCURRENCY=1).",
                id="partnerships.E201",
            )
        )
    if "replica" in settings.DATABASES:
        problems.append(
            checks.Error(
                "DATABASE_REPLICA_URL without a shared cache: the read router could not "
                "know of other processes' recent writes and would read them stale.",
                hint="Set REDIS_URL.",
                id="partnerships.E202",
            )
        )
    return problems
