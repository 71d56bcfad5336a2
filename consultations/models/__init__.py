from consultations.models.comments import Comment, CommentRedaction, ModerationDigest, ReportSubscription
from consultations.models.municipalities import Municipality
from consultations.models.pages import ConsultationIndexPage, ConsultationPage
from consultations.models.versions import DraftVersion, DraftVersionText

__all__ = [
    "Comment",
    "CommentRedaction",
    "ConsultationIndexPage",
    "ConsultationPage",
    "DraftVersion",
    "DraftVersionText",
    "ModerationDigest",
    "Municipality",
    "ReportSubscription",
]
