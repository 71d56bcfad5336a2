from consultations.models.comments import Comment, CommentRedaction, ModerationDigest, ReportSubscription
from consultations.models.municipalities import Municipality
from consultations.models.pages import ConsultationIndexPage, ConsultationPage

__all__ = [
    "Comment",
    "CommentRedaction",
    "ConsultationIndexPage",
    "ConsultationPage",
    "ModerationDigest",
    "Municipality",
    "ReportSubscription",
]
