from consultations.models.comments import Comment, ModerationDigest, ReportSubscription
from consultations.models.pages import ConsultationIndexPage, ConsultationPage

__all__ = ["Comment", "ConsultationIndexPage", "ConsultationPage", "ModerationDigest", "ReportSubscription"]
