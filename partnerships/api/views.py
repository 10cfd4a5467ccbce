"""The API's resources: thin viewsets over prefetch.py, filters.py, reader.py and writers.py.

Lists filter with the same FilterSets as the HTML pages, page per the contract, and
stream every matching row as CSV with `?format=csv`. Every answer that shows records
(list pages, detail, CSV, the record a write returns) is made by the reader from the
resource's read serializer. JSON responses carry an ETag and Last-Modified and answer
304 to a matching conditional GET; writes honour If-Match.
"""

from django.db import transaction
from django.http import Http404, HttpResponsePermanentRedirect, StreamingHttpResponse
from django.utils.cache import patch_vary_headers
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import status, viewsets
from rest_framework.exceptions import MethodNotAllowed, ValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from .. import filters
from ..models import SlugRedirect
from ..querysets import sees_drafts
from . import prefetch, serializers, writers
from .answer_etags import (
    ModifiedTracker,
    add_validators,
    cache_control,
    check_preconditions,
    etag_for,
    is_not_modified,
    known_not_modified,
    not_modified,
    not_modified_with,
    remember_validators,
    validators_key,
)
from .exceptions import api_exception_handler, check_body_size
from .pagination import CataloguePagination
from .permissions import CatalogueModelPermissions, check_publish_permission
from .reader import Reader
from .record_links import api_link
from .renderers import CSVRenderer, FastJSONRenderer, csv_line, flatten
from .schema import BLANK_ALLOWED
from .throttling import AnonThrottle, UserThrottle

WRITE_METHODS = ("POST", "PUT", "PATCH")

# Parameters of a list that are no FilterSet field: a page, its size, a format.
NOT_FILTERSET_FIELDS = frozenset({"page", "page_size", "format"})


def check_no_blank_parameters(request) -> None:
    """`?year=` or `?in_force=` names no value: a 400 naming it, never "any" in silence."""
    blank = sorted(
        name
        for name, values in request.query_params.lists()
        if name not in BLANK_ALLOWED and any(not value.strip() for value in values)
    )
    if blank:
        raise ValidationError(
            {name: ["Give a value, or leave the parameter out."] for name in blank}
        )


class APIMixin:
    """What every API view shares: JSON errors, request-time throttles, body size limit."""

    throttle_classes = [AnonThrottle, UserThrottle]

    def get_exception_handler(self):
        return api_exception_handler

    def initial(self, request, *args, **kwargs):
        # A method the URL does not have is a 405 before credentials are asked for.
        if getattr(self, request.method.lower(), None) is None:
            raise MethodNotAllowed(request.method)
        check_body_size(request)
        check_no_blank_parameters(request)
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        # An error, or OPTIONS' description of the view, asked for as CSV (or any non-JSON
        # format but the browsable API) is JSON.
        renderer = getattr(request, "accepted_renderer", None)
        if (
            isinstance(response, Response)
            and (response.status_code >= 400 or request.method == "OPTIONS")
            and renderer is not None
            and not isinstance(renderer, JSONRenderer | BrowsableAPIRenderer)
        ):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)
        if not response.has_header("Cache-Control"):
            scope = self.answer_scope() if hasattr(self, "answer_scope") else ""
            response["Cache-Control"] = cache_control(request, response, private=scope == "drafts")
        return response


class _KnownUnchanged(Exception):
    """Raised by `initial` to answer 304 at once (caught in `handle_exception`)."""

    def __init__(self, response):
        self.response = response


class ConditionalMixin:
    """ETag and Last-Modified on JSON answers; 304 for a conditional GET that matches,
    before any work when the answer is known unchanged (answer_etags.py)."""

    @property
    def modified(self) -> ModifiedTracker:
        """The latest `updated_at` this response shows (a view instance serves one request)."""
        if "_modified" not in self.__dict__:
            self._modified = ModifiedTracker()
        return self._modified

    def answer_scope(self) -> str:
        """What, besides the URL, decides what a GET shows (articles: who asks)."""
        return ""

    def validators_key(self, request) -> str | None:
        if request.method not in ("GET", "HEAD") or not _has_validators(request):
            return None
        return validators_key(request, self.answer_scope())

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # signed in, allowed, not throttled
        # The key is taken now, before the body is built (see conditional.validators_key).
        self._validators_key = key = self.validators_key(request)
        meta = request.META
        if "HTTP_IF_NONE_MATCH" in meta or "HTTP_IF_MODIFIED_SINCE" in meta:
            reply = known_not_modified(request, key) if key else None
            if reply is not None:
                raise _KnownUnchanged(reply)

    def handle_exception(self, exc):
        if isinstance(exc, _KnownUnchanged):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            isinstance(response, Response)
            and response.status_code in (200, 201)
            and response.data is not None
            and _has_validators(request)
        ):
            # What a user may read differs (drafts), so caches must key on who asks.
            patch_vary_headers(response, ("Authorization", "Cookie"))
            response.render()
            etag = etag_for(response.content)
            last_modified = self.modified.latest
            add_validators(response, etag, last_modified)
            if response.status_code == 200:
                remember_validators(getattr(self, "_validators_key", None), response, last_modified)
            if request.method in ("GET", "HEAD") and is_not_modified(request, etag, last_modified):
                return not_modified(response)
        return response


def _has_validators(request) -> bool:
    """Every answer with a body (JSON, CSV, the schema) but the browsable API's pages."""
    renderer = getattr(request, "accepted_renderer", None)
    return renderer is not None and not isinstance(renderer, BrowsableAPIRenderer)


class CatalogueViewSet(APIMixin, ConditionalMixin, viewsets.ModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"
    pagination_class = CataloguePagination
    permission_classes = [CatalogueModelPermissions]
    renderer_classes = [FastJSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    filter_backends = [DjangoFilterBackend]
    write_serializer_class = None
    detail_serializer_class = None  # a record on its own, where it shows more than a list row
    csv_chunk_size = 500

    # --- reading ---------------------------------------------------------------------

    def selection(self) -> prefetch.Selection:
        """The resource's records in list order, and its nested lists' rows."""
        raise NotImplementedError

    def get_queryset(self):
        return self.selection().records

    def reader(self, *, tracked: bool = True) -> Reader:
        return Reader(
            self.serializer_class,
            self.selection(),
            request=self.request,
            tracker=self.modified if tracked else None,
        )

    def read_record(self, reader: Reader, **lookup) -> dict | None:
        """One record as GET shows it (a page of one), or None when it is not visible."""
        records = reader.records(reader.rows(self.get_queryset().filter(**lookup)))
        return records[0] if records else None

    def get_serializer_class(self):
        if self.request is not None and self.request.method in WRITE_METHODS:
            return self.write_serializer_class or self.serializer_class
        return self.serializer_class

    def filter_queryset(self, queryset):
        # Filters choose rows of a list; on a detail URL they are ignored, not applied.
        if self.action != "list":
            return queryset
        if NOT_FILTERSET_FIELDS.issuperset(self.request.query_params):
            # django-filter skips every filter left empty: with no parameter to filter on,
            # the FilterSet (a form, deep copies of its fields) would return every row.
            return queryset
        return super().filter_queryset(queryset)

    def retrieve(self, request, *args, **kwargs):
        slug = kwargs[self.lookup_field]
        record = self.read_record(self.reader(), **{self.lookup_field: slug})
        if record is not None:
            return Response(record)
        moved = self.renamed(slug)
        if moved is None:
            raise Http404
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(moved + (f"?{query}" if query else ""))

    def renamed(self, slug) -> str | None:
        """The API URL of the record that used to have this slug (an editor renamed it)."""
        record = SlugRedirect.objects.renamed(self.get_queryset(), slug)
        return api_link(self.request, record._meta.model_name, record.slug) if record else None

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        if getattr(request.accepted_renderer, "format", None) == "csv":
            return self.stream_csv(self.reader(tracked=False), queryset)
        reader = self.reader()
        page = self.paginate_queryset(reader.rows(queryset))
        return self.get_paginated_response(reader.records(page))

    def stream_csv(self, reader: Reader, queryset):
        # Streamed, so the ETag cannot hash the body: it names what decides the body (the
        # catalogue version, URL, reader and minute: conditional.validators_key) instead.
        etag = etag_for(validators_key(self.request, self.answer_scope()).encode())
        if is_not_modified(self.request, etag, None):
            return not_modified_with(etag)
        header = reader.names

        def lines():
            yield csv_line(header)
            for records in reader.chunks(queryset, self.csv_chunk_size):
                yield "".join(
                    csv_line([flatten(record.get(name)) for name in header]) for record in records
                )

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        name = queryset.model._meta.verbose_name_plural.replace(" ", "-")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        response["ETag"] = etag
        patch_vary_headers(response, ("Authorization", "Cookie"))
        return response

    # --- writing ---------------------------------------------------------------------

    def current_validators(self, instance):
        """The ETag and Last-Modified a GET of this record answers now (preconditions)."""
        tracker = ModifiedTracker()
        reader = Reader(
            self.serializer_class, self.selection(), request=self.request, tracker=tracker
        )
        data = self.read_record(reader, pk=instance.pk)
        return etag_for(FastJSONRenderer().render(data, "application/json", {})), tracker.latest

    def get_write_object(self):
        # Lock the row before reading it, until the write commits (update and destroy are
        # atomic): two writes holding the same ETag cannot both pass If-Match. (SQLite's
        # IMMEDIATE transactions serialize writers already; PostgreSQL needs FOR UPDATE.)
        model = self.get_queryset().model
        lookup = {self.lookup_field: self.kwargs[self.lookup_url_kwarg or self.lookup_field]}
        list(model._default_manager.select_for_update().filter(**lookup).values_list("pk"))
        return self.get_object()

    def check_preconditions(self, instance) -> None:
        """If-Match, else If-Unmodified-Since: 412 with the current ETag when stale."""
        check_preconditions(self.request, *self.current_validators(instance))

    def read(self, instance):
        """The record as GET shows it, freshly read with its related records."""
        return self.read_record(self.reader(), pk=instance.pk)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.check_write(None, serializer)
        instance = serializer.save()
        data = self.read(instance)
        headers = {"Location": data["url"]} if data.get("url") else {}
        return Response(data, status=status.HTTP_201_CREATED, headers=headers)

    @transaction.atomic
    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_write_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        # A malformed body is a 400 whatever the preconditions say.
        serializer.is_valid(raise_exception=True)
        self.check_preconditions(instance)
        self.check_write(instance, serializer)
        instance = serializer.save()
        return Response(self.read(instance))

    @transaction.atomic
    def destroy(self, request, *args, **kwargs):
        instance = self.get_write_object()
        self.check_preconditions(instance)
        self.check_write(instance, None)
        instance.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    def check_write(self, instance, serializer) -> None:
        """A resource's own rule beyond the model permission (articles: publishing)."""


def _write_schema(write, read):
    return extend_schema_view(
        create=extend_schema(request=write, responses={201: read}),
        update=extend_schema(request=write, responses={200: read}),
        partial_update=extend_schema(request=write, responses={200: read}),
        destroy=extend_schema(responses={204: OpenApiResponse(description="Deleted.")}),
    )


@_write_schema(writers.NationWriteSerializer, serializers.NationSerializer)
class NationViewSet(CatalogueViewSet):
    """Nations, with their memberships of organizations and partnerships."""

    api_description = (
        "Nations (states, historical ones included), with their memberships of "
        "organizations and partnerships."
    )

    serializer_class = serializers.NationSerializer
    write_serializer_class = writers.NationWriteSerializer
    filterset_class = filters.NationFilter

    def selection(self):
        return prefetch.nations()


@_write_schema(writers.OrganizationWriteSerializer, serializers.OrganizationSerializer)
class OrganizationViewSet(CatalogueViewSet):
    """Organizations, with their members over time."""

    api_description = "Organizations, with their members over time."

    serializer_class = serializers.OrganizationSerializer
    write_serializer_class = writers.OrganizationWriteSerializer
    filterset_class = filters.OrganizationFilter

    def selection(self):
        return prefetch.organizations()


@_write_schema(writers.PartnershipWriteSerializer, serializers.PartnershipDetailSerializer)
@extend_schema_view(retrieve=extend_schema(responses=serializers.PartnershipDetailSerializer))
class PartnershipViewSet(CatalogueViewSet):
    """Defence partnerships, with their member nations over time."""

    api_description = (
        "Defence partnerships, with their member nations over time; a partnership on "
        "its own lists its phases with what each member undertook."
    )

    serializer_class = serializers.PartnershipSerializer
    write_serializer_class = writers.PartnershipWriteSerializer
    filterset_class = filters.PartnershipFilter

    def selection(self):
        return prefetch.partnerships()

    def read_record(self, reader, **lookup):
        # One record shows its obligations per phase and member too (one query more); they
        # are worked out from the obligation periods (phases.py), not read as columns.
        record = super().read_record(reader, **lookup)
        if record is not None:
            record["phases"] = serializers.phases_of(record["slug"])
        return record


@_write_schema(writers.ExerciseWriteSerializer, serializers.ExerciseSerializer)
class ExerciseViewSet(CatalogueViewSet):
    """Joint exercises, with their participants and their roles."""

    api_description = "Joint exercises, with their participants and their roles."

    serializer_class = serializers.ExerciseSerializer
    write_serializer_class = writers.ExerciseWriteSerializer
    filterset_class = filters.ExerciseFilter

    def selection(self):
        return prefetch.exercises()


@_write_schema(writers.EngagementWriteSerializer, serializers.EngagementSerializer)
class EngagementViewSet(CatalogueViewSet):
    """Engagements (training, aid, arms, intelligence, dialogue), with their parties."""

    api_description = (
        "Engagements (training, aid, arms, intelligence, dialogue), with their parties."
    )

    serializer_class = serializers.EngagementSerializer
    write_serializer_class = writers.EngagementWriteSerializer
    filterset_class = filters.EngagementFilter

    def selection(self):
        return prefetch.engagements()


@_write_schema(writers.ArticleWriteSerializer, serializers.ArticleSerializer)
class ArticleViewSet(CatalogueViewSet):
    """Articles: published ones for everyone, drafts too for editors.

    Publishing, unpublishing or moving a published time needs partnerships.publish_article
    (partnerships/publishing.py, the same rule as the admin).
    """

    api_description = (
        "Editorial articles: published ones for everyone, drafts and scheduled ones too "
        "for signed-in editors. Publishing, unpublishing or moving a publication time "
        "needs the publish permission (403 without it)."
    )

    serializer_class = serializers.ArticleSerializer
    write_serializer_class = writers.ArticleWriteSerializer
    filterset_class = filters.ArticleFilter

    def drafts_visible(self) -> bool:
        return sees_drafts(getattr(self.request, "user", None))

    def selection(self):
        return prefetch.articles(drafts=self.drafts_visible())

    def answer_scope(self) -> str:
        return "drafts" if self.drafts_visible() else "public"

    def check_write(self, instance, serializer):
        if serializer is None:  # a delete: removing a published article unpublishes it
            check_publish_permission(self.request.user, instance=instance, status="")
            return
        data = serializer.validated_data
        check_publish_permission(
            self.request.user,
            instance=instance,
            status=data.get("status"),
            published_at=data.get("published_at"),
        )


@_write_schema(writers.SourceWriteSerializer, serializers.SourceSerializer)
class SourceViewSet(CatalogueViewSet):
    """Sources: the citations behind the records."""

    api_description = "Sources: the citations behind the records."

    serializer_class = serializers.SourceSerializer
    write_serializer_class = writers.SourceWriteSerializer
    filterset_class = filters.SourceFilter

    def selection(self):
        return prefetch.sources()


class SchemaView(APIMixin, ConditionalMixin, SpectacularAPIView):
    """The OpenAPI document, with an ETag and Cache-Control like every other answer."""
