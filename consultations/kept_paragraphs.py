"""The consultation page's paragraphs kept one by one: each paragraph's HTML (its text, its newest
comments, its links) with its counts, kept in the shared cache until a comment on that paragraph
appears, goes or is answered, the page is published, or the site changes.

Why: an approved comment changes one paragraph. The page's draft with its comments is kept as a
whole (the fragment "consultation", part "comments"), and each comment ends it; rendering it
again used to read and render every paragraph's comments (120 of 5,000 on the bench's draft of
40 paragraphs). With the paragraphs kept, it reads and renders the comments of the paragraph
that changed, of the draft as a whole and of removed paragraphs, and takes the rest from the one
round trip to the cache that the request makes anyway (core/cache.py prefetch_page).

What a kept paragraph depends on is in its key or its tag:
- its tag, paragraph_tag(): purged with the consultation's comments by a comment on that
  paragraph (a reply purges its thread's paragraph, a comment moved both; consultations/signals.py);
- in the key: the page (one language version), the language, the site's token (the
  organisations, the municipalities' names), the page's own token (publishing it or one of its
  translations: the paragraph's text, a comment's "the paragraph has changed since", the version
  numbers), the phase and whether the page takes comments now (the links to comment and reply).
A session with its own waiting comments never reads or stores them (consultations/models/pages.py
get_context): its paragraphs show what only that session may see.

Which removed paragraphs have published comments is kept too (under the page's token and
removed_tag(), purged by a comment on a paragraph that some language version's draft lacks), so
that the query after a comment names the paragraphs it reads instead of those it skips.
"""

import logging
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

from core import cache as page_cache

logger = logging.getLogger(__name__)


def paragraph_tag(page: Any, block_id: str) -> str:
    """The tag of one paragraph's comments, in every language version of the consultation."""
    return f"{page_cache.part_tag(page, 'comments')}:{block_id}"


def removed_tag(page: Any) -> str:
    """The tag of which removed paragraphs (no longer in a language version's draft) have
    published comments: purged by a comment on a paragraph that some live version's draft lacks."""
    return f"{page_cache.part_tag(page, 'comments')}:removed"


@dataclass(frozen=True)
class Keeping:
    """Where a paragraph rendered now is kept: its key, and its tag's token read before the
    comments were read (a purge in between replaces the token, and what was read before is
    never served)."""

    key: str
    token: str
    seconds: int


@dataclass
class KeptParagraph:
    html: str
    count: int  # published comments with their replies
    threads: int  # top-level comments


class KeptParagraphs:
    """The page's paragraphs that the cache still holds, and where to keep the others; and the
    removed paragraphs that have published comments, when the cache holds them (the comments
    that the page reads are then those of the paragraphs it renders, of the draft as a whole and
    of these: the database picks them from its index instead of passing over every comment)."""

    def __init__(
        self,
        kept: dict[str, KeptParagraph],
        keeping: dict[str, Keeping],
        removed: frozenset[str] | None = None,
        removed_keeping: Keeping | None = None,
    ) -> None:
        self.kept, self.keeping = kept, keeping
        self.removed, self.removed_keeping = removed, removed_keeping

    def note_removed(self, block_ids: set[str]) -> None:
        """Keep which removed paragraphs have published comments, as read now."""
        if self.removed is None and self.removed_keeping is not None:
            keeping = self.removed_keeping
            try:
                page_cache.keep_many({keeping.key: (keeping.token, frozenset(block_ids))}, keeping.seconds)
            except Exception:
                logger.warning("Could not keep the removed paragraphs in the cache", exc_info=True)

    @classmethod
    def look_up(cls, page: Any, request: HttpRequest | None, block_ids: list[str]) -> "KeptParagraphs | None":
        """What the cache holds of the page's paragraphs, in one round trip (none when the
        request's first one read them); None when nothing is kept here (no fragments, a
        preview, the cache unreachable, or the page changes phase in less than a second)."""
        if not block_ids or not page.pk or not page_cache.keeps_fragments(request):
            return None
        site = page_cache.site_token()
        if site is None:
            return None
        now = timezone.now()
        seconds = page_cache.FRAGMENT_SECONDS
        moment = page_cache.next_change(page, now)
        if moment is not None:
            seconds = min(seconds, int((moment - now).total_seconds()))
        if seconds <= 0:
            return None
        tags = [page_cache.page_tag(page.pk), removed_tag(page)]
        tags += [paragraph_tag(page, block_id) for block_id in block_ids]
        try:
            own, removed_token, *tokens = page_cache.tag_tokens(tags, make=True)
            if own is None or removed_token is None or None in tokens:
                return None
            common = (
                "paragraph",
                str(page.pk),
                get_language() or "",
                site,
                own,
                str(page.phase),
                str(bool(page.accepts_comments)),
            )
            keys = [page_cache.fragment_key(*common, block_id) for block_id in block_ids]
            # Which paragraphs of this version are removed changes with its draft (its token).
            removed_key = page_cache.fragment_key("removed-paragraphs", str(page.pk), own)
            found = page_cache.kept_values([*keys, removed_key])
        except Exception:
            logger.warning("Cache unreachable", exc_info=True)
            return None
        kept: dict[str, KeptParagraph] = {}
        keeping: dict[str, Keeping] = {}
        for block_id, key, token in zip(block_ids, keys, tokens, strict=True):
            entry = found.get(key)
            if entry is not None and entry[0] == token:
                kept[block_id] = entry[1]
            else:
                keeping[block_id] = Keeping(key=key, token=str(token), seconds=seconds)
        entry = found.get(removed_key)
        if entry is not None and entry[0] == removed_token:
            return cls(kept, keeping, removed=entry[1])
        return cls(kept, keeping, removed_keeping=Keeping(key=removed_key, token=removed_token, seconds=seconds))


def keep(rendered: list[tuple[Keeping, KeptParagraph]]) -> None:
    """Keep the paragraphs rendered now, in one round trip per expiry (all alike on a page)."""
    by_seconds: dict[int, dict[str, Any]] = {}
    for keeping, paragraph in rendered:
        by_seconds.setdefault(keeping.seconds, {})[keeping.key] = (keeping.token, paragraph)
    for seconds, values in by_seconds.items():
        try:
            page_cache.keep_many(values, seconds)
        except Exception:
            logger.warning("Could not keep the paragraphs in the cache", exc_info=True)
