"""Settings for the scale-out topology, read from the environment as a server reads them."""

import json

from tests.processes import run_django

PRINT_DATABASES = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    alias: [db.get("DISABLE_SERVER_SIDE_CURSORS", False), db["CONN_MAX_AGE"],
            db.get("OPTIONS", {}).get("prepare_threshold", "default")]
    for alias, db in settings.DATABASES.items()
}), getattr(settings, "DATABASE_ROUTERS", []))
"""


def databases_under(**environment) -> tuple[dict, str]:
    result = run_django(PRINT_DATABASES, drop=("DB_", "DATABASE_"), **environment)
    assert result.returncode == 0, result.stderr
    out = result.stdout.strip()
    return json.loads(out[: out.rindex("}") + 1]), out[out.rindex("}") + 1 :]


def test_behind_pgbouncer_in_transaction_mode_no_server_side_cursor_or_prepared_statement():
    databases, _ = databases_under(
        DATABASE_URL="postgres://app@127.0.0.1:6432/militarydiplo", DB_POOL_MODE="transaction"
    )
    assert databases["default"] == [True, 0, None]


def test_a_replica_gets_the_router_and_keeps_its_own_connections():
    databases, routers = databases_under(
        DATABASE_URL="postgres://app@127.0.0.1:6432/militarydiplo",
        DB_POOL_MODE="transaction",
        DATABASE_REPLICA_URL="postgres://app@127.0.0.1:5433/militarydiplo",
    )
    assert databases["replica"] == [False, 60, "default"]
    assert "militarydiplo.routers.PrimaryReplicaRouter" in routers


def test_without_a_pooler_connections_persist_and_cursors_stay_server_side():
    databases, routers = databases_under(DATABASE_URL="postgres://app@127.0.0.1:5432/militarydiplo")
    assert databases["default"] == [False, 60, "default"]
    assert "replica" not in databases
    assert "PrimaryReplicaRouter" not in routers
