"""Essay competition logic that is neither a view nor a model method: entries, their secret
links and the guardian's consent."""

import hashlib
import secrets

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from essays.choices import EntryStatus
from essays.forms import ADULT_AGE
from essays.models import Entry
from home import mail, ratelimit


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def route_url(request, page, name, *args):
    return request.build_absolute_uri(page.url + page.reverse_subpage(name, args=args))


def _counters(ip, email):
    return [("ip", ip, settings.GLAS_COMMENT_RATE_PER_IP), ("email", email, settings.GLAS_COMMENT_RATE_PER_EMAIL)]


def rate_limited(request, email):
    return ratelimit.is_limited("essays", _counters(ratelimit.client_ip(request), email))


def count_post(request, email):
    ratelimit.count("essays", _counters(ratelimit.client_ip(request), email), settings.GLAS_COMMENT_RATE_WINDOW)


def needs_guardian(entry):
    return entry.age_on(timezone.localdate()) < ADULT_AGE


def submit_entry(request, page, form):
    """Save a new entry, send the student the receipt and the edit link, and for a minor ask the
    guardian to consent; the entry reaches the jury only once the guardian has."""
    entry = form.save(commit=False)
    entry.competition = page
    entry.competition_key = page.translation_key
    edit_token = secrets.token_urlsafe(32)
    entry.edit_token_hash = hash_token(edit_token)
    guardian_token = ""
    if needs_guardian(entry):
        guardian_token = secrets.token_urlsafe(32)
        entry.guardian_token_hash = hash_token(guardian_token)
        entry.status = EntryStatus.AWAITING_GUARDIAN
    else:
        entry.guardian_name = entry.guardian_email = ""
        entry.status = EntryStatus.SUBMITTED
    entry.save()
    edit_url = route_url(request, page, "edit", edit_token)
    mail.send(
        subject=_("Your entry to “%(title)s”: receipt %(code)s") % {"title": page.title, "code": entry.receipt_code},
        body=render_to_string(
            "essays/email/receipt.txt", {"page": page, "entry": entry, "edit_url": edit_url}, request=request
        ),
        recipients=[entry.email],
    )
    if guardian_token:
        mail.send(
            subject=_("Please confirm your consent: %(name)s's essay for “%(title)s”")
            % {"name": entry.name, "title": page.title},
            body=render_to_string(
                "essays/email/guardian.txt",
                {"page": page, "entry": entry, "confirm_url": route_url(request, page, "guardian", guardian_token)},
                request=request,
            ),
            recipients=[entry.guardian_email],
        )
    return entry, edit_token


def entry_for_token(page, token, field="edit_token_hash"):
    if not token:
        return None
    return (
        Entry.objects.for_competition(page)
        .filter(**{field: hash_token(token)})
        .exclude(status__in=[EntryStatus.WITHDRAWN, EntryStatus.DISQUALIFIED])
        .first()
    )


def confirm_guardian(entry):
    entry.guardian_confirmed_at = timezone.now()
    entry.guardian_token_hash = ""
    entry.status = EntryStatus.SUBMITTED
    entry.save(update_fields=["guardian_confirmed_at", "guardian_token_hash", "status", "updated_at"])
    return entry


# --- The jury --------------------------------------------------------------------------------


def jurors_of(page):
    """The competition's jurors (the jury is shared by every language version), active only."""
    return list(page.jury.filter(is_active=True).order_by("pk"))


def assign_jurors(page):
    """Give every submitted entry its jurors: all of them, or `jurors_per_entry` chosen so that
    loads differ by at most one, never a juror who declared a conflict on that entry. Existing
    assignments are kept; returns the number of assignments created."""
    from collections import Counter

    from essays.models import Assignment

    jurors = jurors_of(page)
    if not jurors:
        return 0
    wanted = page.jurors_per_entry or len(jurors)
    entries = list(Entry.objects.for_competition(page).with_jury().order_by("submitted_at", "pk"))
    existing = list(
        Assignment.objects.filter(entry__in=entries).values_list("entry_id", "juror_id", "conflict_declared_at")
    )
    load = Counter({juror.pk: 0 for juror in jurors})
    taken = {}
    for entry_id, juror_id, conflict in existing:
        taken.setdefault(entry_id, {})[juror_id] = conflict is None
        if conflict is None and juror_id in load:
            load[juror_id] += 1
    new = []
    for entry in entries:
        current = taken.get(entry.pk, {})
        active = sum(1 for ok in current.values() if ok)
        candidates = [juror.pk for juror in jurors if juror.pk not in current]
        while active < wanted and candidates:
            juror_id = min(candidates, key=lambda pk: (load[pk], pk))
            candidates.remove(juror_id)
            new.append(Assignment(entry=entry, juror_id=juror_id))
            load[juror_id] += 1
            active += 1
    Assignment.objects.bulk_create(new)
    return len(new)


def declare_conflict(assignment, reason):
    """The juror cannot judge this entry: drop their scores and give the entry another juror."""
    assignment.conflict_declared_at = timezone.now()
    assignment.conflict_reason = reason
    assignment.submitted_at = None
    assignment.save(update_fields=["conflict_declared_at", "conflict_reason", "submitted_at"])
    assignment.scores.all().delete()
    assign_jurors(assignment.entry.competition)


def save_scores(assignment, criteria, cleaned, submit):
    from essays.models import Score

    Score.objects.filter(assignment=assignment).delete()
    Score.objects.bulk_create(
        [
            Score(
                assignment=assignment,
                criterion_id=criterion.id,
                points=cleaned[f"points_{criterion.id}"],
                comment=cleaned.get(f"comment_{criterion.id}", ""),
            )
            for criterion in criteria
            if cleaned.get(f"points_{criterion.id}") is not None
        ]
    )
    assignment.overall_comment = cleaned.get("overall_comment", "")
    if submit:
        assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["overall_comment", "submitted_at"])


# --- Winners and results -----------------------------------------------------------------------


MENTION = "mention"


def follows_ranking(ranked_pks, places):
    """True when the places given go to the best-ranked entries in ranking order."""
    placed = sorted((place, pk) for pk, place in places.items())
    return [pk for _place, pk in placed] == list(ranked_pks[: len(placed)])


def confirm_winners(page, user, choices, reason, ranked_pks):
    """Record the coordinator's decision: `choices` maps entry id → place number or MENTION.
    A decision that departs from the ranking needs a written reason; both go to Wagtail's log."""
    from wagtail.log_actions import log

    from essays.models import Award

    places = {pk: value for pk, value in choices.items() if value != MENTION}
    override = not follows_ranking(ranked_pks, places)
    if override and not reason.strip():
        raise ValueError("reason required")
    entries = list(Entry.objects.for_competition(page).filter(pk__in=choices))
    Award.objects.filter(entry__competition_key=page.translation_key).delete()
    Award.objects.bulk_create(
        [
            Award(
                entry=entry,
                place=None if choices[entry.pk] == MENTION else choices[entry.pk],
                honourable_mention=choices[entry.pk] == MENTION,
                decided_by=user,
            )
            for entry in entries
        ]
    )
    log(
        instance=page,
        action="glas.essays.winners",
        user=user,
        data={
            "awards": {entry.jury_code: choices[entry.pk] for entry in entries},
            "override": override,
            "reason": reason.strip(),
        },
    )
    return override


def publish_results(page, user):
    """Publish the results on every language version of the competition page (as a new
    revision of each, so that later edits keep them)."""
    from wagtail.log_actions import log

    from essays.models import CompetitionPage

    now = timezone.now()
    for version in CompetitionPage.objects.filter(translation_key=page.translation_key).live():
        version.results_published_at = now
        # Publishing results is the coordinators' job, even without the right to publish pages.
        version.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    log(instance=page, action="glas.essays.results", user=user)
    return now
