from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from partnerships.sitemaps import SITEMAPS
from partnerships.views.crawlers import favicon, robots_txt
from partnerships.views.health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("partnerships.api.urls")),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("", include("partnerships.urls")),
]

handler400 = "militarydiplo.errors.bad_request"
handler500 = "militarydiplo.errors.server_error"
