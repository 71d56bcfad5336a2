"""A translation that finishes: the translator submits, the editors are told in their language
and publish; nothing untranslated is ever public under another language's address; translators
neither discard a translation nor change the source page (core/translations.py)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation as django_translation
from django.utils.translation import gettext
from wagtail.models import Locale, Page, WorkflowState
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.operations import TranslationCreator

from core import roles
from core.models import OutgoingMail, PersonalSettings
from tests.factories import NewsPageFactory, UserFactory


def member(role, **fields):
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def people(db):
    editor = member(roles.EDITORS, email="urednik@example.org")
    PersonalSettings.objects.create(user=editor, email_language="mk")
    translator = member(roles.TRANSLATORS, email="preveduvac@example.org")
    PersonalSettings.objects.create(user=translator, email_language="mk")
    return editor, translator


@pytest.fixture
def article(site_tree, people):
    editor, _translator = people
    page = NewsPageFactory(parent=site_tree.news_index, title="Public hearing in Kratovo", slug="hearing")
    page.save_revision(user=editor).publish()
    TranslationCreator(editor, [Locale.objects.get(language_code="mk")]).create_translations(page)
    target = Page.objects.get(translation_key=page.translation_key, locale__language_code="mk")
    return page, target.specific, Translation.objects.get(source__object_id=page.translation_key)


def translate_every_text(translation, prefix="МК "):
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            defaults={"data": prefix + segment.string.data},
        )


def test_a_page_submitted_for_translation_is_not_public_in_that_language(client, article):
    source, target, _translation = article
    assert not target.live
    assert client.get("/mk/news/hearing/").status_code == 404
    assert client.get(source.url).status_code == 200


def sent_to(mailoutbox, address):
    """The e-mails queued in the outbox for one address (sending waits for the commit)."""
    return list(OutgoingMail.objects.filter(recipients=[address]))


def test_the_translator_submits_and_the_editors_are_told_in_their_language(client, article, people, mailoutbox):
    editor, translator = people
    _source, target, translation = article
    client.force_login(translator)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[target.pk]))
    assert page.status_code == 200
    assert reverse("glas_translation_submit", args=[translation.pk]) in page.content.decode()

    refused = client.post(reverse("glas_translation_submit", args=[translation.pk]), follow=True)
    assert "not translated yet" in refused.content.decode()
    assert not WorkflowState.objects.exists()

    translate_every_text(translation)
    client.post(reverse("glas_translation_submit", args=[translation.pk]))
    state = WorkflowState.objects.get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    target.refresh_from_db()
    assert not target.live, "submitting for review publishes nothing"
    assert client.get("/mk/news/hearing/").status_code == 404

    (mail,) = sent_to(mailoutbox, editor.email)
    with django_translation.override("mk"):
        expected = gettext("A translation waits for your review: %(title)s") % {
            "title": "МК Public hearing in Kratovo"
        }
    assert mail.subject == expected
    assert f"/admin/pages/{target.pk}/edit/" in mail.body
    assert not sent_to(mailoutbox, translator.email)


def test_the_editor_approves_and_the_translation_is_published_and_the_translator_told(
    client, article, people, mailoutbox
):
    editor, translator = people
    _source, target, translation = article
    translate_every_text(translation)
    client.force_login(translator)
    client.post(reverse("glas_translation_submit", args=[translation.pk]))
    client.force_login(editor)
    bar = client.get(reverse("wagtailadmin_pages:edit", args=[target.pk])).content.decode()
    assert reverse("glas_translation_approve", args=[translation.pk]) in bar
    assert reverse("glas_translation_submit", args=[translation.pk]) not in bar
    client.post(reverse("glas_translation_approve", args=[translation.pk]))

    state = WorkflowState.objects.get()
    assert state.status == WorkflowState.STATUS_APPROVED
    target.refresh_from_db()
    assert target.live and target.title == "МК Public hearing in Kratovo"
    page = client.get("/mk/news/hearing/")
    assert page.status_code == 200 and "МК Public hearing in Kratovo" in page.content.decode()
    (told,) = sent_to(mailoutbox, translator.email)
    with django_translation.override("mk"):
        assert told.subject == gettext("Published: %(title)s") % {"title": "МК Public hearing in Kratovo"}


def test_the_editor_sends_it_back_with_a_comment_and_the_translator_resubmits(client, article, people, mailoutbox):
    editor, translator = people
    _source, target, translation = article
    translate_every_text(translation)
    client.force_login(translator)
    client.post(reverse("glas_translation_submit", args=[translation.pk]))
    client.force_login(editor)
    empty = client.post(reverse("glas_translation_send_back", args=[translation.pk]), {"comment": " "}, follow=True)
    assert "Say what should change" in empty.content.decode()
    client.post(reverse("glas_translation_send_back", args=[translation.pk]), {"comment": "Кратово, не Kratovo."})
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_NEEDS_CHANGES
    (told,) = sent_to(mailoutbox, translator.email)
    assert "Кратово, не Kratovo." in told.body

    client.force_login(translator)
    editor_page = client.get(reverse("wagtailadmin_pages:edit", args=[target.pk])).content.decode()
    assert "Кратово, не Kratovo." in editor_page
    client.post(reverse("glas_translation_submit", args=[translation.pk]))
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_IN_PROGRESS
    target.refresh_from_db()
    assert not target.live


def test_publishing_from_the_translation_editor_refuses_untranslated_texts(client, article, people):
    editor, _translator = people
    _source, target, translation = article
    client.force_login(editor)
    client.post(reverse("wagtailadmin_pages:edit", args=[target.pk]), {"action": "publish"})
    target.refresh_from_db()
    assert not target.live
    translate_every_text(translation)
    client.post(reverse("wagtailadmin_pages:edit", args=[target.pk]), {"action": "publish"})
    target.refresh_from_db()
    assert target.live


def test_translators_cannot_discard_a_translation_but_editors_can(client, article, people):
    editor, translator = people
    _source, target, translation = article
    client.force_login(translator)
    # Wagtail's admin answers a refused permission with a redirect to the dashboard.
    assert client.post(reverse("wagtail_localize:convert_to_alias", args=[target.pk])).url == "/admin/"
    assert client.post(reverse("wagtail_localize:stop_translation", args=[translation.pk])).url == "/admin/"
    translation.refresh_from_db()
    target.refresh_from_db()
    assert translation.enabled and target.alias_of_id is None
    client.force_login(editor)
    assert client.get(reverse("wagtail_localize:convert_to_alias", args=[target.pk])).status_code == 200


def test_translators_cannot_change_the_source_page_or_add_pages(client, article, people):
    _editor, translator = people
    source, target, _translation = article
    client.force_login(translator)
    refused = client.get(reverse("wagtailadmin_pages:edit", args=[source.pk]))
    assert refused.status_code == 302
    posted = client.post(
        reverse("wagtailadmin_pages:edit", args=[source.pk]), {"title": "Changed", "action": "publish"}
    )
    assert posted.status_code == 302
    source.refresh_from_db()
    assert source.title == "Public hearing in Kratovo"
    add = reverse("wagtailadmin_pages:add", args=["home", "newspage", source.get_parent().pk])
    assert client.get(add).status_code == 302
    assert client.get(reverse("wagtailadmin_pages:edit", args=[target.pk])).status_code == 200


def test_updating_translations_from_a_changed_source_never_publishes(client, article, people):
    editor, _translator = people
    source, target, translation = article
    translate_every_text(translation)
    translation.save_target(user=editor, publish=True)
    source.title = "Public hearing in Kratovo, second session"
    source.save_revision(user=editor).publish()
    client.force_login(editor)
    url = reverse("wagtail_localize:update_translations", args=[translation.source.pk])
    assert "publish_translations" not in client.get(url).content.decode()
    client.post(url, {"publish_translations": "on"})
    target.refresh_from_db()
    assert target.title == "МК Public hearing in Kratovo", "the live Macedonian page keeps its own text"


def test_translators_cannot_delete_a_language_version(client, article, people):
    _editor, translator = people
    _source, target, _translation = article
    client.force_login(translator)
    client.post(reverse("wagtailadmin_pages:delete", args=[target.pk]))
    assert Page.objects.filter(pk=target.pk).exists()
