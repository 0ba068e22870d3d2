"""One page of a list, for pages that show a long list a page at a time with GOV.UK
pagination (``templates/includes/pagination.html``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

# Rows per page, unless a page asks for another number.
PER_PAGE = 25


@dataclass(frozen=True)
class Pages:
    """One page of a list (a page may have several, each with its own ``?<param>=``) and the
    links to its neighbours, which keep the rest of the query and return to the list's place
    on the page (``#<anchor>``)."""

    page: Page
    previous_href: str
    next_href: str

    @property
    def rows(self) -> list:
        return self.page.object_list


def paged(request, rows, param: str, anchor: str, per_page: int = PER_PAGE) -> Pages:
    """The page of ``rows`` asked for by ``?<param>=``: a number past the end gives the last
    page and anything that is not a number the first (``Paginator.get_page``)."""
    page = Paginator(rows, per_page).get_page(request.GET.get(param))

    def href(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return f"?{query.urlencode()}#{anchor}"

    return Pages(
        page,
        href(page.previous_page_number()) if page.has_previous() else "",
        href(page.next_page_number()) if page.has_next() else "",
    )
