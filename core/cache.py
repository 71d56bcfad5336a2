"""Full-page cache for anonymous visitors, with purges by tag.

A page served by Wagtail to a visitor without a session is kept in the configured cache (the
shared Redis cache when several app servers run, see CACHE_URL) under its host and full path,
which start with the language prefix, so each language version has its own entry. Each entry
carries tags: the page it shows, and "site" for what every page shows (the menu, organisations,
topics). Purging a tag gives it a new token, so every entry stored under the old token is a miss
from then on; nothing has to find and delete the entries themselves.

What is never cached: anything for a signed-in visitor or one with a session or pending messages,
POSTs, answers other than 200, and any answer that sets a cookie. A page that shows a form with a
CSRF token sets the CSRF cookie, so forms are never served from the cache with someone else's
token.

Publishing, unpublishing, moving or deleting a page purges the page, its translations and the
pages above them (the lists that show it, up to the home page); a page in the menu purges the
whole site. Approving, rejecting or answering a comment purges its consultation's comments (a
part of the page with a tag of its own, part_tag) and the lists above it. Entries expire
after GLAS_PAGE_CACHE_SECONDS anyway, and a consultation or competition page expires at its next
phase change, so the page says "open" exactly while it is open. GLAS_PAGE_CACHE_SECONDS=0 turns
the cache off.
"""

import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from datetime import datetime
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language, get_language_from_path
from wagtail.models import Page, Site

logger = logging.getLogger(__name__)
T = TypeVar("T")

SITE = "site"
KEY_PREFIX = "glas:page:"
TAG_PREFIX = "glas:tag:"
HEADER = "X-Glas-Cache"
# The tags of the entries this process has stored or seen, so that a hit needs one round trip to
# the cache (the entry and its tags' tokens together) instead of two. Bounded; only a speed-up.
_known_tags: dict[str, tuple[str, ...]] = {}
KNOWN_TAGS_MAX = 20_000


def page_tag(page_id: int) -> str:
    return f"page:{page_id}"


def row_tag(page_id: int) -> str:
    """The tag of a page's own row (what routing keeps of it, core/routing.py kept_walk):
    purged when the page itself, or a language version of it, is published, unpublished, moved
    or deleted; not, as its page tag is, when a page below it changes or a comment is decided."""
    return f"row:{page_id}"


def timeout() -> int:
    return getattr(settings, "GLAS_PAGE_CACHE_SECONDS", 0)


def part_tag(page: Page, part: str) -> str:
    """The tag of a part of a page that changes without the page being published (a
    consultation's comments, in every language version): the page's class names its parts in
    `cache_parts`. Purging the page purges its parts; purge_part purges one part alone."""
    return f"part:{part}:{page.translation_key}"


def _part_tags(page: Page) -> set[str]:
    return {part_tag(page, part) for part in getattr(page.specific_class, "cache_parts", ())}


def tag_page(request: HttpRequest, page: Page) -> None:
    """Mark the answer to this request as cacheable, showing `page` (called before serving)."""
    tags: set[str] = getattr(request, "glas_cache_tags", set())
    request.glas_cache_tags = tags | {page_tag(page.pk), SITE} | _part_tags(page)
    moment = next_change(page, timezone.now())
    if moment is not None:
        previous = getattr(request, "glas_cache_until", None)
        request.glas_cache_until = moment if previous is None else min(previous, moment)


def next_change(page: object, now: datetime) -> datetime | None:
    """When what the page shows changes by the clock alone (a phase change), or None."""
    changes_at = getattr(page, "next_change", None)
    return changes_at(now) if callable(changes_at) else None


def site_cached(name: str, build: Callable[[], T], seconds: int = 3600, force: bool = False) -> T:
    """A value that changes only when the site tag is purged (the menu): kept in the cache
    until then, `seconds` at most. Off with GLAS_CACHE_FRAGMENTS unless `force`d (the caller
    decides).

    Within a request (RequestMemoMiddleware) each value is looked up once, and the first look-up
    fetches the site tag's token together with every value that requests in this language asked
    for before: one round trip to the cache for the menu, the view restrictions and the rest."""
    if not (force or getattr(settings, "GLAS_CACHE_FRAGMENTS", False)):
        return build()
    key = f"glas:site:{name}"
    memo = _request_memo.get()
    if memo is None:
        return tag_cached(SITE, key, build, seconds)
    if key in memo.values:
        return memo.values[key]
    try:
        known = _known_site_keys.setdefault(get_language() or "", {})
        if key not in known:
            if len(known) >= KNOWN_SITE_KEYS_MAX:
                known.clear()
            known[key] = None
        if not memo.fetched:
            _fetch(memo, known)
        elif key not in memo.entries:
            memo.entries[key] = cache.get(key)
    except Exception:
        logger.warning("Cache unreachable", exc_info=True)
        return build()
    entry = memo.entries.get(key)
    if entry is not None and memo.token is not None and entry[0] == memo.token:
        value = entry[1]
    else:
        memo.token, value = _build_and_store(SITE, key, build, seconds, memo.token)
    memo.values[key] = value
    return value


# Kept fragments (core/templatetags/glas_tags.py, the news list) are read again after this long.
FRAGMENT_SECONDS = 3600


def fragment_key(*parts: str) -> str:
    """The cache key of a kept fragment, from what it depends on (the page, the language...)."""
    return "glas:fragment:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _fetch(memo: "_RequestMemo", known: dict[str, None]) -> None:
    """The request's first round trip: the site tag's token with every site-cached value that
    requests in this language asked for before, and the keys prefetch() and prefetch_page()
    named. A key asked for and not found is noted as missing, not asked for again."""
    asked = [TAG_PREFIX + SITE, *known, *memo.also]
    found = cache.get_many(asked)
    memo.entries.update({key: found.get(key) for key in asked})
    memo.token, memo.fetched = memo.entries[TAG_PREFIX + SITE], True


def prefetch(key: str) -> None:
    """Have the request's first round trip (see site_cached) read `key` too, if it has not been
    made yet: with_site_values(key) then needs none of its own."""
    memo = _request_memo.get()
    if memo is not None and not memo.fetched:
        memo.also.append(key)


def prefetch_page(page_key: str) -> None:
    """Have the request's first round trip read, too, what the page under `page_key` (its
    kept route, core/routing.py) read from the cache the last time this process served it: its
    route's tags, its kept fragments and their tags. What the page then reads comes from that
    round trip (_get_many) instead of one round trip each; what it reads is noted for the next
    time."""
    memo = _request_memo.get()
    if memo is not None and not memo.fetched:
        memo.page_key = page_key
        memo.also.extend(_known_reads.get(page_key, ()))


def with_site_values(key: str) -> Any:
    """What the cache holds under `key` (None if nothing): from the request's first round trip
    when prefetch() named it there, else read now."""
    memo = _request_memo.get()
    if memo is None:
        return cache.get(key)
    if not memo.fetched and key in memo.also:
        _fetch(memo, _known_site_keys.setdefault(get_language() or "", {}))
    return _get_many([key]).get(key)


def _get_many(keys: list[str]) -> dict[str, Any]:
    """cache.get_many(keys), through the request's memo: a key its first round trip read (or
    an earlier call in the request) is not read again. Outside a request, straight from the
    cache."""
    memo = _request_memo.get()
    if memo is None:
        return cache.get_many(keys)
    memo.reads.extend(keys)
    missing = [key for key in keys if key not in memo.entries]
    if missing:
        found = cache.get_many(missing)
        memo.entries.update({key: found.get(key) for key in missing})
    return {key: memo.entries[key] for key in keys if memo.entries[key] is not None}


def _noted(key: str, value: Any) -> None:
    """What this request stored or purged, so that it reads back its own change."""
    memo = _request_memo.get()
    if memo is not None:
        memo.entries[key] = value
        if key == TAG_PREFIX + SITE and memo.fetched:
            memo.token = value


def tokens_read() -> dict[str, str]:
    """The tag tokens this request has read so far (tag → token): what it reads from the
    database after this call is at least as new as each of them."""
    memo = _request_memo.get()
    if memo is None:
        return {}
    start = len(TAG_PREFIX)
    return {key[start:]: value for key, value in memo.entries.items() if key.startswith(TAG_PREFIX) and value}


def tag_tokens(tags: list[str], make: bool = False) -> list[str | None]:
    """The current token of each tag (None for a tag that has none), in one round trip (none
    when the request's first one read them); with `make`, a tag without one gets one first (as
    before building what is kept under it)."""
    found = _get_many([TAG_PREFIX + tag for tag in tags])
    tokens = [found.get(TAG_PREFIX + tag) for tag in tags]
    if make:
        for n, tag in enumerate(tags):
            if tokens[n] is None:
                tokens[n] = _first_token(tag)
    return tokens


def _first_token(tag: str) -> str | None:
    """A token for a tag that has none yet, or the one another process gave it first."""
    token = uuid.uuid4().hex
    if not cache.add(TAG_PREFIX + tag, token, timeout=None):
        token = cache.get(TAG_PREFIX + tag)
    _noted(TAG_PREFIX + tag, token)
    return token


def keep(key: str, value: Any, seconds: int) -> None:
    """Store a value (its freshness is the caller's: tag tokens kept with it, say)."""
    cache.set(key, value, timeout=seconds)
    _noted(key, value)


def keep_many(values: dict[str, Any], seconds: int) -> None:
    """Store several values in one round trip (their freshness is the caller's, as with keep)."""
    if values:
        cache.set_many(values, timeout=seconds)
        for key, value in values.items():
            _noted(key, value)


def kept_values(keys: list[str]) -> dict[str, Any]:
    """What the cache holds under each key (a key without a value left out): in one round trip,
    or none when the request's first one read them (prefetch_page)."""
    return _get_many(keys)


def keeps_fragments(request: HttpRequest | None) -> bool:
    """Whether kept fragments are read and stored for this request: with GLAS_CACHE_FRAGMENTS,
    and never in an editor's preview, which shows a draft that the public must not be served
    from the cache (and which must show the draft, not what was kept)."""
    return getattr(settings, "GLAS_CACHE_FRAGMENTS", False) and not getattr(request, "is_preview", False)


def site_token() -> str | None:
    """The site tag's token for this request (None outside a request, or when the cache cannot
    be reached or the site has no token yet): a key made with it ends with a purge of the site.
    Read with the site-cached values in the request's one round trip, made now if no value was
    asked for before."""
    memo = _request_memo.get()
    if memo is None:
        return None
    if not memo.fetched:
        try:
            _fetch(memo, _known_site_keys.setdefault(get_language() or "", {}))
        except Exception:
            logger.warning("Cache unreachable", exc_info=True)
            return None
    return memo.token


def per_request(name: str, build: Callable[[], T]) -> T:
    """build(), once per request (RequestMemoMiddleware), however many callers ask; built each
    time outside a request."""
    memo = _request_memo.get()
    if memo is None:
        return build()
    key = f"glas:request:{name}"
    if key not in memo.values:
        memo.values[key] = build()
    return memo.values[key]


def tag_cached(
    tag: str, key: str, build: Callable[[], T], seconds: int, fresh: Callable[[T], bool] | None = None
) -> T:
    """build(), kept in the cache under `key` until `tag` is purged (or `seconds` pass, or
    `fresh(value)` says it is out of date). One round trip fetches the value and the tag's token
    together, or none when the request's first round trip read them (prefetch_page)."""
    try:
        found = _get_many([key, TAG_PREFIX + tag])
    except Exception:
        logger.warning("Cache unreachable", exc_info=True)
        return build()
    token, entry = found.get(TAG_PREFIX + tag), found.get(key)
    if entry is not None and token is not None and entry[0] == token and (fresh is None or fresh(entry[1])):
        return entry[1]
    return _build_and_store(tag, key, build, seconds, token)[1]


def _build_and_store(
    tag: str, key: str, build: Callable[[], T], seconds: int, token: str | None
) -> tuple[str | None, T]:
    """build() and keep it under the tag's token (made first if the tag has none); returns the
    token and the value."""
    if seconds <= 0:
        return token, build()
    try:
        if token is None:
            # Before building: a purge while build() reads the database then replaces this token,
            # and what was built from the old data is never served.
            token = _first_token(tag)
    except Exception:
        logger.warning("Could not store %s in the cache", key, exc_info=True)
        return token, build()
    value = build()
    try:
        cache.set(key, (token, value), timeout=seconds)
        _noted(key, (token, value))
    except Exception:
        logger.warning("Could not store %s in the cache", key, exc_info=True)
    return token, value


class _RequestMemo:
    """What one request has read of the site-cached values (see site_cached)."""

    def __init__(self) -> None:
        self.fetched = False
        self.token: str | None = None
        self.entries: dict[str, Any] = {}
        self.values: dict[str, Any] = {}
        self.also: list[str] = []
        self.page_key: str | None = None
        self.reads: list[str] = []


_request_memo: ContextVar[_RequestMemo | None] = ContextVar("glas_request_memo", default=None)
# The site-cached values that requests in each language asked for, fetched together. Bounded.
_known_site_keys: dict[str, dict[str, None]] = {}
KNOWN_SITE_KEYS_MAX = 32
# What each page read from the cache the last time this process served it (prefetch_page).
# Bounded; only a speed-up: a key no longer used is read for nothing, and dropped next time.
_known_reads: dict[str, tuple[str, ...]] = {}
KNOWN_READS_MAX = 5000


class RequestMemoMiddleware:
    """Each request reads the site-cached values (the menu, the view restrictions) once, in one
    round trip to the cache (core/cache.py site_cached), with what its page read the last time
    (prefetch_page). Place it after the page cache, so a hit pays nothing for it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        memo = _RequestMemo()
        reset = _request_memo.set(memo)
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(reset)
            if memo.page_key is not None and memo.reads:
                if len(_known_reads) >= KNOWN_READS_MAX:
                    _known_reads.clear()
                _known_reads[memo.page_key] = tuple(dict.fromkeys(memo.reads))


def purge(*tags: str) -> None:
    """Invalidate every cached page that carries one of the tags."""
    if not tags:
        return
    tokens = {TAG_PREFIX + tag: uuid.uuid4().hex for tag in tags}
    try:
        cache.set_many(tokens, timeout=None)
    except Exception:  # a cache outage must not stop an editor from publishing
        logger.exception("Could not purge the page cache for %s", tags)
        return
    for key, token in tokens.items():
        _noted(key, token)


def _tags_of_versions(page: Page, themselves: bool) -> tuple[set[str], Any]:
    """The tags of the pages above every language version of the page (the lists that show
    it), and of the versions themselves if asked; and the versions."""
    versions = Page.objects.filter(translation_key=page.translation_key).only("path", "depth", "show_in_menus")
    paths: set[str] = set()
    for version in versions:
        last = version.depth + 1 if themselves else version.depth
        paths.update(version.path[: step * Page.steplen] for step in range(2, last))
    ids = Page.objects.filter(path__in=paths).values_list("pk", flat=True) if paths else []
    return {page_tag(pk) for pk in ids}, versions


def purge_part(page: Page, part: str, *also: str) -> None:
    """Purge one part of a page (a consultation's comments): every cached page and fragment
    that shows it, in each language, and the pages above (the lists that count it), but not what
    is kept of the page otherwise (its links to its translations, its head); and the tags `also`
    in the same round trip (what is kept of a piece of the part, one paragraph's comments)."""
    above, _versions = _tags_of_versions(page, themselves=False)
    purge(part_tag(page, part), *also, *above)


def purge_page(page: Page) -> None:
    """Purge a page, its translations and every page above them (the lists that show it)."""
    tags, versions = _tags_of_versions(page, themselves=True)
    tags |= {page_tag(page.pk), row_tag(page.pk)} | {row_tag(version.pk) for version in versions} | _part_tags(page)
    # A page in the menu, or a site's home page in any language (kept with its site for routing,
    # core/routing.py), changes every page.
    if (
        page.show_in_menus
        or any(version.show_in_menus for version in versions)
        or Site.objects.filter(root_page__translation_key=page.translation_key).exists()
    ):
        tags.add(SITE)
    purge(*tags)


def _key(request: HttpRequest) -> str:
    raw = f"{request.get_host()}{request.get_full_path()}"
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or timeout() <= 0:
        return False
    # Only pages under a language prefix are Wagtail pages; the rest (admin, health check,
    # sitemap, documents) is never cached and pays no lookup.
    if not get_language_from_path(request.path_info) or "HTTP_AUTHORIZATION" in request.META:
        return False
    return not any(name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, "messages"))


def _storable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    vary = {value.strip().lower() for value in cc_delim_re.split(response.get("Vary", ""))}
    control = response.get("Cache-Control", "").lower()
    return "cookie" not in vary and not any(word in control for word in ("private", "no-store", "no-cache"))


def _remember(key: str, tags: Iterable[str]) -> None:
    if len(_known_tags) >= KNOWN_TAGS_MAX:
        _known_tags.clear()
    _known_tags[key] = tuple(tags)


class AnonymousPageCacheMiddleware:
    """Serves anonymous visitors' pages from the cache; place it after the security and static
    file middleware and before the session middleware, so a hit skips the rest."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            return self.get_response(request)
        try:
            key = _key(request)
            response = self._lookup(key)
            if response is not None:
                response[HEADER] = "hit"
                return response
        except Exception:  # an unreachable cache or a refused host: serve as if uncached
            logger.warning("Page cache lookup failed", exc_info=True)
            return self.get_response(request)
        response = self.get_response(request)
        tags = getattr(request, "glas_cache_tags", None)
        if request.method == "GET" and tags and _storable(response):
            self._store(request, key, response, tags)
        return response

    @staticmethod
    def _lookup(key: str) -> HttpResponse | None:
        """The cached response if it is there and none of its tags was purged since, else None."""
        tags = _known_tags.get(key, ())
        if tags:
            found = cache.get_many([key, *(TAG_PREFIX + tag for tag in tags)])
            entry = found.pop(key, None)
        else:
            entry = cache.get(key)
            found = None
        if entry is None:
            return None
        if found is None or set(entry["tags"]) != set(tags):
            found = cache.get_many([TAG_PREFIX + tag for tag in entry["tags"]])
            _remember(key, entry["tags"])
        if all(found.get(TAG_PREFIX + tag) == token for tag, token in entry["tags"].items()):
            return entry["response"]
        return None

    @staticmethod
    def _store(request: HttpRequest, key: str, response: HttpResponse, tags: Iterable[str]) -> None:
        seconds = timeout()
        until = getattr(request, "glas_cache_until", None)
        if until is not None:
            seconds = min(seconds, int((until - timezone.now()).total_seconds()))
        if seconds <= 0:
            return
        try:
            tokens = {}
            current = cache.get_many([TAG_PREFIX + tag for tag in tags])
            for tag in tags:
                token = current.get(TAG_PREFIX + tag)
                if token is None:
                    token = uuid.uuid4().hex
                    if not cache.add(TAG_PREFIX + tag, token, timeout=None):
                        token = cache.get(TAG_PREFIX + tag)
                tokens[tag] = token
            if response.has_header(HEADER):
                del response[HEADER]
            cache.set(key, {"response": response, "tags": tokens}, timeout=seconds)
            _remember(key, tokens)
        except Exception:
            logger.warning("Could not store a page in the cache", exc_info=True)
        response[HEADER] = "miss"
