"""The visitor's address behind proxies: REMOTE_ADDR with no trusted proxy, the address the
outermost trusted proxy saw with some; an X-Forwarded-For the visitor writes themself moves them
into no other bucket, neither for the comment limits nor for the sign-in lockout."""

import pytest
from django.test import RequestFactory

from core.ratelimit import client_ip
from tests.consultations.test_comments import GOOD, comment_url
from tests.factories import PASSWORD, UserFactory

PROXY = "10.0.0.5"
VISITOR = "198.51.100.7"


def request_with(remote, forwarded=None, **meta):
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", REMOTE_ADDR=remote, **meta)


@pytest.mark.parametrize(
    "hops,remote,forwarded,expected",
    [
        (0, VISITOR, None, VISITOR),
        (0, VISITOR, "203.0.113.66", VISITOR),  # no proxy of ours: the header is the visitor's
        (1, PROXY, VISITOR, VISITOR),
        (1, PROXY, f"203.0.113.66, {VISITOR}", VISITOR),  # the visitor's own entry comes first
        (1, PROXY, f"203.0.113.66,{VISITOR}, ", VISITOR),
        (2, PROXY, f"203.0.113.66, {VISITOR}, 10.0.0.9", VISITOR),
        (2, PROXY, VISITOR, VISITOR),  # fewer entries than proxies: the furthest one
        (1, PROXY, None, PROXY),  # reached the app server directly
        (1, PROXY, "not-an-address", PROXY),
        (1, PROXY, "2001:DB8:0:0::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_the_right_most_one_no_trusted_proxy_added(settings, hops, remote, forwarded, expected):
    settings.GLAS_TRUSTED_PROXIES = hops
    assert client_ip(request_with(remote, forwarded)) == expected


@pytest.mark.parametrize("header", ["X-Real-IP", "HTTP_X_REAL_IP"])
def test_another_header_may_be_named(settings, header):
    settings.GLAS_TRUSTED_PROXIES = 1
    settings.GLAS_CLIENT_IP_HEADER = header
    request = request_with(PROXY, "203.0.113.66", HTTP_X_REAL_IP=VISITOR)
    assert client_ip(request) == VISITOR


@pytest.mark.django_db
@pytest.mark.parametrize("hops", [0, 1])
def test_a_spoofed_forwarded_for_does_not_move_a_commenter_into_another_bucket(client, consultations, settings, hops):
    settings.GLAS_TRUSTED_PROXIES = hops
    settings.GLAS_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.GLAS_COMMENT_RATE_PER_IP = 1
    url = comment_url(consultations["open"])
    remote = PROXY if hops else VISITOR
    real = f", {VISITOR}" if hops else ""

    def post(email, spoof):
        data = {**GOOD, "paragraph": "", "email": email}
        return client.post(url, data, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=f"{spoof}{real}")

    assert post("one@example.org", "203.0.113.1").status_code == 302
    assert post("two@example.org", "203.0.113.2").status_code == 429
    if hops:  # another visitor behind the same proxy has a bucket of their own
        other = {**GOOD, "paragraph": "", "email": "three@example.org"}
        response = client.post(url, other, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.8")
        assert response.status_code == 302


@pytest.mark.django_db
def test_the_sign_in_lockout_stays_on_the_user_and_address_pair_behind_a_proxy(client, site_tree, settings):
    settings.GLAS_TRUSTED_PROXIES = 1
    settings.GLAS_CLIENT_IP_HEADER = "X-Forwarded-For"
    UserFactory(username="juror", is_staff=False)

    def sign_in(password, forwarded):
        return client.post(
            "/en/login/",
            {"username": "juror", "password": password},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in("wrong", f"203.0.113.{n}, {VISITOR}").status_code == 200
    assert sign_in("wrong", f"203.0.113.99, {VISITOR}").status_code == 429  # spoofing does not help
    assert sign_in(PASSWORD, VISITOR).status_code == 429
    # The same user name from another visitor behind the same proxy is not locked out.
    assert sign_in(PASSWORD, "198.51.100.8").status_code == 302
