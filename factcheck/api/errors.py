"""
Errors as JSON, each naming what was wrong.

Every error answers ``{"status": …, "detail": "…"}``; a refused query adds
``errors``, a list of messages for each query parameter at fault, named as it
is in the address (``published_after``, not the filter's ``published``).
"""

from django.http import JsonResponse
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "status": response.status_code,
            "detail": "The query was refused: see errors, by parameter.",
            "errors": exc.detail,
        }
    else:
        # DRF has already worded it (an Http404 too).
        response.data = {"status": response.status_code, "detail": str(response.data["detail"])}
    return response


def not_found(request, exception=None):
    """Any address under the API that names no endpoint."""
    return JsonResponse(
        {"status": 404, "detail": f"No API endpoint at {request.path}. See /api/v1/docs/."},
        status=404,
    )
