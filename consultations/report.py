"""The figures of a consultation's report: comments counted by section, stance, municipality and
decision, and each paragraph's comments with their official responses."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from consultations.choices import Decision, Stance
from consultations.drafts import draft_with_comments, threads_with_replies
from consultations.models import Comment
from consultations.models.municipalities import municipality_table, pick_name


@dataclass
class Bar:
    label: str
    count: int
    percent: int


def _bars(counter: Any, labels: dict | None = None, total: int | None = None) -> list[Bar]:
    total = total or sum(counter.values()) or 1
    items = counter.items() if labels is None else [(key, counter.get(key, 0)) for key in labels]
    return [
        Bar(label=(labels or {}).get(key, key), count=count, percent=round(100 * count / total))
        for key, count in items
    ]


def municipality_bars(by_place: Counter, listed: bool) -> tuple[list[Bar], list[Bar]]:
    """Bars of the comments by municipality: each municipality of the list under its name in the
    reader's language (its translations count as one), then, where the consultation has a list,
    "Other" with the names written in listed apart, and "Not given". Without a list, each name
    written is a bar of its own. `by_place` counts (municipality pk or None, text written)."""
    table = municipality_table()
    total = sum(by_place.values())
    chosen: Counter[Any] = Counter()
    names: dict[Any, str] = {}
    written: Counter[str] = Counter()
    not_given = 0
    for (pk, text), n in by_place.items():
        if pk is not None and pk in table:
            key, translations = table[pk]
            chosen[key] += n
            names[key] = pick_name(translations)
        elif text:
            written[text] += n
        else:
            not_given += n
    counts: Counter[str] = Counter({names[key]: n for key, n in chosen.items()})
    other: list[Bar] = []
    if not listed:
        counts.update(written)
    ordered = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold())))
    if listed and written:
        ordered[_("Other")] = sum(written.values())
        other = _bars(dict(sorted(written.items(), key=lambda item: (-item[1], item[0].casefold()))), total=total)
    if not_given:
        ordered[_("Not given")] = not_given
    return _bars(ordered, total=total), other


# Up to this many published comments the report lists every one of them (a complete, printable
# record); above it, each paragraph lists the comments with an official answer and links to the
# page with all of its comments, so that the report stays light with thousands of comments.
REPORT_ALL_COMMENTS_UP_TO = 300


def report_figures(page: Any) -> dict[str, Any]:
    """Counts of the counted (published) comments by section, stance, municipality and decision,
    and each section's comments with their responses, for the report page. The figures are
    counted by the database, whatever the number of comments."""
    top_level = Comment.objects.for_consultation(page).published().filter(parent__isnull=True)
    # The draft with its counts only (one query); they decide whether every comment is listed.
    draft = draft_with_comments(page, limit=0)
    per_paragraph = dict(draft.thread_counts)
    total = sum(per_paragraph.values())
    complete = total <= REPORT_ALL_COMMENTS_UP_TO
    if complete:
        draft = draft_with_comments(page)
        answered = (
            [c for s in draft.sections for p in s.paragraphs for c in p.comments] + draft.general + draft.removed
        )
        answered = [comment for comment in answered if comment.response]
    else:
        answered = list(top_level.exclude(response="").order_by("created_at", "pk"))
        by_paragraph = defaultdict(list)
        for comment in threads_with_replies(answered, [], page):
            by_paragraph[comment.paragraph_id].append(comment)
        for section in draft.sections:
            for paragraph in section.paragraphs:
                paragraph.comments = by_paragraph.pop(paragraph.block_id, [])
        draft.general = by_paragraph.pop("", [])
        draft.removed = [comment for comments in by_paragraph.values() for comment in comments]
        known = {p.block_id: p.number for s in draft.sections for p in s.paragraphs}
        for comment in answered:
            comment.response_paragraph_number = known.get(comment.response_paragraph_id)

    by_section: Counter[Any] = Counter()
    section_names: dict[Any, str] = {}
    shown_ids = set()
    for section in draft.sections:
        key = section.number
        section_names[key] = f"{section.number}. {section.heading}" if section.heading else _("Opening paragraphs")
        for paragraph in section.paragraphs:
            shown_ids.add(paragraph.block_id)
            by_section[key] += per_paragraph.get(paragraph.block_id, 0)
    section_names["general"] = _("The draft as a whole")
    by_section["general"] = per_paragraph.get("", 0)
    removed = sum(n for block_id, n in per_paragraph.items() if block_id and block_id not in shown_ids)
    if removed:
        section_names["removed"] = _("Removed text")
        by_section["removed"] = removed
    stances: Counter[str] = Counter()
    decisions: Counter[str] = Counter()
    by_place: Counter[tuple[str, str]] = Counter()
    for stance, decision, chosen, municipality, n in (
        top_level.values_list("stance", "decision", "municipality_choice", "municipality")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        stances[stance] += n
        decisions[decision or "none"] += n
        by_place[(chosen, " ".join(municipality.split()))] += n
    by_municipality, other_municipalities = municipality_bars(by_place, listed=bool(page.municipality_options()))
    decision_labels = dict(Decision.choices) | {"none": _("Not answered yet")}
    return {
        "draft": draft,
        "complete": complete,
        "total": total,
        "answered": len(answered),
        "by_section": _bars(by_section, section_names),
        "by_stance": _bars(stances, dict(Stance.choices)),
        "by_municipality": by_municipality,
        "other_municipalities": other_municipalities,
        "by_decision": _bars(decisions, {k: v for k, v in decision_labels.items() if decisions.get(k)}),
    }
