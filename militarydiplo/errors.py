"""Error answers: JSON under /api/, pages elsewhere; none shows a traceback, SQL or setting.

A body over DATA_UPLOAD_MAX_MEMORY_SIZE makes Django raise RequestDataTooBig when a form
post is read (by the CSRF check, before any view runs); Django answers that with the 400
handler, which here says what happened: 413.
"""

from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.views import csrf, defaults

TOO_LARGE = "The request body is too large."


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def bad_request(request, exception=None):
    too_large = isinstance(exception, RequestDataTooBig)
    if _is_api(request):
        if too_large:
            return JsonResponse({"detail": TOO_LARGE}, status=413)
        return JsonResponse({"detail": "Bad request."}, status=400)
    if too_large:
        return render(request, "413.html", status=413)
    return defaults.bad_request(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": "Server error."}, status=500)  # as the API's own handler
    return defaults.server_error(request)


def csrf_failure(request, reason=""):
    """A refused CSRF check: JSON under /api/ (a cookie-signed-in script posting without
    the token), Django's page elsewhere."""
    if _is_api(request):
        return JsonResponse(
            {"detail": "CSRF check failed; send the X-CSRFToken header."}, status=403
        )
    return csrf.csrf_failure(request, reason)


class DatabaseUnavailableMiddleware:
    """A database that does not answer (the primary down: a write, a signed-in page)
    gives a clear 503, JSON under /api/ and a page elsewhere, not a 500. Whatever the
    request wrote was in a transaction that never committed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        if _is_api(request):
            from partnerships.api.exceptions import DatabaseUnavailable

            detail = str(DatabaseUnavailable.default_detail)
            response = JsonResponse({"detail": detail}, status=503)
        else:
            response = render(request, "503.html", status=503)
        response["Retry-After"] = "30"
        return response
