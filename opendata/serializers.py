"""What the API shows of each thing, field by field: the one definition of the open data. The
CSV files of the download take their columns from these serializers too (opendata/download.py).

Comments show only what their public page shows: the name only when its author chose to show it,
never the e-mail address, tokens, moderation notes, redaction details, rejection reasons or
consent times. Only the vocabularies are imported from the feature apps (no models), so that
this module loads whichever feature apps are installed."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from consultations.choices import Channel, Decision, Phase, Stance
from essays.choices import Phase as CompetitionPhase


def texts(help_text: str) -> serializers.DictField:
    return serializers.DictField(child=serializers.CharField(), help_text=help_text)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What was wrong with the request.")


class DraftVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    published_at = serializers.DateTimeField(allow_null=True)
    summary = texts("Language code → what changed since the previous version (empty for the first).")
    languages = serializers.ListField(
        child=serializers.CharField(), help_text="Languages the text of this version can be read in."
    )
    paragraphs_url = texts("Language code → this version's paragraphs in that language.")


class ConsultationSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="The consultation's id, shared by all its language versions.")
    languages = serializers.ListField(child=serializers.CharField(), help_text="Languages it is published in.")
    title = texts("Language code → title.")
    slug = texts("Language code → slug.")
    url = texts("Language code → address of the public page.")
    summary = texts("Language code → summary.")
    phase = serializers.ChoiceField(choices=Phase.choices)
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    report_published_at = serializers.DateTimeField(
        allow_null=True, help_text="When the report was published; null until then."
    )
    time_zone = serializers.CharField()
    organiser = serializers.CharField(allow_null=True)
    municipalities = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Language code → the municipalities concerned.",
    )
    licence = serializers.CharField(help_text="The SPDX id of the licence of the comments, answers and figures.")
    licence_name = serializers.CharField()
    licence_url = serializers.CharField(allow_blank=True)
    current_version = serializers.IntegerField(help_text="The version of the draft the page shows now.")
    versions = DraftVersionSerializer(many=True, help_text="Every version of the draft, oldest first.")
    comment_count = serializers.IntegerField(help_text="Published comments and replies.")
    answered_count = serializers.IntegerField(help_text="Published comments with an official answer.")
    paragraphs_url = serializers.CharField()
    comments_url = serializers.CharField()
    answers_url = serializers.CharField()
    report_url = serializers.CharField(allow_null=True, help_text="Null until the report is published.")
    download_url = serializers.CharField(help_text="A ZIP of CSV files of the consultation's open data.")


class ParagraphSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version of the draft (1, 2 …) the paragraph belongs to.")
    section_number = serializers.IntegerField(help_text="0: the paragraphs before the first heading.")
    section_heading = serializers.CharField(allow_blank=True)
    paragraph_number = serializers.IntegerField(help_text="Numbered through the whole document.")
    paragraph_id = serializers.CharField(
        help_text="The paragraph's block id: the same in every language, and named by comments."
    )
    text = serializers.CharField(help_text="The paragraph as plain text.")


class ParagraphListSerializer(serializers.Serializer):
    consultation = serializers.UUIDField()
    language = serializers.CharField()
    version = serializers.IntegerField(help_text="The version of the draft shown (?version=, by default the current).")
    count = serializers.IntegerField()
    results = ParagraphSerializer(many=True)


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    consultation = serializers.UUIDField(source="consultation_key")
    language = serializers.CharField(help_text="The language the comment was written in.")
    reply_to = serializers.IntegerField(source="parent_id", allow_null=True, help_text="The comment replied to.")
    paragraph_id = serializers.CharField(allow_blank=True, help_text="Empty: a comment on the whole draft.")
    paragraph_number = serializers.IntegerField(allow_null=True)
    section_number = serializers.IntegerField(allow_null=True)
    section_heading = serializers.CharField(allow_blank=True)
    paragraph_text = serializers.CharField(
        allow_blank=True, help_text="The paragraph as it read when the comment was written."
    )
    draft_version = serializers.IntegerField(
        allow_null=True, help_text="The version of the draft the comment was written on."
    )
    stance = serializers.ChoiceField(choices=Stance.choices)
    text = serializers.CharField()
    proposed_wording = serializers.CharField(allow_blank=True)
    author_name = serializers.SerializerMethodField(help_text="Null when the author chose not to show it.")
    organisation = serializers.CharField(allow_blank=True)
    municipality = serializers.CharField(
        source="public_municipality",
        allow_blank=True,
        help_text="From the consultation's list, in the comment's language; else as the author wrote it.",
    )
    channel = serializers.ChoiceField(choices=Channel.choices)
    created_at = serializers.DateTimeField()
    edited_by_moderator = serializers.SerializerMethodField(
        help_text="The public text was corrected by a moderator (the page says so too)."
    )

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_author_name(self, comment: Any) -> str | None:
        return comment.author_name if comment.show_name and comment.author_name else None

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_edited_by_moderator(self, comment: Any) -> bool:
        return bool(comment.redaction_reason)


class AnswerSerializer(serializers.Serializer):
    comment = serializers.IntegerField(source="pk", help_text="The comment answered.")
    consultation = serializers.UUIDField(source="consultation_key")
    language = serializers.CharField(help_text="The language of the comment and its answer.")
    decision = serializers.ChoiceField(choices=Decision.choices, allow_blank=True)
    response = serializers.CharField()
    response_paragraph_id = serializers.CharField(
        allow_blank=True, help_text="The paragraph of the next version that changed because of the comment."
    )
    responded_at = serializers.DateTimeField(allow_null=True)


class BarSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.IntegerField()


class ReportSerializer(serializers.Serializer):
    consultation = serializers.UUIDField()
    language = serializers.CharField(help_text="The language of the labels.")
    total = serializers.IntegerField(help_text="Published comments counted (replies are not).")
    answered = serializers.IntegerField()
    by_section = BarSerializer(many=True)
    by_stance = BarSerializer(many=True)
    by_municipality = BarSerializer(many=True)
    other_municipalities = BarSerializer(many=True)
    by_decision = BarSerializer(many=True)


class CompetitionSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="The competition's id, shared by all its language versions.")
    languages = serializers.ListField(child=serializers.CharField())
    title = texts("Language code → title.")
    theme = texts("Language code → theme.")
    url = texts("Language code → address of the public page.")
    summary = texts("Language code → summary.")
    phase = serializers.ChoiceField(choices=CompetitionPhase.choices)
    opens_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField()
    results_at = serializers.DateTimeField(help_text="The date announced for the results.")
    results_published_at = serializers.DateTimeField(allow_null=True)
    essay_languages = serializers.ListField(child=serializers.CharField())
    results_url = serializers.CharField(allow_null=True, help_text="Null until the results are published.")


class ResultSerializer(serializers.Serializer):
    place = serializers.IntegerField(allow_null=True, help_text="Null for an honourable mention.")
    honourable_mention = serializers.BooleanField()
    prize = serializers.CharField(allow_null=True)
    entry_code = serializers.CharField()
    title = serializers.CharField()
    student_name = serializers.CharField(allow_null=True, help_text="Only with the student's consent.")
    school = serializers.CharField(allow_null=True, help_text="Only with the student's consent.")


class ResultListSerializer(serializers.Serializer):
    competition = serializers.UUIDField()
    language = serializers.CharField()
    results = ResultSerializer(many=True)


class PageSerializer(serializers.Serializer):
    """What news articles, projects and events share: each language version is a row of its own."""

    id = serializers.IntegerField()
    translation_key = serializers.UUIDField(help_text="Shared by the translations of the same page.")
    language = serializers.CharField(source="locale.language_code")
    title = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.SerializerMethodField()
    first_published_at = serializers.DateTimeField(allow_null=True)
    last_published_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, page: Any) -> str:
        return page.get_full_url(self.context.get("request"))


class NewsSerializer(PageSerializer):
    date = serializers.DateField()
    lead = serializers.CharField()
    organisation = serializers.CharField(source="author_organisation.name", allow_null=True, default=None)


class ProjectSerializer(PageSerializer):
    summary = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, coerce_to_string=True)
    currency = serializers.CharField()
    lead_organisation = serializers.CharField(source="lead_organisation.name", allow_null=True, default=None)
    funder = serializers.CharField(source="funder.name", allow_null=True, default=None)


class EventSerializer(PageSerializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    time_zone = serializers.CharField()
    venue = serializers.CharField(allow_blank=True)
    address = serializers.CharField(allow_blank=True)
    summary = serializers.CharField(allow_blank=True)
