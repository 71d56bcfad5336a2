"""Views of a consultation page's sub-routes: writing and confirming a comment, the report, and
the "notify me" subscription. Every view works without JavaScript."""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from consultations import comments, rules, subscriptions
from consultations import mine as my_comments
from consultations.choices import Status
from consultations.drafts import draft_with_comments, find_paragraph
from consultations.forms import CommentForm, EmailCorrectionForm, MyCommentsForm, SubscribeForm
from consultations.models import Comment
from consultations.report import report_figures
from consultations.versions import changes_by_version, compare, version_list
from core import optout, ratelimit
from core.pages import route_url
from core.views import message, render_on_page

_render = render_on_page


def _message(request, page, title, text, status=200, **extra):
    return message(request, page, title, text, back_label=_("Back to the consultation"), status=status, **extra)


def _closed(request, page, form=None):
    """The consultation is not open: say so, and give back what the visitor typed."""
    return _message(
        request,
        page,
        _("This consultation is not open for comments"),
        _("Comments can be sent only while the consultation is open. Your comment was not sent.")
        if request.method == "POST"
        else _("Comments can be sent only while the consultation is open."),
        status=403 if request.method == "POST" else 200,
        typed_text=(form.data.get("text", "") if form is not None else ""),
    )


def comment(request, page):
    """The comment form: on one paragraph (?paragraph=<block id>), as a reply (?reply_to=<id>)
    or on the whole draft. A POST saves the comment as unconfirmed and e-mails the link."""
    if request.method == "POST":
        form = CommentForm(request.POST, page=page)
        if not rules.may_comment(page):
            return _closed(request, page, form)
        if form.is_valid():
            ip = ratelimit.client_ip(request)
            email = form.cleaned_data["email"]
            form_token = form.cleaned_data.get("form_token") or ""
            earlier = comments.already_sent(page, form_token, email)
            if earlier is not None:  # a double click: the first post stored it and sent the link
                comments.remember(request, earlier)
                return redirect(route_url(page, "comment_sent"))
            if comments.rate_limited(ip, email):
                form.add_error(
                    None,
                    _(
                        "You have sent several comments in a short time. Please wait an hour and try again; "
                        "what you wrote is still here."
                    ),
                )
                return _comment_form(request, page, form, status=429)
            sent = comments.submit_comment(request, page, form.save(), form_token)
            comments.count_post(ip, email)
            if not sent:  # kept, but this address has had today's confirmation e-mails
                return _sent_redirect(request, page, "later")
            return redirect(route_url(page, "comment_sent"))
        return _comment_form(request, page, form, status=400)
    if not rules.may_comment(page):
        return _closed(request, page)
    initial = {"paragraph": request.GET.get("paragraph", "")[:64]}
    reply_to = request.GET.get("reply_to", "")
    if reply_to.isdigit():
        initial["reply_to"] = int(reply_to)
    form = CommentForm(page=page, initial=initial)
    # Resolve what the comment is about for the heading, without showing errors yet.
    form.paragraph = find_paragraph(page, initial["paragraph"])[1] if initial["paragraph"] else None
    if "reply_to" in initial:
        form.parent = (
            Comment.objects.for_consultation(page).published().filter(pk=initial["reply_to"], parent=None).first()
        )
        if form.parent is None:
            raise Http404
    return _comment_form(request, page, form)


def _comment_form(request, page, form, status=200):
    parent = form.parent
    paragraph = form.paragraph
    if parent is not None and parent.paragraph_id:
        paragraph = find_paragraph(page, parent.paragraph_id)[1]
    return _render(
        request,
        page,
        "consultations/comment_form.html",
        {"form": form, "paragraph": paragraph, "parent": parent},
        status=status,
    )


COMMENTS_PER_PAGE = 50


def paragraph_comments(request, page, block_id):
    """Every published comment on one paragraph (or on the whole draft: `general`), paginated."""
    draft = draft_with_comments(page, limit=0, everything_on="" if block_id == "general" else block_id)
    if block_id == "general":
        paragraph, comments = None, draft.general
    else:
        paragraph = draft.paragraph(block_id)
        if paragraph is None:
            raise Http404
        comments = paragraph.comments
    paginator = Paginator(comments, COMMENTS_PER_PAGE)
    try:
        page_obj = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page_obj = paginator.page(1)
    return _render(
        request,
        page,
        "consultations/paragraph_comments.html",
        {
            "paragraph": paragraph,
            "page_obj": page_obj,
            "comments": page_obj.object_list,
            "consultation": page,
            "comment_url": route_url(page, "comment"),
        },
    )


def comment_sent(request, page):
    """ "Check your e-mail": names the address the link went to (masked; the session keeps it,
    signed, never the URL), and lets the session that wrote the comment send the link again or
    correct a mistyped address while the comment is unconfirmed. Another browser only reads the
    general message."""
    pending = comments.sent_comment(request, page)
    if pending is None:
        return _message(
            request,
            page,
            _("Check your e-mail"),
            _(
                "We have sent you a link to confirm your comment. Your comment counts once you open the link "
                "and confirm it. If the message does not arrive in a few minutes, look in your spam folder."
            ),
        )
    form = EmailCorrectionForm()
    notice, status = "", 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "correct":
            form = EmailCorrectionForm(request.POST)
            if form.is_valid():
                email = form.cleaned_data["email"]
                if comments.rate_limited(ratelimit.client_ip(request), email):
                    form.add_error(
                        "email", _("You have made several changes in a short time. Please try again later.")
                    )
                    status = 429
                else:
                    comments.count_post(ratelimit.client_ip(request), email)
                    sent = comments.correct_email(request, page, pending, email)
                    return _sent_redirect(request, page, "corrected" if sent else "later")
            else:
                status = 400
        elif action == "resend":
            ip = ratelimit.client_ip(request)
            if comments.rate_limited(ip, pending.email):
                return _sent_redirect(request, page, "later")
            comments.count_post(ip, pending.email)
            sent = comments.resend_confirmation(request, page, pending)
            return _sent_redirect(request, page, "resent" if sent else "later")
    else:
        notice = request.session.pop(SENT_NOTICE, "")
    return _render(
        request,
        page,
        "consultations/comment_sent.html",
        {
            "pending": pending,
            "masked_email": comments.mask_email(pending.email),
            "form": form,
            "notice": notice,
            "hours": settings.GLAS_CONFIRMATION_HOURS,
        },
        status=status,
    )


SENT_NOTICE = "glas_comment_sent_notice"


def _sent_redirect(request, page, notice):
    request.session[SENT_NOTICE] = notice
    return redirect(route_url(page, "comment_sent"))


def confirm_comment(request, page, token):
    """GET shows the comment with a button; POST confirms it (mail scanners only GET links)."""
    try:
        pending = comments.comment_for_token(page, token)
    except comments.TokenError as error:
        return _message(request, page, _("The link cannot be used"), error.message, status=400)
    if request.method == "POST":
        anchor = f"#p-{pending.paragraph_id}" if pending.paragraph_id else "#general-comments"
        if not comments.confirm_comment(page, pending):
            return _message(
                request,
                page,
                _("Already confirmed"),
                _("This comment was already confirmed; nothing more is needed."),
                back_url=page.url + anchor,
            )
        if pending.status == Status.PUBLISHED:
            text = _("Thank you. Your comment is confirmed and published.")
        else:
            text = _("Thank you. Your comment is confirmed; it will appear once a moderator has read it.")
        return _message(request, page, _("Comment confirmed"), text, back_url=page.url + anchor)
    return _render(request, page, "consultations/confirm_comment.html", {"pending": pending})


def subscribe(request, page):
    if not rules.may_subscribe(page):
        return redirect(route_url(page, "report"))
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = ratelimit.client_ip(request)
        email = form.cleaned_data["email"]
        if comments.rate_limited(ip, email):
            form.add_error(
                None, _("You have sent several requests in a short time. Please wait an hour and try again.")
            )
        else:
            subscriptions.request_subscription(request, page, email)
            comments.count_post(ip, email)
            return _message(
                request,
                page,
                _("Check your e-mail"),
                _("We have sent you a link. Open it to confirm that you want to hear when the report is published."),
            )
    status = 400 if form.is_bound else 200
    return _render(request, page, "consultations/subscribe.html", {"form": form}, status=status)


def confirm_subscription(request, page, token):
    if subscriptions.confirm_subscription(page, token) is None:
        return _message(
            request,
            page,
            _("The link cannot be used"),
            _("This confirmation link is not valid, has expired or has already been used."),
            status=400,
        )
    return _message(
        request,
        page,
        _("Subscription confirmed"),
        _("We will write to you once, when the report on this consultation is published."),
    )


def unsubscribe(request, page, signed):
    subscription = subscriptions.subscription_for_unsubscribe(signed)
    if subscription is None:
        return _message(request, page, _("You are not subscribed"), _("There is no subscription for this link."))
    if request.method == "POST":
        subscription.delete()
        return _message(
            request, page, _("Unsubscribed"), _("We have deleted your e-mail address and will not write to you again.")
        )
    return _render(request, page, "consultations/unsubscribe.html")


class Lazily:
    """What a kept fragment shows, computed at the first look-up: when the fragment is kept
    (core/templatetags/glas_tags.py page_fragment), nothing is computed at all."""

    def __init__(self, compute):
        self._compute, self._values = compute, None

    def __getitem__(self, key):
        if self._values is None:
            self._values = self._compute()
        return self._values[key]


def report(request, page):
    if not rules.may_read_report(page, request):
        raise Http404

    def figures():
        return {
            **report_figures(page),
            # One query tells whether there is more than one version (the comments ask it too).
            "version_changes": changes_by_version(page) if page.latest_version_number > 1 else [],
        }

    # The report is the same for everyone who may read it: kept rendered until the page or one of
    # its comments changes (the template's page_fragment), computed only when it is not.
    return _render(request, page, "consultations/report.html", {"report": Lazily(figures)})


def versions(request, page):
    """Every version of the draft, with its date and what changed, and links to compare them."""
    listed = version_list(page)
    changes = {item.version.number: item.comparison for item in changes_by_version(page, listed)}
    entries = [(version, changes.get(version.number)) for version in reversed(listed)]
    readable = [version.number for version in listed if version.available]
    context = {"all_versions": listed, "entries": entries, "readable": readable, "layout": "inline"}
    if len(readable) >= 2:
        context.update(earlier=readable[-2], later=readable[-1])
    return _render(request, page, "consultations/versions.html", context)


def _version_number(value, numbers):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number in numbers else None


def compare_versions(request, page):
    """Two versions of the draft in the page's language (?from=1&to=2), inline or side by side
    (?layout=side), with what was inserted and deleted in each changed paragraph and the answered
    comments that led to the change. Without both numbers: the last version against the one before."""
    listed = version_list(page)
    readable = [version.number for version in listed if version.available]
    if len(readable) < 2:
        return _render(
            request,
            page,
            "consultations/compare.html",
            {"all_versions": listed, "comparison": None, "readable": readable},
        )
    chosen_from = _version_number(request.GET.get("from"), readable)
    chosen_to = _version_number(request.GET.get("to"), readable)
    error = ""
    if ("from" in request.GET or "to" in request.GET) and (chosen_from is None or chosen_to is None):
        error = _("Choose two versions of the draft from the lists.")
    elif chosen_from is not None and chosen_from == chosen_to:
        error = _("Choose two different versions to compare.")
    if error or chosen_from is None or chosen_to is None:
        chosen_from, chosen_to = readable[-2], readable[-1]
    earlier, later = sorted((chosen_from, chosen_to))
    layout = "side" if request.GET.get("layout") == "side" else "inline"
    return _render(
        request,
        page,
        "consultations/compare.html",
        {
            "all_versions": listed,
            "readable": readable,
            "comparison": compare(page, earlier, later),
            "earlier": earlier,
            "later": later,
            "layout": layout,
            "error": error,
        },
        status=400 if error else 200,
    )


# "My comments": pages of no one consultation (consultations/urls.py, consultations/mine.py).


@never_cache
def mine(request):
    """Asking for the link to one's comments. The answer is the same whether or not comments
    were sent from the address: nobody learns from it who took part."""
    form = MyCommentsForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if my_comments.send_link(request, form.cleaned_data["email"], get_language()):
                return render(request, "consultations/mine_sent.html", {"days": my_comments.MINE_LINK_DAYS})
            form.add_error(None, _("You have asked several times in a short time. Please wait an hour and try again."))
            status = 429
        else:
            status = 400
    return render(request, "consultations/mine.html", {"form": form}, status=status)


@never_cache
def mine_list(request, token):
    """Every comment sent from the address of the signed link, with the e-mails' on/off switch."""
    address = my_comments.address_from_token(token)
    if address is None:
        return render(request, "consultations/mine_invalid.html", status=400)
    if request.method == "POST":
        if request.POST.get("mail") == "off":
            optout.opt_out(address)
        elif request.POST.get("mail") == "on":
            optout.opt_in(address)
        return redirect(request.path + "#mail-settings")
    context = {
        "rows": my_comments.my_comments(address, get_language()),
        "opted_out": optout.is_opted_out(address),
    }
    return render(request, "consultations/mine_list.html", context)


@never_cache
def stop_mail(request, token):
    """The "stop these e-mails" link: GET asks (mail scanners open links), POST records it."""
    digest = optout.hash_from_token(token)
    if digest is None:
        return render(request, "consultations/mine_invalid.html", {"stop": True}, status=400)
    done = request.method == "POST"
    if done:
        optout.opt_out_hash(digest)
    return render(request, "consultations/stop_mail.html", {"done": done})
