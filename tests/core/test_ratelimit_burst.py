"""Rate limits count atomically: posts released together from one address get exactly as many
places as the limit allows; when the cache fails, posting fails closed and reading fails open,
with one warning per interval."""

import logging
import threading
import time

import pytest

from core import ratelimit

IP = "203.0.113.9"


def test_ten_posts_released_together_with_a_limit_of_five_get_exactly_five(settings):
    settings.GLAS_COMMENT_RATE_WINDOW = 60
    start = threading.Barrier(10)
    accepted = []

    def post(n):
        counters = ratelimit.posting_counters(IP, f"person{n}@example.org", 5, 100)
        start.wait()
        if not ratelimit.is_limited("comments", counters):
            time.sleep(0.02)  # saving the comment, sending its e-mail
            ratelimit.count("comments", counters, 60)
            accepted.append(n)

    threads = [threading.Thread(target=post, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(accepted) == 5
    # Counted once each: the next post is refused, and the count is five, not ten.
    assert ratelimit.is_limited("comments", ratelimit.posting_counters(IP, "late@example.org", 5, 100))
    assert ratelimit.has_reached("comments", [("ip", IP, 5)])
    assert not ratelimit.has_reached("comments", [("ip", IP, 6)])


def test_a_refused_post_takes_no_place():
    counters = [("ip", IP, 2)]
    assert not ratelimit.is_limited("essays", counters, 60)
    ratelimit.count("essays", counters, 60)
    assert not ratelimit.is_limited("essays", counters, 60)
    ratelimit.count("essays", counters, 60)
    for _ in range(5):
        assert ratelimit.is_limited("essays", counters, 60)
    assert not ratelimit.has_reached("essays", [("ip", IP, 3)])  # still two


def test_count_without_is_limited_still_counts():
    ratelimit.count("comments", [("ip", "203.0.113.10", 1)], 60)
    assert ratelimit.is_limited("comments", [("ip", "203.0.113.10", 1)], 60)


class Broken:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Error 111 connecting to redis:6379. Connection refused.")

        return fail


def test_when_the_cache_fails_posting_fails_closed_and_reading_fails_open(monkeypatch, caplog):
    monkeypatch.setattr(ratelimit, "cache", Broken())
    monkeypatch.setattr(ratelimit, "_last_warning", 0.0)
    counters = [("ip", IP, 5)]
    with caplog.at_level(logging.WARNING, logger="core.ratelimit"):
        assert ratelimit.is_limited("comments", counters, 60) is True
        assert ratelimit.has_reached("comments", counters) is False
        ratelimit.count("comments", counters, 60)  # an accepted post is not undone
        assert ratelimit.is_limited("comments", counters, 60) is True
    warnings = [r for r in caplog.records if r.name == "core.ratelimit"]
    assert len(warnings) == 1 and "refused" in warnings[0].getMessage()

    # After the interval, one more warning.
    monkeypatch.setattr(ratelimit, "_last_warning", time.monotonic() - ratelimit.WARNING_INTERVAL - 1)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="core.ratelimit"):
        ratelimit.is_limited("comments", counters, 60)
        ratelimit.is_limited("comments", counters, 60)
    assert len([r for r in caplog.records if r.name == "core.ratelimit"]) == 1


@pytest.mark.django_db
def test_a_post_refused_when_the_cache_is_down_keeps_what_was_written(client, consultations, monkeypatch):
    from consultations.models import Comment
    from tests.consultations.test_comments import GOOD, comment_url

    monkeypatch.setattr(ratelimit, "cache", Broken())
    response = client.post(comment_url(consultations["open"]), {**GOOD, "paragraph": ""})
    assert response.status_code == 429
    assert GOOD["text"] in response.content.decode()
    assert Comment.objects.count() == 0
