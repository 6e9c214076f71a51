"""Response headers that Django's SecurityMiddleware and django-csp do not set.

- ``Permissions-Policy``: the browser features the platform never uses (camera, microphone, geolocation,
  payment, USB, …) are denied to every page, so injected content cannot ask for them either.
- ``Cache-Control: no-store, private`` on every response to a signed-in user: pages, htmx partials, API answers,
  downloads and exports carry personal data and must not stay in a browser's or a proxy's cache.
  Static files are answered by WhiteNoise before this middleware runs and keep their long cache lifetime.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = getattr(settings, "XINFANG_PERMISSIONS_POLICY", "")

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # for one person only and never kept; drops a "public" a view may have set
            patch_cache_control(response, no_store=True, private=True)
        return response
