"""Safe to put on the internet: a strict Content-Security-Policy and the security headers
in every mode, and production mode (DJANGO_ENV=production) hardened, checked in a fresh
interpreter because settings are read once at start-up."""

import contextlib
import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from militarydiplo import security
from tests.csp_scan import blocked, inline_code
from tests.processes import run_django

ROOT = Path(settings.BASE_DIR)
PRODUCTION_KEY = "p" * 20 + "-a-long-random-production-secret-key-0123456789"
STRICT = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
PUBLIC_PAGES = [
    "/",
    "/nations/",
    "/nations/japan/",
    "/organizations/",
    "/organizations/nato/",
    "/partnerships/",
    "/partnerships/us-japan-security-treaty/",
    "/exercises/",
    "/exercises/rimpac-2024/",
    "/engagements/",
    "/engagements/malabar-dialogue/",
    "/relations/japan/united-states/",
    "/network/",
    "/articles/",
    "/articles/why-alliances-last/",
    "/search/?q=japan",
]
MISSING_PAGE = "/nowhere/"  # the 404 page, which must carry the policy too


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    found = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            found[words[0]] = words[1:]
    return found


# --- every mode ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"), [*((path, 200) for path in PUBLIC_PAGES), (MISSING_PAGE, 404)]
)
def test_public_pages_send_the_strict_policy_and_carry_no_inline_code(client, world, path, status):
    response = client.get(path)
    assert response.status_code == status
    policy = directives(response)
    for name, sources in STRICT.items():
        assert policy[name] == sources, name
    html = response.content.decode()
    assert blocked(html, response["Content-Security-Policy"]) == []
    assert not any(kind.startswith("script") for kind, _ in inline_code(html))


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/api/v1/nations/", "/healthz", "/admin/login/"])
def test_security_headers_in_every_mode(client, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Content-Security-Policy" in response


def _admin_urls(world):
    """Every admin page of every registered model: list, add, change, history, import,
    export (the third-party templates live there)."""
    urls = ["/admin/", "/admin/password_change/"]
    for model in admin.site._registry:
        meta = model._meta
        record = model._default_manager.order_by("pk").first()
        for name, args in [
            ("changelist", []),
            ("add", []),
            ("export", []),
            ("import", []),
            ("change", [record.pk] if record else None),
            ("history", [record.pk] if record else None),
        ]:
            if args is None:
                continue
            with contextlib.suppress(NoReverseMatch):
                urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_{name}", args=args))
    return urls


@pytest.mark.django_db
def test_admin_pages_carry_only_the_inline_code_their_policy_allows(admin_client, world):
    seen = 0
    for url in _admin_urls(world):
        response = admin_client.get(url)
        if response.status_code != 200:
            continue  # e.g. adding a slug redirect by hand is refused
        seen += 1
        assert blocked(response.content.decode(), response["Content-Security-Policy"]) == [], url
        policy = directives(response)
        assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"], url
    assert seen > 40


@pytest.mark.django_db
def test_admin_exceptions_are_exact_hashes_and_stay_off_the_public_site(admin_client, client):
    policy = directives(admin_client.get("/admin/partnerships/nation/export/"))
    assert policy["script-src"][:2] == ["'self'", "'unsafe-hashes'"]
    assert all(source.startswith("'sha256-") for source in policy["script-src"][2:])
    assert directives(client.get("/"))["script-src"] == ["'self'"]
    assert security.ADMIN_INLINE_HANDLERS == ("onSelectToggleChange(event)",)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/nations/?format=api"])
def test_api_docs_and_browsable_api_relax_styles_only(client, world, path):
    response = client.get(path, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    html = response.content.decode()
    assert blocked(html, response["Content-Security-Policy"]) == []
    assert not any(kind.startswith("script") for kind, _ in inline_code(html))


def test_the_500_page_has_no_inline_style():
    html = (ROOT / "templates" / "500.html").read_text()
    assert inline_code(html) == []
    assert 'href="/static/css/error.css"' in html
    assert (ROOT / "static" / "css" / "error.css").is_file()


def test_the_scanner_finds_what_a_policy_blocks():
    html = (
        '<p style="color:red" onclick="go()">x</p><script>alert(1)</script>'
        '<script type="application/json">{"a": 1}</script><a href="javascript:go()">y</a>'
    )
    assert [line.split(":")[0] for line in blocked(html, "default-src 'self'")] == [
        "style-attr",
        "script-attr",
        "script-element",
        "javascript-url",
    ]
    assert blocked(html, "script-src 'unsafe-inline'; style-src 'unsafe-inline'") == []


# --- production mode, in a fresh interpreter ----------------------------------------------


def run_python(code: str, tmp_path, **env) -> subprocess.CompletedProcess:
    """`code` in a fresh interpreter on a database of its own, with none of the deploy
    variables of this environment unless `env` sets them."""
    defaults = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    deploy = ("DEBUG", "DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL")
    return run_django(code, drop=deploy, **{**defaults, **env})


PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": PRODUCTION_KEY,
    "ALLOWED_HOSTS": "militarydiplo.example",
}


def test_check_deploy_is_clean_in_production(tmp_path):
    result = run_python(
        """
        import django
        from django.core.management import call_command
        django.setup()
        call_command("check", "--deploy", "--fail-level", "WARNING")
        """,
        tmp_path,
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_production_redirects_to_https_behind_the_proxy_and_hardens_cookies(tmp_path):
    result = run_python(
        """
        import json
        import django
        from django.conf import settings
        django.setup()
        from django.test import Client
        client = Client(HTTP_HOST="militarydiplo.example")
        plain = client.get("/healthz")
        secure = client.get("/healthz", HTTP_X_FORWARDED_PROTO="https")
        print(json.dumps({
            "debug": settings.DEBUG,
            "plain": [plain.status_code, plain.get("Location")],
            "secure": secure.status_code,
            "hsts": secure.get("Strict-Transport-Security"),
            "csp": secure.get("Content-Security-Policy"),
            "cookies": [
                settings.SESSION_COOKIE_SECURE,
                settings.SESSION_COOKIE_HTTPONLY,
                settings.CSRF_COOKIE_SECURE,
            ],
            "proxy_count": settings.TRUSTED_PROXY_COUNT,
        }))
        """,
        tmp_path,
        DEBUG="1",  # asked for, and refused: never on in production
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["debug"] is False
    assert report["plain"] == [301, "https://militarydiplo.example/healthz"]
    assert report["secure"] == 200
    assert report["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'self'" in report["csp"]
    assert report["cookies"] == [True, True, True]
    assert report["proxy_count"] == 1


@pytest.mark.parametrize(
    "secret",
    [None, "", "short-key", "django-insecure-development-only-key-never-used-in-production"],
)
def test_production_refuses_to_start_without_a_real_secret_key(tmp_path, secret):
    env = {**PRODUCTION}
    if secret is None:
        env.pop("SECRET_KEY")
    else:
        env["SECRET_KEY"] = secret
    result = run_python("import django; django.setup()", tmp_path, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_debug_stays_off_in_production_whatever_debug_says(tmp_path):
    code = "import django; from django.conf import settings; django.setup(); print(settings.DEBUG)"
    assert run_python(code, tmp_path, DEBUG="true", **PRODUCTION).stdout.strip() == "False"
    assert run_python(code, tmp_path, DEBUG="true").stdout.strip() == "True"


# --- the client address behind the proxy --------------------------------------------------


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.1"),  # no proxy: the header is the client's word only
        (1, "", "10.0.0.1"),
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # a forged left entry is ignored
        (2, "6.6.6.6, 203.0.113.7, 10.1.1.1", "203.0.113.7"),
    ],
)
def test_client_ip_trusts_only_the_proxies_in_front(rf, settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert security.client_ip(request) == expected


@pytest.mark.django_db
def test_a_forged_forwarded_for_does_not_escape_the_api_throttle(api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "2/min"},
    }
    statuses = [
        api.get("/api/v1/nations/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 429, 429]
