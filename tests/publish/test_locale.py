import datetime as dt

import pytest

from mirage_i18n.catalog.merge import english_language_name
from mirage_i18n.errors import PublishError
from mirage_i18n.publish.locale import (
    format_date,
    native_language_name,
    slugify,
    text_direction,
    to_date,
)

D = dt.date(2021, 10, 25)


def test_swedish_date_is_cldr_not_the_old_site():
    assert format_date(D, "sv") == "25 okt. 2021"
    assert format_date(D, "en") == "Oct 25, 2021"
    assert format_date(D, "sv", "long") == "25 oktober 2021"
    assert format_date(D, "de") == "25.10.2021"


@pytest.mark.parametrize(
    "lang,direction",
    [("ar", "rtl"), ("fa", "rtl"), ("he", "rtl"), ("sv", "ltr"), ("el", "ltr"), ("bg", "ltr")],
)
def test_direction_from_cldr(lang, direction):
    assert text_direction(lang) == direction


def test_pages_name_languages_in_themselves_the_coordinator_in_english():
    assert native_language_name("sv") == "Svenska"
    assert native_language_name("el") == "Ελληνικά"
    assert native_language_name("fr") == "Français"  # capitalised for menus (CLDR: français)
    assert english_language_name("sv") == "Swedish"
    assert english_language_name("el") == "Greek"
    assert english_language_name("xx-nope") == "xx-nope"  # a header comment never fails


def test_unknown_language_is_a_publish_error():
    with pytest.raises(PublishError):
        text_direction("xx-notalang-at-all")


def test_slug_of_the_seed_title():
    assert slugify("MIraGE partnermöte, Oktober 2021") == "mirage-partnermote-oktober-2021"
    assert slugify("Συνάντηση εταίρων") == "synantisi-etairon"


def test_to_date():
    assert to_date("2021-10-25") == D
    assert to_date(dt.datetime(2021, 10, 25, 9)) == D
    assert to_date("not a date") is None
