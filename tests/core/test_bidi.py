"""Direction controls (bidi overrides and isolates) in what visitors type: refused in names and
other single-line fields, refused in texts when left open at the end of a line, with a message in
the visitor's language and the typed text kept; the marks (LRM, RLM) stay allowed."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.forms import reject_control_characters, reject_direction_controls
from tests.consultations.test_comments import GOOD, comment_url

RLO, PDF, RLI, PDI, LRM, RLM = "\u202e", "\u202c", "\u2067", "\u2069", "\u200e", "\u200f"


@pytest.mark.parametrize(
    "text",
    [
        f"Ana{RLO}",  # an override left open
        f"{RLO}gnp.exe",
        f"quote {RLI}שלום",  # an isolate left open
        f"{PDF}stray",  # a close without an open
        f"{RLI}a{PDF}b{PDI}",  # closes in the wrong order
        f"first {RLO}line\nsecond{PDF}",  # open on one line, closed on the next
        "x\u202ay",
        "x\u202by",
        "x\u202dy",
        "x\u2066y",
        "x\u2068y",
        f"x{PDI}y",
    ],
)
def test_unclosed_direction_controls_are_refused_everywhere(text):
    with pytest.raises(ValidationError) as caught:
        reject_control_characters(text)
    assert caught.value.code == "direction_controls"


@pytest.mark.parametrize(
    "text",
    [
        f"A quotation: {RLI}שלום עולם{PDI}, in Hebrew.",
        f"{RLO}nested {RLI}isolate{PDI} in an override{PDF}\nand a second line",
        f"Marks are fine: 10{LRM}km, {RLM}",
        "Кратово\n\tКуманово",
        "Kukës 🙂",
        "שלום",
    ],
)
def test_closed_direction_controls_and_marks_pass_in_texts(text):
    reject_control_characters(text)


@pytest.mark.parametrize("text", [f"{RLI}Ana{PDI}", f"Ana{RLO}", f"{RLO}anA{PDF}", "x\u2066y\u2069"])
def test_single_line_fields_take_no_direction_control_at_all(text):
    with pytest.raises(ValidationError):
        reject_direction_controls(text)


@pytest.mark.parametrize("text", ["Ana Petrovska", f"Ana{LRM}", "شادي", "Гоце Делчев"])
def test_single_line_fields_take_names_and_marks(text):
    reject_direction_controls(text)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field,value",
    [
        ("author_name", f"{RLO}atsvorteP anA{PDF}"),  # closed, but a name never needs one
        ("author_name", f"Ana Petrovska{RLO}"),
        ("organisation", f"Youth Council{RLI}"),
        ("municipality", f"{RLI}Kratovo{PDI}"),
        ("text", f"Internships should pay {RLO}at least the minimum wage."),
    ],
)
def test_a_comment_with_direction_controls_is_refused_in_the_visitors_language_and_kept(
    client, consultations, field, value
):
    from wagtail.models import Locale

    from consultations.models import Comment

    page = consultations["open"]
    mk = page.get_translation(Locale.objects.get(language_code="mk"))
    response = client.post(comment_url(mk), {**GOOD, "paragraph": "", field: value})
    assert response.status_code == 400
    assert Comment.objects.count() == 0
    html = response.content.decode()
    form = response.context["form"]
    # (CommentForm.clean adds "Please give your name" to a refused name: its own rule.)
    assert [e.code for e in form.errors.as_data()[field]][0] == "direction_controls"
    with translation.override("mk"):
        message = str(form.errors[field][0])
    assert message in html
    assert value in html or value.replace("'", "&#x27;") in html  # what was typed is given back


@pytest.mark.django_db
def test_a_comment_quoting_hebrew_in_a_closed_isolate_is_accepted(client, consultations):
    from consultations.models import Comment

    text = f"The law quotes {RLI}חוק הנוער{PDI} from the Israeli original; please translate it."
    response = client.post(comment_url(consultations["open"]), {**GOOD, "paragraph": "", "text": text})
    assert response.status_code == 302
    assert Comment.objects.get().text == text


def test_every_public_form_refuses_direction_controls_in_single_line_fields_only():
    from django import forms

    from core.forms import HoneypotMixin

    class Form(HoneypotMixin):
        school = forms.CharField(validators=[reject_control_characters])
        essay = forms.CharField(widget=forms.Textarea, validators=[reject_control_characters])

    closed = f"{RLI}שלום{PDI}"
    form = Form({"school": closed, "essay": closed})
    assert not form.is_valid()
    assert list(form.errors) == ["school"] and len(form.errors["school"]) == 1
    assert Form({"school": "SOU Goce Delčev", "essay": closed}).is_valid()
    unclosed = Form({"school": f"x{RLO}", "essay": "fine"})
    assert not unclosed.is_valid() and len(unclosed.errors["school"]) == 1  # one message, not two
