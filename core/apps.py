from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The platform under the content and feature apps; it imports none of them."""

    name = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        # Signals need the models of Wagtail, which are loaded only once the apps are ready.
        from core import admin_sidebar, locales, signals

        signals.connect()
        locales.connect()
        admin_sidebar.connect()
        admin_sidebar.keep_sidebar()
        self.workflow_mail_through_outbox()

    @staticmethod
    def workflow_mail_through_outbox() -> None:
        """Wagtail e-mails workflow news (a page submitted, approved, sent back) itself, in English
        for Glas's languages and around the outbox. Glas sends them through the outbox in each
        person's language (core/translations.py): Wagtail's notifiers are not connected."""
        from wagtail.admin import signal_handlers as wagtail_mail
        from wagtail.models import TaskState, WorkflowState
        from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

        from core import translations

        # wagtail.admin's ready() comes after this one and calls register_signal_handlers().
        wagtail_mail.register_signal_handlers = lambda: None
        for signal, uid in (
            (task_submitted, "group_approval_task_submitted_email_notification"),
            (workflow_submitted, "workflow_state_submitted_email_notification"),
            (workflow_rejected, "workflow_state_rejected_email_notification"),
            (workflow_approved, "workflow_state_approved_email_notification"),
        ):
            signal.disconnect(dispatch_uid=uid)
        task_submitted.connect(translations.notify_reviewers, sender=TaskState, dispatch_uid="glas_review_waiting")
        workflow_approved.connect(
            translations.notify_approved, sender=WorkflowState, dispatch_uid="glas_review_approved"
        )
        workflow_rejected.connect(
            translations.notify_rejected, sender=WorkflowState, dispatch_uid="glas_review_rejected"
        )
