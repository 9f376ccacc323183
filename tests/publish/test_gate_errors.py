"""Nothing published with an error finding: the build's gates count the error findings of the
one validation it runs beside the rendering (the dashboard's), whether that validation is done
before the rendering starts or only after it (then the build renders again, knowing them)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from mirage_i18n.checks.run import BackgroundValidation, validate
from mirage_i18n.config import load_settings
from mirage_i18n.publish.build import build

DOMAIN = "news/2021-10-partner-meeting"
PO = f"locales/sv/LC_MESSAGES/{DOMAIN}.po"
PAGE = "site/sv/mirage-partnermote-oktober-2021/index.html"


class Late(BackgroundValidation):
    """The validation as a big project sees it: not done when the rendering starts."""

    asked = 0

    def ready(self) -> bool:
        return False

    def result(self):  # type: ignore[no-untyped-def]
        Late.asked += 1
        return super().result()


class Early(BackgroundValidation):
    def ready(self) -> bool:
        return True


def _garble(project: Path) -> None:
    """Mojibake in the reviewed Swedish title ('ö' read back as cp1252): an error finding."""
    po = project / PO
    text = po.read_text(encoding="utf-8")
    assert 'msgstr "MIraGE partnermöte, Oktober 2021"' in text
    po.write_text(text.replace("partnermöte, Oktober", "partnermÃ¶te, Oktober"), encoding="utf-8")


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("kind", [Late, Early])
def test_an_error_finding_withholds_the_page_however_the_validation_arrives(
    sample_project: Path, monkeypatch: pytest.MonkeyPatch, kind: type[BackgroundValidation]
) -> None:
    monkeypatch.delenv("MIRAGE_WORKERS", raising=False)
    before = build(load_settings(sample_project), out=sample_project / "before")
    assert "sv" in before.published(DOMAIN)  # published before the fault
    _garble(sample_project)
    settings = load_settings(sample_project)

    report = build(settings, validation=kind(partial(validate, settings)))

    (decision,) = [d for d in report.decisions if d.lang == "sv" and d.domain == DOMAIN]
    (finding,) = decision.errors
    assert finding.check_id == "mojibake" and finding.path == PO
    assert not decision.published
    assert decision.reason.startswith(f"1 error finding in reviewed entries, first at {PO}:")
    dist = sample_project / "dist"
    assert not (dist / PAGE).exists()
    assert not (dist / f"markdown/content/sv/news/{PAGE.split('/')[2]}.md").exists()
    text = (dist / "publish-report.txt").read_text(encoding="utf-8")
    assert f"    {finding.location}: mojibake: " in text
    # the English page no longer offers a Swedish version
    english = (dist / "site/en/mirage-partner-meeting-october-2021/index.html").read_text(
        encoding="utf-8"
    )
    assert "mirage-partnermote-oktober-2021" not in english
    if kind is Late:
        assert Late.asked >= 1


def test_both_ways_write_the_same_bytes(
    sample_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MIRAGE_WORKERS", raising=False)
    _garble(sample_project)
    settings = load_settings(sample_project)
    build(settings, out=sample_project / "late", validation=Late(partial(validate, settings)))
    build(settings, out=sample_project / "early", validation=Early(partial(validate, settings)))
    late, early = _tree(sample_project / "late"), _tree(sample_project / "early")
    assert late == early and any(k.startswith("site/") for k in late)
