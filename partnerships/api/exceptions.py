"""Every error under /api/ is JSON: 400 {"field": [...]}, otherwise {"detail": "..."}."""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, InterfaceError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import JsonResponse
from django.urls import Resolver404, resolve
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler, set_rollback

logger = logging.getLogger("django.request")


class DatabaseUnavailable(APIException):
    """The database does not answer (the primary down): nothing was saved."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The database is unavailable; nothing was saved. Try again shortly."
    default_code = "unavailable"


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "payload_too_large"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The record has changed since you read it: If-Match does not match its current "
        "ETag. Read it again and retry."
    )
    default_code = "precondition_failed"

    def __init__(self, detail=None, *, etag=None):
        super().__init__(detail)
        self.etag = etag  # the current one, sent with the 412 so a client can retry


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Other records depend on this one."
    default_code = "conflict"


def validation_error(error: DjangoValidationError) -> ValidationError:
    """A Django ValidationError as DRF's, with model-wide errors under non_field_errors."""
    detail = as_serializer_error(error)
    if "__all__" in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop("__all__")
    return ValidationError(detail)


def check_body_size(request) -> None:
    """DRF's parsers read the body without Django's DATA_UPLOAD_MAX_MEMORY_SIZE check."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if limit is not None and length > limit:
        raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = validation_error(exc)
    elif isinstance(exc, ProtectedError | RestrictedError):
        blocking = getattr(exc, "protected_objects", None) or exc.restricted_objects
        names = sorted({str(record) for record in list(blocking)[:5]})
        exc = Conflict(f"Other records depend on this one: {', '.join(names)}.")
    elif isinstance(exc, IntegrityError):  # after ProtectedError, one of its kind
        exc = ValidationError(
            {api_settings.NON_FIELD_ERRORS_KEY: ["This conflicts with an existing record."]}
        )
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, OperationalError | InterfaceError):
        exc = DatabaseUnavailable()
    elif isinstance(exc, SuspiciousOperation):
        exc = ValidationError({api_settings.NON_FIELD_ERRORS_KEY: ["Bad request."]})
    response = exception_handler(exc, context)
    if response is None:
        # A bug, not bad input: logged with its traceback, answered in JSON all the same.
        request = context.get("request")
        logger.error("Internal Server Error: %s", getattr(request, "path", "?"), exc_info=exc)
        set_rollback()
        response = Response(
            {"detail": "Server error."}, status=status.HTTP_500_INTERNAL_SERVER_ERROR
        )
    if isinstance(exc, DatabaseUnavailable):
        response["Retry-After"] = "30"
    response.data = encodable(response.data)
    if isinstance(exc, PreconditionFailed) and exc.etag:
        response["ETag"] = exc.etag
    return response


def encodable(data):
    """Error details that echo the input ("'\\ud800' is not a valid choice") with any lone
    surrogate written as an escape: as it is, it cannot be encoded as UTF-8 (a 500)."""
    if isinstance(data, str):
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            return data.encode("utf-8", "backslashreplace").decode("utf-8")
        return data
    if isinstance(data, list):
        return [encodable(item) for item in data]
    if isinstance(data, dict):
        return {encodable(key): encodable(value) for key, value in data.items()}
    return data


def api_not_found(request, *args, **kwargs):
    """Any path under /api/ that matches nothing: a JSON 404 (or the slash it lacks)."""
    path = request.path_info
    if not path.endswith("/") and request.method in ("GET", "HEAD"):
        try:
            match = resolve(path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            from django.http import HttpResponsePermanentRedirect

            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    return JsonResponse({"detail": "Not found."}, status=404)
