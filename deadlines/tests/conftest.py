import pytest
from django.core.cache import cache

from deadlines.selectors import CACHE_KEY


@pytest.fixture(autouse=True)
def _fresh_override_cache():
    cache.delete(CACHE_KEY)
    yield
    cache.delete(CACHE_KEY)
