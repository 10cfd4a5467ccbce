"""gunicorn.conf.py: the deployment's hook, checked with the bench rather than the product."""

import gc
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_gunicorn_freezes_the_loaded_app_out_of_the_collectors_sight():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    try:
        conf.post_worker_init(worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
