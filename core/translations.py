"""Translations that finish: translators translate in wagtail-localize and submit for review,
Editors review and publish, and no language version goes public before it is translated.

wagtail-localize saves each translated text as the translator types it, but only someone who may
publish can turn those texts into the page; it offers translators no "submit" and offers everyone
"Convert to alias page" and "Stop synced translation", which throw the translation away. Glas
adds the missing half on Wagtail's own workflow (the default "Editors approval" task):

- `submit_for_review` saves the translated texts as a draft of the language version and starts
  (or resumes) the page's workflow, which tells the Editors (`notify_reviewers`, through the
  outbox, in each editor's language);
- `approve_and_publish` saves the newest texts again and approves the task, which publishes;
  `send_back` asks the translator for changes with a comment;
- language versions are created as drafts (WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE=False)
  and cannot be published while a text is untranslated (`missing_texts`), so a visitor of /mk/
  never gets English text under lang="mk": until its translation is published, a page is simply
  not public in that language;
- translators cannot change pages in their source language (`may_change_page`).
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import translation as django_translation
from django.utils.translation import gettext as _
from wagtail.models import Page, TaskState, WorkflowState
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from core import mail, roles
from core.i18n import language_name, language_of
from core.links import absolute_url
from core.rules import has_role


def translation_of(page: Page) -> Translation | None:
    """The synced wagtail-localize translation whose target is this page, if it is one."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source__locale", "target_locale")
        .first()
    )


def is_translation_target(page: Page) -> bool:
    """Whether this page is a language version made from another one (synced or not)."""
    return Translation.objects.filter(source__object_id=page.translation_key, target_locale_id=page.locale_id).exists()


def progress(translation: Translation) -> tuple[int, int]:
    """(texts to translate, texts translated). The address slug may stay as in the source
    language (it is not text a visitor reads), so it does not count."""
    segments = StringSegment.objects.filter(source_id=translation.source_id).exclude(context__path="slug")
    translated = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale_id=translation.target_locale_id,
        has_error=False,
    )
    return segments.count(), segments.filter(Exists(translated)).count()


def missing_texts(translation: Translation) -> int:
    """How many texts of the source are not translated (or have an error) in the target language."""
    total, done = progress(translation)
    return total - done


def may_publish(user: Any, page: Page) -> bool:
    return bool(page.permissions_for_user(user).can_publish())


def may_change_page(user: Any, page: Page) -> bool:
    """Translators (who cannot publish) change only language versions made by translation; the
    source-language page is the editors'. Everyone else keeps Wagtail's own permissions."""
    if not has_role(user, roles.TRANSLATORS) or user.is_superuser or may_publish(user, page):
        return True
    return is_translation_target(page)


def may_discard_translation(user: Any, page: Page | None) -> bool:
    """Converting a language version back to an alias, or stopping its synced translation, throws
    the translation away or takes it out of review: only those who may publish the page may."""
    if page is None:
        return bool(user.is_superuser or has_role(user, roles.EDITORS))
    return may_publish(user, page)


def review_state(page: Page) -> WorkflowState | None:
    """The page's workflow in progress or waiting for changes, if any."""
    return (
        WorkflowState.objects.for_instance(page)
        .filter(status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES])
        .select_related("requested_by", "current_task_state__task")
        .first()
    )


class ReviewError(Exception):
    """Why a translation cannot be submitted or published now (shown to the user)."""


def _check_complete(translation: Translation) -> None:
    missing = missing_texts(translation)
    if missing:
        raise ReviewError(
            _("%(count)s texts are not translated yet. Translate every text before this version goes further.")
            % {"count": missing}
        )


@transaction.atomic
def submit_for_review(translation: Translation, page: Page, user: Any) -> WorkflowState:
    """Save the translated texts as a draft of the language version and hand it to the Editors."""
    if not page.permissions_for_user(user).can_edit():
        raise ReviewError(_("You may not translate this page."))
    _check_complete(translation)
    state = review_state(page)
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        raise ReviewError(_("This translation is already waiting for review."))
    translation.save_target(user=user, publish=False)
    page.refresh_from_db()
    if state is not None:  # the editors asked for changes: the same review goes on
        state.resume(user=user)
        return state
    workflow = page.get_workflow()
    if workflow is None:
        raise ReviewError(_("No review workflow applies to this page; an editor can publish it."))
    return workflow.start(page, user)


@transaction.atomic
def approve_and_publish(translation: Translation, page: Page, user: Any, comment: str = "") -> None:
    """Publish the newest translated texts; approve the review if one is waiting."""
    if not may_publish(user, page):
        raise ReviewError(_("Only editors may publish a translation."))
    _check_complete(translation)
    translation.save_target(user=user, publish=False)
    page.refresh_from_db()
    state = review_state(page)
    task_state = state.current_task_state if state is not None else None
    if task_state is not None and task_state.status == TaskState.STATUS_IN_PROGRESS:
        task_state.specific.task.specific.on_action(task_state.specific, user, "approve", comment=comment)
    else:
        page.get_latest_revision().publish(user=user)


@transaction.atomic
def send_back(page: Page, user: Any, comment: str) -> None:
    """Ask the translator for changes, saying what (the comment goes to them by e-mail)."""
    if not may_publish(user, page):
        raise ReviewError(_("Only editors may review a translation."))
    if not comment.strip():
        raise ReviewError(_("Say what should change, so that the translator knows."))
    state = review_state(page)
    task_state = state.current_task_state if state is not None else None
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        raise ReviewError(_("This translation is not waiting for review."))
    task_state.specific.task.specific.on_action(task_state.specific, user, "reject", comment=comment)


# E-mails: Wagtail's own workflow e-mails bypass the outbox and go out in English; Glas replaces
# them (core/apps.py disconnects Wagtail's notifiers and connects these).


def _describe(page: Page) -> dict[str, Any]:
    page = page.specific_deferred if hasattr(page, "specific_deferred") else page
    source = (
        Translation.objects.filter(source__object_id=page.translation_key, target_locale_id=page.locale_id)
        .select_related("source__locale")
        .first()
    )
    return {
        "title": page.get_admin_display_title(),
        "language": language_name(page.locale.language_code),
        "source_language": language_name(source.source.locale.language_code) if source else "",
        "is_translation": source is not None,
        "edit_url": absolute_url(f"/admin/pages/{page.pk}/edit/"),
    }


def _send(template: str, subject: str, person: Any, context: dict[str, Any]) -> None:
    if not person.email:
        return
    with django_translation.override(language_of(person)):
        context = {**context, "person": person}
        body = render_to_string(f"core/email/{template}.txt", context)
        mail.send(subject=str(subject) % context, body=body, recipients=[person.email])


def notify_reviewers(sender: Any, instance: TaskState, user: Any = None, **kwargs: Any) -> None:
    """A page (most often a translation) waits in a group approval task: tell each member of the
    task's groups, in their own language (the outbox row is saved with the submission)."""
    task = instance.task.specific
    groups = getattr(task, "groups", None)
    if groups is None:
        return
    page = instance.workflow_state.content_object
    if not isinstance(page, Page):
        return
    people = (
        get_user_model()
        .objects.filter(is_active=True, groups__in=groups.all())
        .exclude(email="")
        .exclude(pk=getattr(user, "pk", None))
        .select_related("glas_settings", "wagtail_userprofile")
        .distinct()
    )
    submitter = str(user.get_full_name() or user.get_username()) if user else ""

    described = _describe(page)
    for person in people:
        with django_translation.override(language_of(person)):
            subject = (
                _("A translation waits for your review: %(title)s")
                if described["is_translation"]
                else _("A page waits for your review: %(title)s")
            )
            _send("review_waiting", subject, person, {**described, "submitter": submitter})


def notify_submitter(
    sender: Any, instance: WorkflowState, user: Any = None, approved: bool = True, **kwargs: Any
) -> None:
    """Tell whoever submitted the page what became of it: published, or changes asked (with the comment)."""
    submitter = instance.requested_by
    page = instance.content_object
    if submitter is None or not isinstance(page, Page) or submitter == user:
        return
    comment = "" if approved else last_review_comment(instance)

    described = _describe(page)
    with django_translation.override(language_of(submitter)):
        subject = _("Published: %(title)s") if approved else _("Changes asked: %(title)s")
        _send("review_done", subject, submitter, {**described, "approved": approved, "comment": comment})


def notify_approved(sender: Any, instance: WorkflowState, user: Any = None, **kwargs: Any) -> None:
    notify_submitter(sender, instance, user=user, approved=True)


def notify_rejected(sender: Any, instance: WorkflowState, user: Any = None, **kwargs: Any) -> None:
    notify_submitter(sender, instance, user=user, approved=False)


def last_review_comment(state: WorkflowState) -> str:
    """The comment of the last review that asked for changes, for the translator."""
    last = state.task_states.filter(status=TaskState.STATUS_REJECTED).order_by("-finished_at").first()
    return last.get_comment() if last else ""
