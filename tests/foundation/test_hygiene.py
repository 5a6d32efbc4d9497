"""The suite leaves nothing behind in the working tree."""

from __future__ import annotations

from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]


def test_tests_write_media_to_a_temporary_folder(settings):
    assert REPOSITORY not in Path(settings.MEDIA_ROOT).resolve().parents
