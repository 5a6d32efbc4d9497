"""The sitemap: agency sections and every public document (paged by 50,000 as the protocol requires)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.publishing.selectors import published_documents

from . import selectors


class AgencySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        pages = ("portal:agency", "portal:guide", "portal:catalogue", "portal:annual_reports")
        return [
            (name, a.credit_code) for a in selectors.active_agencies().only("credit_code") for name in pages
        ]

    def location(self, item):
        name, credit_code = item
        return reverse(name, kwargs={"credit_code": credit_code})


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return (
            published_documents()
            .filter(agency__is_active=True)
            .select_related("agency")
            .only("id", "updated_at", "agency__credit_code")
            .order_by("id")
        )

    def location(self, item):
        return reverse("portal:document", kwargs={"credit_code": item.agency.credit_code, "pk": item.pk})

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"agencies": AgencySitemap, "documents": DocumentSitemap}
