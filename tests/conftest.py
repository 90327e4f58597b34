"""Every test starts with empty process caches: the page cache and the decoded reports are
keyed by content and version, and a rolled-back test database may hand out the same primary
keys again."""

import pytest
from django.core.cache import caches

from plans.public.views import recent_pages
from plans.workflow.freezing import forget_frozen_reports


@pytest.fixture(autouse=True)
def empty_process_caches():
    caches["default"].clear()
    recent_pages.clear()
    forget_frozen_reports()
