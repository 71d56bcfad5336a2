"""Sub-routes of a competition page: entering, the receipt and edit page behind the secret link,
and the guardian's consent. Every view works without JavaScript."""

from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.pages import route_url
from core.views import message, render_on_page
from essays import entries, rules
from essays.choices import Phase
from essays.forms import EntryForm, GuardianConsentForm

_render = render_on_page


def _message(request, page, title, text, status=200):
    return message(request, page, title, text, back_label=_("Back to the competition"), status=status)


def _closed(request, page, editing=False):
    if page.phase == Phase.UPCOMING:
        text = _("Entries can be sent from the opening date.")
    elif editing:
        text = _("The deadline has passed: entries can no longer be changed.")
    else:
        text = _("The deadline has passed: no more entries are accepted.")
    return _message(
        request, page, _("This competition is not open for entries"), text, 403 if request.method == "POST" else 200
    )


def _form_response(request, page, form, template, context=None, keep=True):
    """The form again with its errors; a good file is kept for the next attempt (bounded per
    visitor, core/uploads.py) unless the visitor is over the rate limit."""
    if keep:
        form.keep_upload(request)
    return _render(request, page, template, {"form": form, **(context or {})}, status=400)


def _limited(request, form):
    form.add_error(None, _("You have sent several entries in a short time. Please wait an hour and try again."))


def enter(request, page):
    if not rules.may_enter(page):
        return _closed(request, page)
    if request.method == "POST":
        form = EntryForm(request.POST, request.FILES, page=page)
        email = request.POST.get("email", "")
        valid = form.is_valid()
        if valid:
            earlier = entries.already_received(page, form)
            if earlier:  # the same form posted twice (a double click): the same receipt, nothing sent
                return redirect(route_url(page, "edit", earlier[1]) + "?sent=1")
        # Failed posts count toward the limit too: each may leave a file pending.
        if entries.rate_limited(request, email):
            _limited(request, form)
            return _form_response(request, page, form, "essays/enter.html", keep=False)
        if not valid:
            entries.count_post(request, email)
            return _form_response(request, page, form, "essays/enter.html")
        entry, token, created = entries.submit_entry(request, page, form)
        if created:
            entries.count_post(request, entry.email)
        return redirect(route_url(page, "edit", token) + "?sent=1")
    return _render(request, page, "essays/enter.html", {"form": EntryForm(page=page)})


def edit(request, page, token):
    """The receipt, and the entry's form until the deadline (reached through the secret link)."""
    entry = entries.entry_for_token(page, token)
    if entry is None:
        raise Http404
    context = {"entry": entry, "just_sent": request.GET.get("sent") == "1"}
    if request.method == "POST":
        if not rules.may_enter(page):
            return _closed(request, page, editing=True)
        form = EntryForm(request.POST, request.FILES, page=page, instance=entry)
        guardian_email_before = form.initial.get("guardian_email", "")
        if form.is_valid():
            form.save()
            asked = entries.review_consent_after_edit(request, page, entry, guardian_email_before)
            return redirect(route_url(page, "edit", token) + ("?saved=1&guardian=1" if asked else "?saved=1"))
        limited = entries.rate_limited(request, entry.email)
        if not limited:
            entries.count_post(request, entry.email)
        return _form_response(request, page, form, "essays/entry.html", context, keep=not limited)
    context["saved"] = request.GET.get("saved") == "1"
    context["guardian_asked"] = request.GET.get("guardian") == "1"
    form = EntryForm(page=page, instance=entry) if rules.may_enter(page) else None
    return _render(request, page, "essays/entry.html", {**context, "form": form})


def guardian_consent(request, page, token):
    entry = entries.entry_for_token(page, token, field="guardian_token_hash")
    if entry is None:
        return _message(
            request,
            page,
            _("The link cannot be used"),
            _("This link is not valid or the consent has already been given."),
            status=400,
        )
    form = GuardianConsentForm(request.POST or None, auto_id="guardian-%s")
    if request.method == "POST":
        if not form.is_valid():
            return _render(request, page, "essays/guardian.html", {"entry": entry, "form": form}, status=400)
        entries.confirm_guardian(entry)
        return _message(
            request,
            page,
            _("Thank you for your consent"),
            _("The essay is now entered in the competition and will be read by the jury."),
        )
    return _render(request, page, "essays/guardian.html", {"entry": entry, "form": form})
