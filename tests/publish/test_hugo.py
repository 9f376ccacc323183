"""Hugo sources: the translated front matter keeps the source's date, time included."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from mirage_i18n.config import load_settings
from mirage_i18n.publish.build import build
from mirage_i18n.publish.content import Version
from mirage_i18n.publish.hugo import hugo_file
from mirage_i18n.publish.locale import to_date


def _front(text: str) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(text.split("---\n")[1])


@pytest.mark.parametrize(
    "value, written",
    [
        (dt.date(2021, 10, 25), "2021-10-25"),
        (
            dt.datetime(2021, 10, 25, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            "2021-10-25T14:30:00+02:00",
        ),
        (dt.datetime(2021, 10, 25, 9, 5), "2021-10-25T09:05:00"),
        ("2021-10-25T08:00:00Z", "2021-10-25T08:00:00+00:00"),
        ("2021-10-25", "2021-10-25"),
        ("2021-10-25, morning", "2021-10-25"),  # not ISO beyond the day: the day
    ],
)
def test_the_date_keeps_its_time(value: object, written: str) -> None:
    version = Version(
        domain="news/x",
        lang="sv",
        title="Titel",
        lede="",
        slug="titel",
        date=to_date(value),
        body="Text.\n",
        front_matter={"title": "Titel", "date": value},
    )
    path, text = hugo_file(version, "news")
    assert path == "markdown/content/sv/news/titel.md"
    assert _front(text)["date"] == written


def test_build_writes_a_datetime_with_its_time(sample_project) -> None:
    """A front matter date with a time was cut to the day in the Hugo sources (Hugo orders a
    day's posts by it); the pages still show the day."""
    src = sample_project / "source_texts/news/2021-10-partner-meeting.md"
    text = src.read_text(encoding="utf-8")
    src.write_text(text.replace("date: 2021-10-25\n", "date: 2021-10-25 14:30:00+02:00\n"))
    build(load_settings(sample_project))
    dist = sample_project / "dist"
    for hugo in (
        dist / "markdown/content/en/news/mirage-partner-meeting-october-2021.md",
        dist / "markdown/content/sv/news/mirage-partnermote-oktober-2021.md",
    ):
        assert _front(hugo.read_text(encoding="utf-8"))["date"] == "2021-10-25T14:30:00+02:00"
    page = (dist / "site/sv/mirage-partnermote-oktober-2021/index.html").read_text()
    assert '<time datetime="2021-10-25">25 okt. 2021</time>' in page
