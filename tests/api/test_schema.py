"""The OpenAPI description, checked by a validator, and the docs made from it."""

import pytest
from django.urls import reverse
from openapi_spec_validator import validate

from factcheck.public.filters import query_parameters

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oai.openapi+json"
    return response.json()


def test_the_description_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_an_invalid_description_would_be_caught(schema):
    """The validator does refuse a broken description (so the test above can fail)."""
    broken = {**schema, "paths": {"/api/v1/claims/": {"get": {"responses": "none"}}}}
    with pytest.raises(Exception, match="responses"):
        validate(broken)


def test_every_endpoint_is_described(schema):
    assert set(schema["paths"]) == {
        "/api/v1/claims/",
        "/api/v1/claims.csv",
        "/api/v1/claims/{slug}/",
        "/api/v1/stories/",
        "/api/v1/stories/{slug}/",
        "/api/v1/ratings/",
        "/api/v1/claimants/",
        "/api/v1/claimants/{slug}/",
    }
    for path in schema["paths"].values():
        assert set(path) == {"get"}, "the API only reads"


def test_the_claim_list_documents_every_public_filter_and_the_link_header(schema):
    operation = schema["paths"]["/api/v1/claims/"]["get"]

    documented = {p["name"] for p in operation["parameters"]}
    assert documented == {*query_parameters(), "page", "per_page"}
    assert "Link" in operation["responses"]["200"]["headers"]
    assert {"200", "400", "404"} <= set(operation["responses"])
    csv = schema["paths"]["/api/v1/claims.csv"]["get"]
    assert {p["name"] for p in csv["parameters"]} == set(query_parameters())
    assert "text/csv" in csv["responses"]["200"]["content"]


def test_the_docs_page_loads_swagger_ui_from_our_own_static_files(client):
    response = client.get(reverse("api:docs"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "https://" not in page
    script = client.get(reverse("api:docs"), {"script": ""})
    assert script["Content-Type"].startswith("application/javascript")
    assert reverse("api:schema") in script.content.decode()
