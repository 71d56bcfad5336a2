"""What every open-data view is: anonymous, read-only, JSON, throttled per client address,
paginated and filtered the API's way, with the API's JSON errors.

These are set on the views rather than in REST_FRAMEWORK's defaults because Django REST
framework is also used by wagtail-localize's translation editor in the admin, which needs DRF's
defaults (the signed-in translator's session, JSON request bodies): with the API's policy as the
project's default, translators' texts were no longer saved."""

from typing import Any

from django.utils.module_loading import import_string
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from opendata.pagination import ApiPagination
from opendata.throttling import ClientRateThrottle


class OpenDataPolicy:
    # Public data only: no sign-in, so no session, no CSRF and no user-specific answers.
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    # The browsable renderer is left out: its pages would need their own CSP exceptions.
    renderer_classes = [JSONRenderer]
    parser_classes: list[Any] = []
    throttle_classes = [ClientRateThrottle]
    pagination_class = ApiPagination
    filter_backends = [DjangoFilterBackend]

    def get_exception_handler(self) -> Any:
        return import_string("opendata.views.exception_handler")
