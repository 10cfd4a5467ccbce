"""The product's URLs, and the yardstick (limit_views.py) beside its API.

Under /api/ so that it passes through exactly the middleware an API list does.
"""

from django.urls import path

from militarydiplo.urls import handler400, handler500
from militarydiplo.urls import urlpatterns as product_urlpatterns

from .limit_views import limit_list

urlpatterns = [path("api/bench/limit/<slug:resource>/", limit_list), *product_urlpatterns]

__all__ = ["handler400", "handler500", "urlpatterns"]
