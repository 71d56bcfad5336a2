"""Home's views beside its pages: search of the public site and the sitemap of every language."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Page, get_page_models

from core.links import absolute_url
from home.forms import SearchForm
from home.search import search_pages

SEARCH_RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    """Search the live pages of the visitor's language."""
    form = SearchForm(request.GET or None)
    results = None
    page_obj = None
    if form.is_bound and form.is_valid():
        results = search_pages(form.cleaned_data["q"], get_language())
        paginator = Paginator(results, SEARCH_RESULTS_PER_PAGE)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage):
            page_obj = paginator.page(1)
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "home/search.html",
        {"form": form, "results": results, "page_obj": page_obj},
        status=status,
    )


@require_GET
@cache_control(max_age=3600)
def sitemap(request):
    """Every live public page in every language, each with its translations as alternates, and
    the pages' own routes that are pages in their own right (a consultation's report: page types
    name them in `sitemap_routes()`).

    Wagtail's own sitemap covers only the default site root's tree; this one covers all.
    """
    pages = list(Page.objects.live().public().filter(depth__gt=1).select_related("locale").order_by("path"))
    by_key = {}
    for page in pages:
        relative_url = page.get_url(request)
        if relative_url:
            by_key.setdefault((page.translation_key, ""), []).append(
                (page.locale.language_code, absolute_url(relative_url, request), page)
            )
    for model in get_page_models():
        if not hasattr(model, "sitemap_routes") or model._meta.abstract:
            continue
        for page in model.objects.live().public().select_related("locale"):
            relative_url = page.get_url(request)
            for route in page.sitemap_routes() if relative_url else []:
                url = absolute_url(relative_url + page.reverse_subpage(route), request)
                by_key.setdefault((page.translation_key, route), []).append((page.locale.language_code, url, page))
    entries = []
    for versions in by_key.values():
        for _code, url, page in versions:
            entries.append({"url": url, "lastmod": page.last_published_at, "alternates": versions})
    return render(request, "sitemap.xml", {"entries": entries}, content_type="application/xml")
