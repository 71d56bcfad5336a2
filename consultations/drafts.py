"""A consultation's draft as the public reads it: numbered sections and paragraphs, each with its
published comments (or the newest of them, and their count), the comments on the whole draft,
and those on paragraphs that have since left the draft. Also the snapshot of the paragraph that a
comment keeps, and the plain words of a paragraph."""

import functools
import html
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, RowRange, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.html import strip_tags

from consultations.choices import Status
from consultations.kept_paragraphs import Keeping, KeptParagraphs
from consultations.models.comments import Comment
from consultations.models.versions import newest_number
from core import cache as page_cache


def plain_text(value: Any) -> str:
    """The words of a rich-text paragraph, without markup and with single spaces."""
    return _words_of(str(getattr(value, "source", value) or ""))


@functools.lru_cache(maxsize=4096)
def _words_of(source: str) -> str:
    # Kept per process: each page shown compares its comments' snapshots with the same few
    # paragraphs, and strip_tags parses the HTML anew each time (a tenth of a millisecond each).
    return re.sub(r"\s+", " ", html.unescape(strip_tags(source))).strip()


def paragraph_texts(page: Any) -> dict[str, str]:
    """Block id → plain text of every paragraph of a page's draft."""
    return {block.id: plain_text(block.value) for block in page.draft if block.block_type == "paragraph"}


def find_paragraph(page: Any, block_id: str) -> tuple[Any, Any]:
    """(section, paragraph) for a block id of the page's draft, or (None, None)."""
    for section in page.sections():
        for paragraph in section.paragraphs:
            if paragraph.block_id == block_id:
                return section, paragraph
    return None, None


def take_snapshot(comment: Comment, page: Any) -> None:
    """Record where the comment was made, on which version of the draft, and the paragraph's text
    as it read at that moment."""
    comment.draft_version = newest_number(page)
    section, paragraph = find_paragraph(page, comment.paragraph_id) if comment.paragraph_id else (None, None)
    if section is None or paragraph is None:
        comment.paragraph_id = ""
        comment.paragraph_number = comment.section_number = None
        comment.section_heading = comment.paragraph_text = ""
        return
    comment.paragraph_number = paragraph.number
    comment.section_number = section.number or None
    comment.section_heading = section.heading
    comment.paragraph_text = plain_text(paragraph.text)


# How many threads the draft shows under a paragraph (and on the whole draft); the rest are on
# the paragraph's own page, so that a draft with thousands of comments stays light on a phone.
THREADS_SHOWN = 3
GENERAL_THREADS_SHOWN = 10


@dataclass
class ParagraphView:
    number: int
    block_id: str
    text: object
    comments: list = field(default_factory=list)  # the threads loaded: all, or only the newest
    count: int = 0  # published comments with their replies
    threads: int = 0  # top-level comments
    # Its HTML as the cache kept it (its comments were not read), or where to keep it once
    # rendered (consultations/kept_paragraphs.py).
    html: str | None = None
    keeping: Keeping | None = None

    @property
    def shown(self) -> list[Comment]:
        return self.comments[-THREADS_SHOWN:]

    @property
    def more(self) -> int:
        return max(0, self.threads - THREADS_SHOWN)


@dataclass
class SectionView:
    number: int
    heading: str
    block_id: str
    paragraphs: list = field(default_factory=list)


@dataclass
class DraftView:
    sections: list
    general: list
    removed: list
    total: int
    general_threads: int = 0
    # Top-level comments by paragraph block id ("" for the draft as a whole), removed ones too.
    thread_counts: Counter[str] = field(default_factory=Counter)

    @property
    def general_shown(self) -> list[Comment]:
        return self.general[-GENERAL_THREADS_SHOWN:]

    @property
    def general_more(self) -> int:
        return max(0, self.general_threads - GENERAL_THREADS_SHOWN)

    def paragraph(self, block_id: str) -> ParagraphView | None:
        for section in self.sections:
            for paragraph in section.paragraphs:
                if paragraph.block_id == block_id:
                    return paragraph
        return None


def _live_texts(page: Any) -> dict[str, dict[str, str]]:
    """Language code → {block id → plain text} of every paragraph of the page's live language
    versions: one query for their drafts' raw blocks (no page objects are built). With
    GLAS_CACHE_FRAGMENTS kept in the shared cache until the page or one of its translations is
    published, unpublished or moved (each purges the tags of all of them; a comment does not)."""

    def build() -> dict[str, dict[str, str]]:
        drafts = (
            type(page)
            .objects.live()
            .filter(translation_key=page.translation_key)
            .values_list("locale__language_code", "draft")
        )
        paragraphs = {language: [b for b in draft.raw_data if b["type"] == "paragraph"] for language, draft in drafts}
        return {language: {b["id"]: plain_text(b["value"]) for b in blocks} for language, blocks in paragraphs.items()}

    if not getattr(settings, "GLAS_CACHE_FRAGMENTS", False) or not page.pk:
        return build()
    key = page_cache.fragment_key("paragraph-texts", str(page.pk))
    return page_cache.tag_cached(page_cache.page_tag(page.pk), key, build, page_cache.FRAGMENT_SECONDS)


def in_every_live_draft(page: Any, block_id: str) -> bool:
    """Whether every live language version's draft has the paragraph (else some version shows
    its comments as comments on removed text)."""
    texts = _live_texts(page)
    return bool(texts) and all(block_id in paragraphs for paragraphs in texts.values())


def threads_with_replies(top: list[Comment], replies: list[Comment], page: Any) -> list[Comment]:
    """Hang the replies on their comments and flag comments whose paragraph has changed since."""
    by_parent = defaultdict(list)
    for reply in replies:
        by_parent[reply.parent_id].append(reply)
    for comment in top:
        comment.thread_replies = by_parent.get(comment.pk, [])
    snapshots = [comment for comment in (*top, *replies) if comment.paragraph_id and comment.paragraph_text]
    texts = _live_texts(page) if snapshots else {}
    for comment in (*top, *replies):
        comment.paragraph_changed = False
    for comment in snapshots:
        current = texts.get(comment.language, {}).get(comment.paragraph_id)
        comment.paragraph_changed = current is not None and current != comment.paragraph_text
    return top


def published_threads(page: Any) -> tuple[list[Comment], int]:
    """Published comments on every language version, as top-level comments carrying their
    published replies in `thread_replies`. Two queries, whatever the number of comments."""
    comments = list(Comment.objects.for_consultation(page).published().order_by("created_at", "pk"))
    top = [comment for comment in comments if not comment.parent_id]
    return threads_with_replies(top, [comment for comment in comments if comment.parent_id], page), len(comments)


def _counted_threads_sql(
    translation_key: Any,
    read: tuple[str, ...],
    caps: tuple[int, int, int],
    everything_on: str | None,
    skip: tuple[str, ...],
    only: tuple[str, ...] | None,
) -> tuple[str, list[Any]]:
    """The SQL of _newest_threads' first query and its parameters, as the ORM compiles them:
    (pk, paragraph id, rank, threads) for each thread picked and (None, paragraph id, 0, replies)
    for each paragraph's published replies.

    Building and compiling this query took longer than running it, so its SQL is compiled once
    per process for each shape (the consultation, how many paragraphs each list names, the caps)
    with stand-ins for the paragraphs' ids, and the ids of each call take their places among the
    parameters."""
    shape = (connection.vendor, translation_key, len(read), caps, everything_on is not None, len(skip))
    sql, params, slots = _compiled_threads_sql(*shape, None if only is None else len(only))
    ids = [*read, *skip, *(only or ()), *(() if everything_on is None else (everything_on,))]
    return sql, [ids[slots[n]] if n in slots else value for n, value in enumerate(params)]


# A cap that shows every thread of a paragraph.
EVERYTHING = 1_000_000_000

_STAND_IN = "\x00glas-paragraph-{}\x00"  # no block id looks like this


@functools.lru_cache(maxsize=256)
def _compiled_threads_sql(
    vendor: str,
    translation_key: Any,
    reads: int,
    caps: tuple[int, int, int],
    has_everything_on: bool,
    skips: int,
    onlys: int | None,
) -> tuple[str, tuple[Any, ...], dict[int, int]]:
    """The SQL and parameters of the query for one shape, with stand-ins for the ids, and which
    parameter holds which id (its place in the ids of _counted_threads_sql). `vendor` keeps SQL
    compiled for one database from another's connection."""
    stand_ins = [_STAND_IN.format(n) for n in range(reads + skips + (onlys or 0) + has_everything_on)]
    read, skip = tuple(stand_ins[:reads]), tuple(stand_ins[reads : reads + skips])
    only = None if onlys is None else tuple(stand_ins[reads + skips : reads + skips + onlys])
    everything_on = stand_ins[-1] if has_everything_on else None
    cap, cap_whole_draft, cap_removed = caps
    everything = EVERYTHING
    # The conditions built first and each query in one filter() (every call copies the query).
    published = Q(consultation_key=translation_key, status=Status.PUBLISHED)
    threads_read = published & Q(parent__isnull=True)
    # A published reply to a published thread counts towards its thread's paragraph.
    replies_read = published & Q(parent__isnull=False, parent__status=Status.PUBLISHED)
    if only is not None:
        threads_read &= Q(paragraph_id__in=only)
        replies_read &= Q(parent__paragraph_id__in=only)
    elif skip:
        threads_read &= ~Q(paragraph_id__in=skip)
        replies_read &= ~Q(parent__paragraph_id__in=skip)
    # Each paragraph's newest thread comes back even when none is shown (a cap of at least one):
    # it carries the paragraph's count of threads.
    whens = [When(paragraph_id="", then=Value(cap_whole_draft))]
    if everything_on is not None:
        whens.insert(0, When(paragraph_id=everything_on, then=Value(everything)))
    if read:
        whens.append(When(paragraph_id__in=read, then=Value(cap)))

    # One window for both: the same partition, order and frame (the whole paragraph) let the
    # database number and count each paragraph's threads in a single pass.
    def window(expression: Any) -> Window:
        return Window(
            expression,
            partition_by=[F("paragraph_id")],
            order_by=[F("created_at").desc(), F("pk").desc()],
            frame=RowRange(start=None, end=None),
        )

    ranked = (
        Comment.objects.annotate(
            newest=window(RowNumber()),
            threads_in=window(Count("pk")),
            cap=Case(*whens, default=Value(cap_removed)),
        )
        .filter(threads_read, newest__lte=F("cap"))
        .order_by()  # no sort around the window: the rows shown are read in order below
        .values_list("pk", "paragraph_id", "newest", "threads_in")
    )
    # The replies' counts by paragraph; these rows have no id (the index of replies alone,
    # `comment_replies`, skips the threads).
    replies = (
        Comment.objects.filter(replies_read)
        .values("parent__paragraph_id")
        .annotate(no_id=Value(None, output_field=IntegerField()), no_rank=Value(0), n=Count("pk"))
        .order_by()
        .values_list("no_id", "parent__paragraph_id", "no_rank", "n")
    )
    sql, params = ranked.union(replies, all=True).query.get_compiler(connection=connection).as_sql()
    place = {stand_in: n for n, stand_in in enumerate(stand_ins)}
    slots = {n: place[value] for n, value in enumerate(params) if isinstance(value, str) and value in place}
    if set(slots.values()) != set(range(len(stand_ins))):
        raise AssertionError("An id's stand-in is missing from the compiled query's parameters")
    return sql, tuple(params), slots


def _newest_threads(
    page: Any,
    known: dict[str, int],
    limit: int,
    everything_on: str | None,
    skip: frozenset[str] = frozenset(),
    only: frozenset[str] | None = None,
) -> tuple[list[Comment], int, Counter[str], Counter[str]]:
    """Only the threads a page shows, and complete counts, without loading every comment: the
    newest `limit` threads of each paragraph (GENERAL_THREADS_SHOWN on the draft as a whole), all
    threads of the paragraph `everything_on` and, on the draft page, of removed paragraphs. The
    database counts and picks in one pass over the index `comment_newest_threads` (two window
    functions over one window), with the replies' counts in the same query: two queries whatever
    the number of comments, and a third for the paragraphs' current texts when a comment shown
    has a snapshot. The paragraphs in `skip` (kept in the cache with their counts) are neither
    read nor counted; with `only`, nothing but the paragraphs it names ("" for the draft as a
    whole) is."""
    everything = EVERYTHING
    on_whole_draft = max(limit, GENERAL_THREADS_SHOWN) if limit else 0
    on_removed = everything if limit else 0

    def shown(paragraph: str) -> int:
        """How many of a paragraph's threads the page shows."""
        if paragraph == everything_on:
            return everything
        if paragraph == "":
            return on_whole_draft
        return limit if paragraph in known else on_removed

    read = tuple(block_id for block_id in known if block_id not in skip and (only is None or block_id in only))
    sql, params = _counted_threads_sql(
        page.translation_key,
        read,
        (max(limit, 1), max(on_whole_draft, 1), max(on_removed, 1)),
        everything_on,
        tuple(sorted(skip)),
        None if only is None else tuple(sorted(only)),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        picked = cursor.fetchall()
    threads: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    wanted = []
    for pk, paragraph, newest, n in picked:
        if pk is None:
            counts[paragraph] += n
            continue
        if newest == 1:
            threads[paragraph] = n
            counts[paragraph] += n
        if newest <= shown(paragraph):
            wanted.append(pk)
    # The threads shown and their published replies, read whole in one query.
    rows = (
        list(
            Comment.objects.filter(Q(pk__in=wanted) | Q(parent_id__in=wanted, status=Status.PUBLISHED)).order_by(
                "created_at", "pk"
            )
        )
        if wanted
        else []
    )
    top = [comment for comment in rows if not comment.parent_id]
    shown_replies = [comment for comment in rows if comment.parent_id]
    return threads_with_replies(top, shown_replies, page), sum(counts.values()), threads, counts


def draft_with_comments(
    page: Any, limit: int | None = None, everything_on: str | None = None, kept: KeptParagraphs | None = None
) -> DraftView:
    """The draft's sections and paragraphs, each paragraph with its published comments; comments
    on the whole draft; and comments on paragraphs that are no longer in the draft.

    With `limit`, each paragraph carries only its newest `limit` threads (the consultation page)
    and the paragraph `everything_on` all of its threads (its own page); counts stay complete.
    With `kept` (consultations/kept_paragraphs.py KeptParagraphs, with a limit), the paragraphs
    the cache holds come with their HTML and counts, and their comments are not read."""
    sections = page.sections()
    known = {paragraph.block_id: paragraph.number for section in sections for paragraph in section.paragraphs}
    counts: Counter[str]
    if not limit:
        kept = None  # what the cache keeps of a paragraph shows its newest threads, a limit's worth
    if kept is not None and limit:
        if kept.removed is not None:
            # The paragraphs to render, the draft as a whole and the removed paragraphs that have
            # comments, picked from the index.
            only = frozenset(kept.keeping) | {""} | kept.removed
            top, total, threads, counts = _newest_threads(page, known, limit, everything_on, only=only)
        else:
            top, total, threads, counts = _newest_threads(page, known, limit, everything_on, frozenset(kept.kept))
            kept.note_removed({c.paragraph_id for c in top if c.paragraph_id and c.paragraph_id not in known})
        for block_id, paragraph in kept.kept.items():
            threads[block_id], counts[block_id] = paragraph.threads, paragraph.count
        total = sum(counts.values())
    elif limit is None and everything_on is None:
        top, total = published_threads(page)
        threads = Counter(comment.paragraph_id for comment in top)
        counts = Counter()
        for comment in top:
            counts[comment.paragraph_id] += 1 + len(comment.thread_replies)
    else:
        top, total, threads, counts = _newest_threads(page, known, limit or 0, everything_on)
    by_paragraph: defaultdict[str, list[Comment]] = defaultdict(list)
    general: list[Comment] = []
    for comment in top:
        (by_paragraph[comment.paragraph_id] if comment.paragraph_id else general).append(comment)
    views = []
    held = kept.kept if kept is not None else {}
    keeping = kept.keeping if kept is not None else {}
    for section in sections:
        view = SectionView(number=section.number, heading=section.heading, block_id=section.block_id)
        for paragraph in section.paragraphs:
            block_id = paragraph.block_id
            view.paragraphs.append(
                ParagraphView(
                    number=paragraph.number,
                    block_id=block_id,
                    text=paragraph.text,
                    comments=by_paragraph.get(block_id, []),
                    count=counts[block_id],
                    threads=threads[block_id],
                    html=held[block_id].html if block_id in held else None,
                    keeping=keeping.get(block_id),
                )
            )
        views.append(view)
    removed = [c for block_id, comments in by_paragraph.items() if block_id not in known for c in comments]
    for comment in top:
        for answered in (comment, *comment.thread_replies):
            answered.response_paragraph_number = known.get(answered.response_paragraph_id)
    return DraftView(
        sections=views,
        general=general,
        removed=removed,
        total=total,
        general_threads=threads[""],
        thread_counts=threads,
    )
