"""Schemathesis drives every operation of the API's own OpenAPI schema with generated
parameters (valid and not) and checks each answer against the schema: no server error, the
status codes and content types it documents, bodies of the documented shape. A few examples per
operation keep it within the normal suite's time.

The schema is the one /api/v1/schema/ serves, built by drf-spectacular when the module loads (it
needs no database); schemathesis's fixture-based loader does not work with this pytest."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
application = get_wsgi_application()


@pytest.fixture(autouse=True)
def _keep_the_tests_connection():
    """Requests go through the WSGI handler, not Django's test client: like the test client, keep
    the handler from closing the database connection at each request, which on PostgreSQL ends
    the test's transaction (and every request after it answers 503)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=5, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_every_operation_keeps_to_its_schema(case, open_data):
    # The WSGI client does not unpack gzip, which the site applies to JSON (core/compression.py).
    case.call_and_validate(app=application, headers={"Accept-Encoding": "identity"})
