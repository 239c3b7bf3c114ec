"""The public list's filters, as the API's query parameters."""

from django.core.exceptions import ValidationError as FormError
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError


def parameter_errors(filterset) -> dict[str, list[str]]:
    """The FilterSet's errors keyed by query parameter.

    A range filter (``published``) reads two parameters (``published_after``,
    ``published_before``) and its form field reports one error for both; each
    half is cleaned again on its own to name the one at fault.
    """
    errors = {}
    for name, messages in filterset.errors.items():
        field = filterset.form.fields.get(name)
        suffixes = getattr(getattr(field, "widget", None), "suffixes", None)
        halves = {}
        for suffix, subfield in zip(suffixes or (), getattr(field, "fields", ()), strict=False):
            parameter = f"{name}_{suffix}"
            try:
                subfield.clean(filterset.data.get(parameter))
            except FormError as exc:
                halves[parameter] = exc.messages
        errors.update(halves or {name: list(messages)})
    return errors


class PublicFilterBackend(DjangoFilterBackend):
    """The view's FilterSet over the view's (public) queryset, refused with
    a 400 naming each bad parameter. The FilterSet only narrows what the view
    hands it, so no filter can widen what the public sees."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ValidationError(parameter_errors(filterset))
        return filterset.qs
