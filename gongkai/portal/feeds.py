"""RSS 2.0 and Atom feeds of each column (django.contrib.syndication)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator

from gongkai.publishing.richtext import html_to_text
from gongkai.publishing.selectors import published_documents
from gongkai.search.backends import SearchFilters, get_backend

from . import selectors

FEED_ITEMS = 20


class ColumnFeed(Feed):
    """The latest documents of one column of one agency."""

    def get_object(self, request, credit_code, column_id):
        agency = selectors.agency_by_code(credit_code)
        return selectors.column_of(agency, column_id)

    def title(self, column):
        return f"{column.agency.name} · {column.name}"

    def link(self, column):
        return reverse(
            "portal:column", kwargs={"credit_code": column.agency.credit_code, "column_id": column.pk}
        )

    def description(self, column):
        return f"{column.agency.name}“{column.name}”栏目最新公开的政府信息"

    def items(self, column):
        ids = get_backend().browse_ids(SearchFilters(column_id=column.pk), FEED_ITEMS)
        by_id = {
            d.pk: d
            for d in published_documents(column.agency).filter(pk__in=ids).select_related("agency").order_by()
        }
        return [by_id[i] for i in ids if i in by_id]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or Truncator(html_to_text(item.body)).chars(200)

    def item_link(self, item):
        return reverse("portal:document", kwargs={"credit_code": item.agency.credit_code, "pk": item.pk})

    def item_guid(self, item):
        return item.index_number or self.item_link(item)

    def item_guid_is_permalink(self, item):
        return not item.index_number

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.issuing_body or item.agency.name


class ColumnAtomFeed(ColumnFeed):
    feed_type = Atom1Feed

    def subtitle(self, column):
        return self.description(column)
