"""Static files: hashed and compressed after ``gongkai collectstatic``, plain names before it."""

from __future__ import annotations

from django.contrib.staticfiles.storage import StaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class GongkaiStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed manifest storage that never turns a missing entry into an error page.

    Before collectstatic (tests, a fresh checkout) there is no manifest: URLs are the plain names
    the finders serve. A file added after the last collectstatic keeps its plain name too.
    """

    manifest_strict = False

    def url(self, name, force=False):
        if not self.hashed_files and not force:
            return StaticFilesStorage.url(self, name)
        return super().url(name, force)

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            return name
