"""Accounts: sign-in locks out after repeated failures, passwords are validated, API tokens
can be revoked, and the editorial groups hold only what their role needs."""

import datetime
import io

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from partnerships.models import Article, SlugRedirect, Source, Topic
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-uncommon-passphrase-42"
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def staff():
    return get_user_model().objects.create_user(
        username="curator", password=PASSWORD, is_staff=True, is_superuser=True
    )


def sign_in(client, password, username="curator", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, **headers)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- sign-in lockout ----------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(staff):
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [sign_in(client, "wrong").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the form again, then locked out
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


def test_four_wrong_passwords_do_not_lock(staff):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(4):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_lockout_is_per_username_and_address_and_ends_after_the_cool_off(staff):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        sign_in(attacker, "wrong")
    assert sign_in(attacker, PASSWORD).status_code == 429

    # The curator, from their own address, is not locked out by someone else's guesses.
    curator = Client(REMOTE_ADDR="198.51.100.20")
    assert sign_in(curator, PASSWORD).status_code == 302

    # An hour later the attacker's address may try again.
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1, minutes=1)
    )
    assert sign_in(attacker, PASSWORD).status_code == 302


def test_behind_the_proxy_a_forged_forwarded_for_does_not_reset_the_count(staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(5):
        # Each attempt forges a new left-most address; the proxy appends the real one.
        forwarded = f"192.0.2.{n}, 203.0.113.9"
        sign_in(Client(**proxy), "wrong", HTTP_X_FORWARDED_FOR=forwarded)
    locked = sign_in(Client(**proxy), PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.9")
    assert locked.status_code == 429
    # Another client behind the same proxy is not locked out.
    other = Client(**proxy)
    assert sign_in(other, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20").status_code == 302


# --- passwords ----------------------------------------------------------------------------


@pytest.mark.parametrize("weak", ["password", "12345678", "curator1", "short"])
def test_the_admin_refuses_a_weak_password_for_a_new_user(admin_client, weak):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {"username": "curator1", "usable_password": "true", "password1": weak, "password2": weak},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["password2"]
    assert not get_user_model().objects.filter(username="curator1").exists()


def test_the_admin_accepts_a_strong_password(admin_client):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {
            "username": "curator1",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="curator1").check_password(PASSWORD)


# --- API tokens ---------------------------------------------------------------------------


def issue(*args) -> str:
    out = io.StringIO()
    call_command("issue_token", *args, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def test_a_revoked_token_is_refused(japan):
    editor = get_user_model().objects.create_user(username="bot", password=PASSWORD)
    editor.groups.add(Group.objects.get(name="Publishers"))
    key = issue("bot")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/articles/").status_code == 200

    assert issue("bot", "--revoke") == "Revoked the API token of bot."
    response = client.get("/api/v1/articles/")
    assert response.status_code == 401
    assert "detail" in response.json()
    assert issue("bot", "--revoke") == "There was no API token of bot."


def test_revoking_works_for_an_inactive_user_too():
    user = get_user_model().objects.create_user(username="gone", password=PASSWORD)
    issue("gone")
    user.is_active = False
    user.save()
    assert issue("gone", "--revoke") == "Revoked the API token of gone."


# --- least privilege ----------------------------------------------------------------------

# Editors read every record of the catalogue (any model the app has, a new one included):
# not the slug redirects (bookkeeping) nor the history tables (the admin shows history).
CATALOGUE = [
    model._meta.model_name
    for model in apps.get_app_config("partnerships").get_models()
    if model not in (Article, Topic, SlugRedirect) and not model.__name__.startswith("Historical")
]
EDITORS = {
    *(
        f"partnerships.{action}_{model}"
        for model in ("article", "topic")
        for action in ("add", "change", "view")
    ),
    *(f"partnerships.view_{model}" for model in CATALOGUE),
}


def group_permissions(name) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=name).permissions.select_related("content_type")
    }


def test_editors_and_publishers_hold_exactly_their_roles():
    assert group_permissions("Editors") == EDITORS
    assert group_permissions("Publishers") == EDITORS | {"partnerships.publish_article"}


@pytest.fixture
def editor_client():
    user = get_user_model().objects.create_user(username="ed", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = APIClient()
    client.force_login(user)
    return client


def test_an_editor_cannot_delete_sources_manage_accounts_or_publish(editor_client, japan):
    source = factories.SourceFactory(slug="a-source")
    assert editor_client.delete(f"/api/v1/sources/{source.slug}/").status_code == 403
    assert Source.objects.filter(pk=source.pk).exists()
    assert editor_client.get(f"/admin/partnerships/source/{source.pk}/delete/").status_code == 403
    for page in ("/admin/auth/user/", "/admin/auth/user/add/", "/admin/auth/group/"):
        assert editor_client.get(page).status_code == 403, page

    factories.ArticleFactory(slug="draft", status="draft", published_at=None)
    assert (
        editor_client.patch(
            "/api/v1/articles/draft/", {"summary": "Edited."}, format="json"
        ).status_code
        == 200
    )
    response = editor_client.patch(
        "/api/v1/articles/draft/", {"status": "published"}, format="json"
    )
    assert response.status_code == 403
    assert Article.objects.get(slug="draft").status == "draft"
