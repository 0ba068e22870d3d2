"""One page of a list, for pages that show a long list a page at a time with GOV.UK
pagination (``templates/includes/pagination.html``)."""

from __future__ import annotations

from collections.abc import Callable
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
    href: Callable[[int, str], str]  # (page number, anchor) -> link

    @property
    def rows(self) -> list:
        return self.page.object_list

    def link_to(self, index: int, anchor: str) -> str:
        """A link to the row at ``index`` of the whole list (from 0), which has the id
        ``anchor``: just the anchor on this page, else the page that shows the row."""
        number = index // self.page.paginator.per_page + 1
        return f"#{anchor}" if number == self.page.number else self.href(number, anchor)


def paged(request, rows, param: str, anchor: str, per_page: int = PER_PAGE) -> Pages:
    """The page of ``rows`` asked for by ``?<param>=``: a number past the end gives the last
    page and anything that is not a number the first (``Paginator.get_page``)."""
    page = Paginator(rows, per_page).get_page(request.GET.get(param))

    def href(number: int, to: str = anchor) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return f"?{query.urlencode()}#{to}"

    return Pages(
        page,
        href(page.previous_page_number()) if page.has_previous() else "",
        href(page.next_page_number()) if page.has_next() else "",
        href,
    )
