"""Sign-in throttling: after five wrong passwords a user name is locked out from that address,
on the jury sign-in page and in the admin, with a message in the visitor's language."""

import pytest

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/mk/login/", "/admin/login/"])
def test_five_wrong_passwords_lock_the_account_out_from_that_address(client, site_tree, url, settings):
    user = UserFactory(username="juror", is_staff=False)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(url, {"username": "juror", "password": "wrong"}).status_code == 200
    locked = client.post(url, {"username": "juror", "password": "wrong"})
    assert locked.status_code == 429
    if url.startswith("/mk/"):
        assert "Премногу обиди" in locked.content.decode()
    still = client.post(url, {"username": "juror", "password": PASSWORD})
    assert still.status_code == 429  # even the right password, until the cool-off ends
    other = client.post(url, {"username": user.username + "x", "password": "wrong"})
    assert other.status_code == 200  # other accounts are not affected


def test_a_successful_sign_in_resets_the_count(client, site_tree, settings):
    UserFactory(username="juror")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/en/login/", {"username": "juror", "password": "wrong"})
    assert client.post("/en/login/", {"username": "juror", "password": PASSWORD}).status_code == 302
    client.logout()
    assert client.post("/en/login/", {"username": "juror", "password": "wrong"}).status_code == 200
