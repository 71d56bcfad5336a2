"""Security headers: a strict Content Security Policy on the public site, Permissions-Policy,
Referrer-Policy and no MIME sniffing everywhere."""

import pytest

pytestmark = pytest.mark.django_db


def test_public_pages_send_a_strict_content_security_policy(client, site_tree):
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'self'" in policy


def test_public_pages_have_no_inline_scripts_or_styles(client, site_tree):
    html = client.get("/en/").content.decode()
    assert "<script>" not in html and "<style" not in html and ' style="' not in html


def test_the_admin_keeps_its_own_policy(client, site_tree):
    assert "Content-Security-Policy" not in client.get("/admin/login/")


def test_every_response_limits_browser_features_and_referrers(client, site_tree):
    response = client.get("/en/")
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
