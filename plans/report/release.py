"""The code release: a digest of the code, templates and stylesheets that shape every page and
file the portal renders. The public pages' ETags and cache keys carry it (plans.public), and so
do the session booklets kept by their job (plans.workflow.booklets), so a deployment that
changes them is never served a page or booklet of the old release. It sits here, under both,
because it is about what renders, not about who reads."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings

# The pages' stylesheets and scripts are among them: a page links to each by a name made from
# its content (in production), so a page of the old release would link to a file that is gone;
# and the head's inline script (templates/webfont-switch.js) runs only under the digest the
# Content-Security-Policy of the new release names.
RELEASE_FILES = (
    ("templates", "**/*.html"),
    ("templates", "**/*.js"),
    ("plans", "**/*.py"),
    ("static", "css/*.css"),
    ("static", "js/*.js"),
    ("static", "vendor/**/*.css"),
)


@cache
def release() -> str:
    """A digest of the code and templates that shape the pages, so a deployment that changes
    them changes every ETag and no browser keeps a page of the old release."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder, pattern in RELEASE_FILES:
        for path in sorted((base / folder).glob(pattern)):
            digest.update(path.relative_to(base).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
