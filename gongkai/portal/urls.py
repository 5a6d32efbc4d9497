from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from gongkai.search.views import search_page

from . import display, feeds, views
from .sitemaps import SITEMAPS

app_name = "portal"


class CreditCodeConverter:
    """An 18-character 统一社会信用代码 (letters are matched case-insensitively by the views)."""

    regex = "[0-9A-Za-z]{18}"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return value


register_converter(CreditCodeConverter, "credit")

sitemap_index = login_not_required(sitemap_views.index)
sitemap_section = login_not_required(sitemap_views.sitemap)

urlpatterns = [
    path("display/", display.display_switch, name="display"),
    path("", views.home, name="home"),
    path("report.css", views.report_stylesheet, name="report_css"),
    path("search/", search_page, name="search"),
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_section, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("a/<credit:credit_code>/", views.agency_home, name="agency"),
    path("a/<credit:credit_code>/guide/", views.guide, name="guide"),
    path("a/<credit:credit_code>/catalogue/", views.catalogue, name="catalogue"),
    path("a/<credit:credit_code>/column/<int:column_id>/", views.column, name="column"),
    path(
        "a/<credit:credit_code>/column/<int:column_id>/rss/",
        login_not_required(feeds.ColumnFeed()),
        name="column_rss",
    ),
    path(
        "a/<credit:credit_code>/column/<int:column_id>/atom/",
        login_not_required(feeds.ColumnAtomFeed()),
        name="column_atom",
    ),
    path("a/<credit:credit_code>/doc/<int:pk>/", views.document, name="document"),
    path(
        "a/<credit:credit_code>/doc/<int:pk>/files/<int:attachment_pk>/", views.attachment, name="attachment"
    ),
    path("a/<credit:credit_code>/annual-reports/", views.annual_reports, name="annual_reports"),
    path("a/<credit:credit_code>/search/", search_page, name="agency_search"),
]
