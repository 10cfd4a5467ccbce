"""The editor: every admin page opens, changelists have a fixed query budget, edits are
validated, history can be reverted, records import and export, concurrent edits are refused."""

import datetime
import io

import pytest
import tablib
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships import models
from partnerships.admin.base import CONCURRENT_EDIT_MESSAGE
from partnerships.resources import NationResource, PartnershipResource
from tests import factories

PARTNERSHIP_ADMINS = sorted(
    (
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "partnerships"
    ),
    key=lambda pair: pair[0]._meta.model_name,
)
ADMIN_IDS = [model._meta.model_name for model, _ in PARTNERSHIP_ADMINS]
FORMATS = {"csv": "0", "xlsx": "1", "json": "2"}  # index in CatalogueAdmin.formats


def url(model, view, *args):
    return reverse(f"admin:partnerships_{model._meta.model_name}_{view}", args=args)


def add_records(count, *, tag="x"):
    """A few records of every kind, each with its children, so every changelist has rows."""
    source = factories.SourceFactory(dataset=models.Dataset.ATOP, dataset_version=tag)
    for i in range(count):
        a, b = factories.NationFactory(), factories.NationFactory()
        models.NationAlias.objects.create(nation=a, name=f"Alias {tag} {i} {a.pk}")
        models.Statehood.objects.create(nation=a, start_date=datetime.date(1900, 1, 1))
        organization = factories.OrganizationFactory()
        organization.sources.add(source)
        for nation in (a, b):
            factories.MembershipFactory(organization=organization, nation=nation)
        partnership = factories.PartnershipFactory(kind="bilateral", organization=organization)
        partnership.sources.add(source)
        member = factories.PartnershipMemberFactory(partnership=partnership, nation=a)
        factories.PartnershipMemberFactory(partnership=partnership, nation=b)
        models.ObligationPeriod.objects.create(
            member=member, start_date=partnership.start_date, defense=True
        )
        series = factories.ExerciseSeriesFactory(lead_nation=a)
        exercise = factories.ExerciseFactory(series=series, host=a)
        exercise.sources.add(source)
        for nation in (a, b):
            factories.ParticipationFactory(exercise=exercise, nation=nation)
        engagement = factories.EngagementFactory(organization=organization)
        engagement.sources.add(source)
        factories.EngagementPartyFactory(engagement=engagement, nation=a, role="provider")
        factories.EngagementPartyFactory(engagement=engagement, nation=b, role="recipient")
        factories.SuccessionFactory(predecessor=b, successor=a, source=source)
        factories.TopicFactory()
        article = factories.ArticleFactory()
        article.nations.add(a)
        a.slug = f"{a.slug}-renamed"
        a.save()  # leaves a SlugRedirect behind


@pytest.fixture
def world(db):
    add_records(2, tag="world")


def form_data(response):
    """The POST a browser would send for the admin form (and inlines) in `response`."""
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            elif isinstance(value, datetime.date):
                data[bound.html_name] = value.isoformat()
            else:
                data[bound.html_name] = str(value)
    return data


def errors_of(response):
    """All errors a refused admin form shows: the form's, the inlines' and their forms'."""
    found = dict(response.context["adminform"].form.errors)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        prefix = formset.prefix
        if formset.non_form_errors():
            found[f"{prefix}:__all__"] = list(formset.non_form_errors())
        for i, errors in enumerate(formset.errors):
            for field, messages in errors.items():
                found[f"{prefix}-{i}-{field}"] = list(messages)
    return found


# --- Every page opens ------------------------------------------------------------------


@pytest.mark.parametrize(("model", "model_admin"), PARTNERSHIP_ADMINS, ids=ADMIN_IDS)
def test_every_admin_page_opens(admin_client, world, model, model_admin):
    record = model._default_manager.order_by("pk").first()
    assert record is not None, f"the world has no {model.__name__}"

    assert admin_client.get(url(model, "changelist")).status_code == 200
    search = admin_client.get(url(model, "changelist"), {"q": "a"})
    assert search.status_code == 200
    assert admin_client.get(url(model, "change", record.pk)).status_code == 200

    add = admin_client.get(url(model, "add"))
    if model is models.SlugRedirect:
        assert add.status_code == 403  # redirects are written by renames, not by hand
    else:
        assert add.status_code == 200

    if hasattr(model, "history"):
        assert admin_client.get(url(model, "history", record.pk)).status_code == 200
    assert admin_client.get(url(model, "export")).status_code == 200
    if model is not models.SlugRedirect:
        assert admin_client.get(url(model, "import")).status_code == 200


@pytest.mark.parametrize(("model", "model_admin"), PARTNERSHIP_ADMINS, ids=ADMIN_IDS)
def test_changelist_filters_open(admin_client, world, model, model_admin):
    changelist = admin_client.get(url(model, "changelist"))
    for spec in changelist.context["cl"].filter_specs:
        for choice in spec.choices(changelist.context["cl"]):
            query = choice["query_string"]
            assert admin_client.get(url(model, "changelist") + query).status_code == 200


@pytest.mark.parametrize(
    ("model", "field"), [(models.Source, "url"), (models.Organization, "website")]
)
def test_a_web_address_typed_without_its_scheme_is_read_as_https(rf, admin_user, model, field):
    request = rf.get("/admin/")
    request.user = admin_user
    form_class = admin.site.get_model_admin(model).get_form(request)
    assert form_class.base_fields[field].clean("www.nato.int/cps/en") == (
        "https://www.nato.int/cps/en"
    )


def test_autocomplete_answers_for_nations(admin_client, world, usa):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "United",
            "app_label": "partnerships",
            "model_name": "partnershipmember",
            "field_name": "nation",
        },
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["United States"]


# --- Changelists: a query budget independent of rows -------------------------------------


def _changelist_queries(client, model):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url(model, "changelist"))
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.mark.parametrize(("model", "model_admin"), PARTNERSHIP_ADMINS, ids=ADMIN_IDS)
def test_changelist_queries_do_not_grow_with_rows(
    admin_client, world, model, model_admin, django_assert_max_num_queries
):
    few, response = _changelist_queries(admin_client, model)
    rows_before = len(response.context["cl"].result_list)
    add_records(4, tag="more")
    many, response = _changelist_queries(admin_client, model)
    assert len(response.context["cl"].result_list) > rows_before
    assert many == few
    with django_assert_max_num_queries(15):
        admin_client.get(url(model, "changelist"))


def test_changelist_shows_member_counts_and_in_force(admin_client, us_japan_treaty):
    response = admin_client.get(url(models.Partnership, "changelist"))
    row = response.context["cl"].result_list[0]
    assert row.member_total == 2
    assert b"icon-yes.svg" in response.content  # in force, shown as a boolean icon

    filtered = admin_client.get(url(models.Partnership, "changelist"), {"in_force": "no"})
    assert list(filtered.context["cl"].result_list) == []


# --- Validation: clear messages, never a 500 ---------------------------------------------


def _partnership_add_data(admin_client, nations, *, kind="bilateral", **overrides):
    data = form_data(admin_client.get(url(models.Partnership, "add")))
    data.update(
        name="Test pact",
        slug="test-pact",
        kind=kind,
        start_date="2001-05-01",
        start_precision="day",
        end_precision="day",
        **overrides,
    )
    data["memberships-TOTAL_FORMS"] = str(len(nations))
    for i, nation in enumerate(nations):
        data[f"memberships-{i}-nation"] = str(nation.pk)
        data[f"memberships-{i}-joined"] = "2001-05-01"
        data[f"memberships-{i}-joined_precision"] = "day"
        data[f"memberships-{i}-left_precision"] = "day"
        data[f"memberships-{i}-signed_precision"] = "day"
    return data


@pytest.mark.parametrize("member_count", [1, 3])
def test_bilateral_partnership_needs_exactly_two_members(
    admin_client, usa, japan, france, member_count
):
    nations = [usa, japan, france][:member_count]
    response = admin_client.post(
        url(models.Partnership, "add"), _partnership_add_data(admin_client, nations)
    )
    assert response.status_code == 200
    assert "A bilateral partnership has exactly two distinct member nations" in (
        " ".join(errors_of(response)["memberships:__all__"])
    )
    assert not models.Partnership.objects.exists()


def test_bilateral_partnership_with_two_members_is_saved(admin_client, usa, japan):
    response = admin_client.post(
        url(models.Partnership, "add"), _partnership_add_data(admin_client, [usa, japan])
    )
    assert response.status_code == 302, errors_of(response)
    partnership = models.Partnership.objects.get(slug="test-pact")
    assert set(partnership.members.all()) == {usa, japan}


def test_an_exercise_saved_in_the_admin_lists_its_lead_host_as_a_participant(
    admin_client, usa, japan
):
    data = form_data(admin_client.get(url(models.Exercise, "add")))
    data.update(
        name="Cope North 2025",
        slug="cope-north-2025",
        start_date="2025-02-03",
        start_precision="day",
        end_precision="day",
        domain="air",
        host=str(usa.pk),
    )
    data["participations-TOTAL_FORMS"] = "1"
    data["participations-0-nation"] = str(japan.pk)
    data["participations-0-role"] = "participant"
    response = admin_client.post(url(models.Exercise, "add"), data)
    assert response.status_code == 302, errors_of(response)
    exercise = models.Exercise.objects.get(slug="cope-north-2025")
    roles = dict(exercise.participations.values_list("nation__slug", "role"))
    assert roles == {"united-states": "host", "japan": "participant"}


def test_kind_change_is_checked_against_the_members_being_saved(admin_client, usa, japan, france):
    pact = factories.PartnershipFactory(kind="multilateral")
    for nation in (usa, japan, france):
        factories.PartnershipMemberFactory(partnership=pact, nation=nation)
    data = form_data(admin_client.get(url(models.Partnership, "change", pact.pk)))
    data["kind"] = "bilateral"

    refused = admin_client.post(url(models.Partnership, "change", pact.pk), data)
    assert refused.status_code == 200
    assert "memberships:__all__" in errors_of(refused)

    data["loaded_updated_at"] = refused.context["adminform"].form["loaded_updated_at"].value()
    france_form = next(
        key for key, value in data.items() if key.endswith("-nation") and value == str(france.pk)
    )
    data[france_form.replace("-nation", "-DELETE")] = "on"  # drop France in the same save
    accepted = admin_client.post(url(models.Partnership, "change", pact.pk), data)
    assert accepted.status_code == 302, errors_of(accepted)
    pact.refresh_from_db()
    assert pact.kind == "bilateral"
    assert set(pact.members.all()) == {usa, japan}


def test_overlapping_member_spans_are_a_field_error(admin_client, usa, japan):
    data = _partnership_add_data(admin_client, [usa, japan, usa], kind="multilateral")
    data["memberships-2-joined"] = "2005-01-01"  # usa again while still a member
    response = admin_client.post(url(models.Partnership, "add"), data)
    assert response.status_code == 200
    errors = errors_of(response)
    assert "overlaps" in " ".join(errors["memberships-2-joined"])


def test_dates_out_of_order_are_a_field_error(admin_client, usa, japan):
    data = _partnership_add_data(admin_client, [usa, japan], end_date="1999-01-01")
    response = admin_client.post(url(models.Partnership, "add"), data)
    assert response.status_code == 200
    assert "cannot be before the start date" in " ".join(errors_of(response)["end_date"])


def test_member_left_before_joined_is_a_field_error(admin_client, usa, japan):
    data = _partnership_add_data(admin_client, [usa, japan])
    data["memberships-1-left"] = "2000-01-01"
    response = admin_client.post(url(models.Partnership, "add"), data)
    assert response.status_code == 200
    assert "cannot be before" in " ".join(errors_of(response)["memberships-1-left"])


def test_duplicate_membership_in_organization_inline_is_refused(admin_client, nato, usa):
    data = form_data(admin_client.get(url(models.Organization, "change", nato.pk)))
    total = int(data["memberships-TOTAL_FORMS"])
    data["memberships-TOTAL_FORMS"] = str(total + 1)
    data.update(
        {
            f"memberships-{total}-nation": str(usa.pk),
            f"memberships-{total}-status": "member",
            f"memberships-{total}-joined": "1949-08-24",
            f"memberships-{total}-joined_precision": "day",
            f"memberships-{total}-left_precision": "day",
        }
    )
    response = admin_client.post(url(models.Organization, "change", nato.pk), data)
    assert response.status_code == 200
    assert "overlaps" in " ".join(errors_of(response)[f"memberships-{total}-joined"])
    assert nato.memberships.count() == 2


def test_overlapping_membership_on_its_own_page_is_a_field_error(admin_client, nato, usa):
    data = form_data(admin_client.get(url(models.Membership, "add")))
    data.update(
        organization=str(nato.pk),
        nation=str(usa.pk),
        status="member",
        joined="1960-01-01",
        joined_precision="day",
        left_precision="day",
    )
    response = admin_client.post(url(models.Membership, "add"), data)
    assert response.status_code == 200
    assert "overlaps" in " ".join(errors_of(response)["joined"])


def test_third_member_of_bilateral_partnership_is_refused_on_its_own_page(
    admin_client, us_japan_treaty, france
):
    data = form_data(admin_client.get(url(models.PartnershipMember, "add")))
    data.update(
        partnership=str(us_japan_treaty.pk),
        nation=str(france.pk),
        joined="1970-01-01",
        joined_precision="day",
        left_precision="day",
    )
    response = admin_client.post(url(models.PartnershipMember, "add"), data)
    assert response.status_code == 200
    assert "exactly two" in " ".join(errors_of(response)["nation"])
    assert us_japan_treaty.memberships.count() == 2


def test_member_of_bilateral_partnership_cannot_be_deleted_on_its_own(
    admin_client, us_japan_treaty
):
    member = us_japan_treaty.memberships.first()
    response = admin_client.post(
        url(models.PartnershipMember, "delete", member.pk), {"post": "yes"}
    )
    assert response.status_code == 403
    assert us_japan_treaty.memberships.count() == 2


def test_alias_already_used_is_a_field_error(admin_client, usa, japan):
    models.NationAlias.objects.create(nation=usa, name="America")
    data = form_data(admin_client.get(url(models.Nation, "change", japan.pk)))
    data["aliases-TOTAL_FORMS"] = "1"
    data["aliases-0-name"] = "america"
    response = admin_client.post(url(models.Nation, "change", japan.pk), data)
    assert response.status_code == 200
    assert "already an alias of United States" in " ".join(errors_of(response)["aliases-0-name"])


# --- History and revert ------------------------------------------------------------------


def test_history_revert_restores_first_revision(admin_client, japan):
    change = url(models.Nation, "change", japan.pk)
    for text in ("First text.", "Second text."):
        data = form_data(admin_client.get(change))
        data["description"] = text
        response = admin_client.post(change, data)
        assert response.status_code == 302, errors_of(response)
    japan.refresh_from_db()
    assert japan.description == "Second text."

    history = admin_client.get(url(models.Nation, "history", japan.pk))
    assert history.status_code == 200
    first = japan.history.get(description="First text.")
    assert f"/{first.history_id}/".encode() in history.content

    revert_url = url(models.Nation, "simple_history", japan.pk, first.history_id)
    revert_page = admin_client.get(revert_url)
    assert revert_page.status_code == 200
    response = admin_client.post(revert_url, form_data(revert_page))
    assert response.status_code == 302, errors_of(response)
    japan.refresh_from_db()
    assert japan.description == "First text."
    assert japan.history.count() == 4  # created, two edits, the revert


def test_revert_that_breaks_the_member_rule_is_refused(admin_client, usa, japan, france):
    pact = factories.PartnershipFactory(kind="bilateral")
    for nation in (usa, japan):
        factories.PartnershipMemberFactory(partnership=pact, nation=nation)
    bilateral = pact.history.latest()
    pact.kind = "multilateral"
    pact.save()
    factories.PartnershipMemberFactory(partnership=pact, nation=france)

    revert_url = url(models.Partnership, "simple_history", pact.pk, bilateral.history_id)
    response = admin_client.post(revert_url, form_data(admin_client.get(revert_url)))
    assert response.status_code == 200
    assert "exactly two distinct member nations; 3 given" in " ".join(
        errors_of(response)["__all__"]
    )
    pact.refresh_from_db()
    assert pact.kind == "multilateral"


# --- Concurrent edits --------------------------------------------------------------------


def test_save_is_refused_when_record_changed_since_form_opened(admin_client, japan):
    change = url(models.Nation, "change", japan.pk)
    data = form_data(admin_client.get(change))
    assert data["loaded_updated_at"]

    # Someone else saves meanwhile.
    other = models.Nation.objects.get(pk=japan.pk)
    other.description = "Their edit."
    other.save()

    data["description"] = "My edit."
    response = admin_client.post(change, data)
    assert response.status_code == 200
    assert CONCURRENT_EDIT_MESSAGE in response.content.decode()
    japan.refresh_from_db()
    assert japan.description == "Their edit."

    # After reloading, the editor's save goes through.
    data = form_data(admin_client.get(change))
    data["description"] = "My edit."
    assert admin_client.post(change, data).status_code == 302
    japan.refresh_from_db()
    assert japan.description == "My edit."


def test_concurrent_edit_guard_covers_inline_admins(admin_client, us_japan_treaty):
    change = url(models.Partnership, "change", us_japan_treaty.pk)
    data = form_data(admin_client.get(change))
    models.Partnership.objects.get(pk=us_japan_treaty.pk).save()
    data["name"] = "Renamed"
    response = admin_client.post(change, data)
    assert CONCURRENT_EDIT_MESSAGE in response.content.decode()


# --- Import and export -------------------------------------------------------------------


def _preview(admin_client, model, content, fmt="csv"):
    """Upload a file to the admin import view: the dry run, shown for confirmation."""
    upload = io.BytesIO(content if isinstance(content, bytes) else content.encode())
    upload.name = f"upload.{fmt}"
    preview = admin_client.post(
        url(model, "import"), {"resource": "0", "format": FORMATS[fmt], "import_file": upload}
    )
    assert preview.status_code == 200
    return preview


def _confirm(admin_client, model, preview):
    confirm_form = preview.context.get("confirm_form")
    assert confirm_form is not None, preview.content.decode()
    confirm_data = {field.html_name: field.value() for field in confirm_form}
    return admin_client.post(url(model, "process_import"), confirm_data)


def _upload(admin_client, model, content, fmt="csv"):
    preview = _preview(admin_client, model, content, fmt)
    if preview.context.get("confirm_form") is None:
        return preview, None
    return preview, _confirm(admin_client, model, preview)


def _export(resource, queryset, fmt):
    dataset = resource.export(queryset)
    return dataset.export(fmt)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_nations_round_trip_through_admin_import(admin_client, usa, japan, fmt):
    exported = _export(NationResource(), models.Nation.objects.all(), "csv")
    dataset = tablib.Dataset().load(exported, format="csv")
    france = {
        "slug": "france",
        "name": "France",
        "official_name": "French Republic",
        "iso2": "FR",
        "iso3": "FRA",
        "iso_numeric": "250",
        "cow_code": 220,
        "cow_abbrev": "FRN",
        "region": "europe",
        "subregion": "Western Europe",
        "is_historical": False,
        "un_member_since": "1945-10-24",
        "description": "",
    }
    dataset.append([france[header] for header in dataset.headers])
    content = dataset.export(fmt)

    preview = _preview(admin_client, models.Nation, content, fmt)
    assert b"French Republic" in preview.content  # the preview lists the new row
    assert not models.Nation.objects.filter(slug="france").exists()  # nothing saved yet
    assert _confirm(admin_client, models.Nation, preview).status_code == 302

    france = models.Nation.objects.get(slug="france")
    assert (france.iso3, france.cow_code, france.region) == ("FRA", 220, "europe")
    assert france.un_member_since == datetime.date(1945, 10, 24)
    assert models.Nation.objects.count() == 3
    usa.refresh_from_db()
    assert usa.name == "United States"


def test_partnerships_round_trip_through_admin_import(admin_client, us_japan_treaty, usa, japan):
    source = factories.SourceFactory(slug="atop-5")
    us_japan_treaty.sources.add(source)
    content = _export(PartnershipResource(), models.Partnership.objects.all(), "csv")
    assert "united-states,japan" in content or "japan,united-states" in content
    us_japan_treaty.delete()

    preview, confirmed = _upload(admin_client, models.Partnership, content)
    assert confirmed is not None, preview.content.decode()
    assert confirmed.status_code == 302

    treaty = models.Partnership.objects.get(slug="us-japan-security-treaty")
    assert treaty.kind == "bilateral"
    assert treaty.defense
    assert set(treaty.members.all()) == {usa, japan}
    assert list(treaty.sources.all()) == [source]


def test_import_page_explains_slug_columns(admin_client):
    page = admin_client.get(url(models.Partnership, "import")).content.decode()
    assert "Related records are named by slug" in page
    assert "A bilateral partnership lists exactly two." in page


def test_import_refuses_bilateral_row_with_three_members_naming_the_row(
    admin_client, usa, japan, france
):
    content = (
        "slug,name,kind,start_date,members\n"
        'good-pact,Good pact,bilateral,2001-05-01,"france,japan"\n'
        'bad-pact,Bad pact,bilateral,2001-05-01,"france,japan,united-states"\n'
    )
    preview, confirmed = _upload(admin_client, models.Partnership, content)
    assert confirmed is None  # no confirm step while a row is invalid
    text = preview.content.decode()
    assert "Row 2: members: A bilateral partnership has exactly two distinct member nations" in text
    assert not models.Partnership.objects.exists()


def test_import_refuses_unknown_slug_naming_the_row(admin_client, usa):
    content = (
        "slug,name,kind,start_date,members\n"
        'pact,Pact,multilateral,2001-05-01,"united-states,atlantis"\n'
    )
    preview, confirmed = _upload(admin_client, models.Partnership, content)
    assert confirmed is None
    assert "Row 1: members: No nation with slug &#x27;atlantis&#x27;." in preview.content.decode()


def test_import_refuses_dates_out_of_order(admin_client):
    content = "slug,name,kind,start_date,end_date\npact,Pact,informal,2001-05-01,2000-01-01\n"
    preview, confirmed = _upload(admin_client, models.Partnership, content)
    assert confirmed is None
    assert "Row 1:" in preview.content.decode()
    assert "cannot be before the start date" in preview.content.decode()


def test_import_of_new_members_keeps_existing_spans(admin_client, usa, japan, france):
    pact = factories.PartnershipFactory(slug="pact", kind="multilateral")
    factories.PartnershipMemberFactory(
        partnership=pact, nation=usa, joined=datetime.date(1960, 1, 1), role="founder"
    )
    factories.PartnershipMemberFactory(partnership=pact, nation=japan)
    content = (
        "slug,name,kind,start_date,members\n"
        f'pact,{pact.name},multilateral,1951-09-08,"united-states,france"\n'
    )
    _, confirmed = _upload(admin_client, models.Partnership, content)
    assert confirmed.status_code == 302
    spans = {m.nation.slug: m for m in pact.memberships.select_related("nation")}
    assert set(spans) == {"united-states", "france"}
    assert spans["united-states"].joined == datetime.date(1960, 1, 1)
    assert spans["united-states"].role == "founder"


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_admin_export_view_offers_every_format(admin_client, usa, fmt):
    page = admin_client.get(url(models.Nation, "export"))
    titles = [label for _, label in page.context["form"].fields["format"].choices]
    assert {"csv", "xlsx", "json"} <= set(titles)
    response = admin_client.post(
        url(models.Nation, "export"),
        {
            "format": FORMATS[fmt],
            "resource": "0",
            **{f"nationresource_{name}": "on" for name in ("slug", "name", "iso3")},
        },
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    if fmt != "xlsx":
        assert "united-states" in response.content.decode()


def test_slug_redirects_are_read_only(admin_client, usa):
    usa.slug = "usa"
    usa.save()
    redirect = models.SlugRedirect.objects.get(
        content_type=ContentType.objects.get_for_model(models.Nation)
    )
    change = admin_client.get(url(models.SlugRedirect, "change", redirect.pk))
    assert change.status_code == 200
    assert b'name="_save"' not in change.content
    assert admin_client.get(url(models.SlugRedirect, "import")).status_code == 403
