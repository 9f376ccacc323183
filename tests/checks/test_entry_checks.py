"""Each check, one good and one bad entry at least (positive and negative cases)."""

from __future__ import annotations

import pytest

from mirage_i18n.model import Message

from .helpers import APPROVED_SV_DISCLAIMER, DNT, findings_for, ids

REWRITES = (("/en/", "/sv/"),)


# ---------------------------------------------------------------- markup
def test_link_target_identical_and_rewritten_pass() -> None:
    src = "See [the site](https://mirageproject.eu/en/about/) and [EU](https://europa.eu)."
    assert "md-link-target" not in ids(
        src,
        "Se [sajten](https://mirageproject.eu/sv/about/) och [EU](https://europa.eu).",
        url_rewrites=REWRITES,
    )


def test_link_target_rewrite_needs_the_rule() -> None:
    src = "See [the site](https://mirageproject.eu/en/about/)."
    assert "md-link-target" in ids(src, "Se [sajten](https://mirageproject.eu/sv/about/).")


def test_external_link_target_changed() -> None:
    found = findings_for(
        Message("See [EU](https://europa.eu/x).", "Se [EU](https://europa.eu/y).", lineno=4),
        only="md-link-target",
    )
    assert [f.line for f in found] == [4]
    assert "https://europa.eu/y" in found[0].message


def test_link_lost_is_counted_not_double_reported() -> None:
    got = ids(
        "Read [this](https://a.eu) and [that](https://b.eu).", "Läs [detta](https://a.eu) och det."
    )
    assert "md-link-count" in got and "md-link-target" not in got


def test_images() -> None:
    assert "md-image" not in ids("A ![logo](/l.png) here.", "En ![logga](/l.png) här.")
    assert "md-image" in ids("A ![logo](/l.png) here.", "En logga här.")
    assert "md-image" in ids("A ![logo](/l.png) here.", "En ![logga](/m.png) här.")


def test_inline_code() -> None:
    assert "md-code" not in ids("Run `make all` now.", "Kör `make all` nu.")
    assert "md-code" in ids("Run `make all` now.", "Kör `gör allt` nu.")
    assert "md-code" in ids("Run `make all` now.", "Kör make all nu.")


def test_emphasis_and_strong() -> None:
    assert "md-emphasis" not in ids("A *big* **deal**.", "En *stor* **grej**.")
    assert "md-emphasis" in ids("A *big* **deal**.", "En stor **grej**.")
    assert "md-emphasis" in ids("A *big* **deal**.", "En *stor* grej.")


def test_html_tags() -> None:
    assert "md-html" not in ids("Press <kbd>F5</kbd>.", "Tryck <kbd>F5</kbd>.")
    assert "md-html" in ids("Press <kbd>F5</kbd>.", "Tryck <kbd>F5.")
    assert "md-html" in ids("Press <kbd>F5</kbd>.", "Tryck <b>F5</b>.")
    assert "md-html" not in ids("A<br>b", "A<br>b")


def test_markdown_is_parsed_not_regexed() -> None:
    # Brackets that are not a link must not count as one.
    assert "md-link-count" not in ids("Use [brackets] freely.", "Använd [hakparenteser] fritt.")
    # Code containing link syntax is code, not a link.
    assert ids("Write `[a](b)` here.", "Skriv `[a](b)` här.").isdisjoint(
        {"md-link-count", "md-code"}
    )


@pytest.mark.parametrize(
    "msgid, msgstr",
    [
        ("Read the [toolkit] now.", "Läs [verktygslådan] nu."),  # shortcut label translated
        ("Read the [toolkit][] now.", "Läs [verktygslådan][] nu."),  # collapsed
        ("Read [the toolkit][tk] now.", "Läs [verktygslådan][vl] nu."),  # full: label translated
        ("Read [the toolkit][tk] now.", "Läs verktygslådan nu."),  # link dropped
        ("See ![logo] here.", "Se ![logga] här."),  # shortcut image
        ("A [tk] and a [tk] link.", "En [tk] och en [vl] länk."),  # one of two
    ],
)
def test_reference_label_lost(msgid: str, msgstr: str) -> None:
    found = findings_for(Message(msgid, msgstr, lineno=7), only="md-reference")
    assert len(found) == 1 and found[0].severity == "warning" and found[0].line == 7
    assert "[verktygslådan]" not in found[0].message and "must stay as it is" in found[0].message


@pytest.mark.parametrize(
    "msgid, msgstr",
    [
        ("Read the [toolkit] now.", "Läs [verktygslådan][toolkit] nu."),  # the advised fix
        (
            "Read the [Toolkit] now.",
            "Läs [verktygslådan][TOOLKIT ] nu.",
        ),  # labels match as CommonMark does
        ("Read [the toolkit][tk] now.", "Läs [verktygslådan][tk] nu."),
        ("See ![logo] here.", "Se ![Logga][logo] här."),  # as reassembly writes images
        (
            "Read [the guide](https://a.eu) now.",
            "Läs [guiden](https://a.eu) nu.",
        ),  # inline links: not references
        ("Write `[x]` and \\[y\\].", "Skriv `[x]` och \\[z\\]."),  # code and escapes: not links
        ("Plain text.", "Vanlig [text] med hakparenteser."),  # brackets added: not checked
    ],
)
def test_reference_label_kept(msgid: str, msgstr: str) -> None:
    assert findings_for(Message(msgid, msgstr, lineno=7), only="md-reference") == []


# ---------------------------------------------------------------- urls, e-mail, placeholders
def test_bare_url() -> None:
    assert "url" not in ids(
        "Visit https://mirageproject.eu/en/x.",
        "Besök https://mirageproject.eu/sv/x.",
        url_rewrites=REWRITES,
    )
    assert "url" in ids("Visit https://mirageproject.eu/x.", "Besök https://mirageproject.se/x.")
    assert "url" in ids("Visit https://mirageproject.eu/x.", "Besök vår webbplats.")


@pytest.mark.parametrize(
    ("lang", "msgstr"),
    [
        ("de", "Siehe \u201ehttps://mirageproject.eu/x\u201c jetzt."),  # „…“
        ("de", "Siehe \u201ahttps://mirageproject.eu/x\u2018 jetzt."),  # ‚…‘
        ("de", "Siehe \u201ewww.mirageproject.eu\u201c."),
        ("de", "Siehe \u00bbhttps://mirageproject.eu/x\u00ab jetzt."),  # »…« (German books)
        ("fr", "Voir \u2039https://mirageproject.eu/x\u203a ici."),  # ‹…›
    ],
)
def test_bare_url_in_local_quotes(lang: str, msgstr: str) -> None:
    # The closing quote is not part of the URL, whatever the language's convention.
    src = (
        'See "https://mirageproject.eu/x" now.'
        if "www" not in msgstr
        else 'See "www.mirageproject.eu".'
    )
    assert "url" not in ids(src, msgstr, lang)


def test_email() -> None:
    assert "email" not in ids(
        "Write to info@mirageproject.eu.", "Skriv till INFO@mirageproject.eu."
    )
    assert "email" in ids("Write to info@mirageproject.eu.", "Skriv till info@mirageprojekt.eu.")
    assert "email" in ids("[Mail](mailto:info@a.eu)", "[Mejla](mailto:info@b.eu)")


def test_placeholders() -> None:
    assert "placeholder" not in ids(
        "Hi {name}, you have {count} items", "Hej {name}, du har {count} saker"
    )
    assert "placeholder" in ids("Hi {name}", "Hej {namn}")
    assert "placeholder" in ids("%s and %(count)d", "%s och %(antal)d")
    assert "placeholder" not in ids("%s and %(count)d", "%(count)d och %s")


def test_percent_in_prose_is_not_a_placeholder() -> None:
    assert "placeholder" not in ids("A 20% offer", "Ett erbjudande på 20 %")


# ---------------------------------------------------------------- numbers
@pytest.mark.parametrize(
    ("lang", "msgstr"),
    [
        ("sv", "Vi utbildade 1\u00a0250 personer, 35,5 % fler."),
        ("sv", "Vi utbildade 1 250 personer, 35,5 % fler."),
        ("de", "Wir schulten 1.250 Personen, 35,5 % mehr."),
        ("fr", "Nous avons formé 1\u202f250 personnes, 35,5 % de plus."),
        ("it", "Abbiamo formato 1.250 persone, il 35,5% in più."),
    ],
)
def test_numbers_in_local_convention(lang: str, msgstr: str) -> None:
    assert "number" not in ids("We trained 1,250 people, 35.5% more.", msgstr, lang=lang)


def test_number_changed_or_missing() -> None:
    assert "number" in ids("We trained 1,250 people.", "Vi utbildade 1\u00a0350 personer.")
    assert "number" in ids("On 15 October 2021.", "Den 16 oktober 2021.")
    assert "number" in ids("It took 1.5 days.", "Det tog 15 dagar.")


def test_dates_and_ranges_keep_their_numbers() -> None:
    assert "number" not in ids(
        "From 2018 to 2021, on Friday 15 October.", "Från 2018 till 2021, fredagen den 15 oktober."
    )
    assert "number" not in ids("The 3rd meeting", "Det 3:e mötet")


# ---------------------------------------------------------------- whitespace & punctuation
def test_whitespace() -> None:
    assert "whitespace" not in ids("Hello world", "Hej världen")
    assert "whitespace" in ids("Hello world ", "Hej världen")
    assert "whitespace" in ids(" Hello", "Hej")
    assert "whitespace" in ids("Hello world", "Hej\nvärlden")
    assert "whitespace" in ids("Line one  \nline two", "Rad ett rad två")


def test_double_space() -> None:
    assert "double-space" in ids("Hello world", "Hej  världen")
    assert "double-space" not in ids("Hello world", "Hej världen")


def test_punctuation() -> None:
    assert "punctuation" not in ids("Done.", "Klart.")
    assert "punctuation" not in ids("Really?", "Verkligen?")
    # a final full stop may come and go (list items, parentheses): issue 12
    assert "punctuation" not in ids("Done.", "Klart")
    assert "punctuation" not in ids("(subscribe!)", "(prenumerera!).")
    assert "punctuation" not in ids("the results (page 2);", "resultaten (sidan 2)")
    assert "punctuation" in ids("Done!", "Klart.")
    assert "punctuation" in ids("Why? Write to us.", "Varför. Skriv till oss.")
    assert "punctuation" in ids("Write to us.", "Skriv till oss!")
    assert "punctuation" not in ids("See https://a.eu/?q=1 now.", "Se https://a.eu/?q=1 nu.")
    assert "punctuation" in ids("Really?", "Αλήθεια.", lang="el")
    assert "punctuation" not in ids("Really?", "Vraiment ?", lang="fr")
    assert "punctuation" not in ids("Really?", "Αλήθεια;", lang="el")
    assert "punctuation" not in ids("See **this**.", "Se **detta**.")
    assert "punctuation" not in ids("He said “yes.”", "Han sa ”ja.”")
    assert "punctuation" not in ids("He said “yes.”", "Er sagte „ja.“", lang="de")
    assert "punctuation" not in ids("He said “yes.”", "Il a dit « oui. »", lang="fr")


# ---------------------------------------------------------------- same as source, length
def test_same_as_source() -> None:
    assert "same-as-source" in ids("The meeting was held online", "The meeting was held online")
    assert "same-as-source" not in ids("MIraGE", "MIraGE")
    assert "same-as-source" not in ids(
        "Facebook page", "Facebook page", same_as_source_allow=frozenset({"Facebook page"})
    )
    assert "same-as-source" not in ids("MIraGE and AMIF", "MIraGE and AMIF", do_not_translate=DNT)


def test_length_ratio() -> None:
    src = "The partners discussed operational and management issues."
    assert "length-ratio" not in ids(src, "Partnerna diskuterade drifts- och ledningsfrågor.")
    assert "length-ratio" in ids(src, "Partnerna.")
    assert "length-ratio" not in ids(src, "Partnerna.", length_ratio=(0.1, 3.0))


# ---------------------------------------------------------------- glossary
def test_do_not_translate() -> None:
    assert "glossary-dnt" not in ids(
        "The MIraGE project and Covid-19.",
        "MIraGE-projektet och Covid-19-pandemin.",
        do_not_translate=DNT,
    )
    assert "glossary-dnt" in ids("The MIraGE project.", "Mirage-projektet.", do_not_translate=DNT)
    assert "glossary-dnt" in ids("Covid-19 rules.", "Covid-regler.", do_not_translate=DNT)


def test_required_terms_accept_inflection() -> None:
    terms = {"TCNs": "TCN"}
    assert "glossary-term" not in ids("Training for TCNs.", "Utbildning för TCN:s.", terms=terms)
    assert "glossary-term" in ids("Training for TCNs.", "Utbildning för migranter.", terms=terms)
    low = {"employer": "arbetsgivare"}
    assert "glossary-term" not in ids("Employers met.", "Arbetsgivarna träffades.", terms=low)
    assert "glossary-term" in ids("Employers met.", "Företagen träffades.", terms=low)


# ---------------------------------------------------------------- disclaimer
EN_DISCLAIMER = (
    "This project was funded by the European Union’s Asylum, Migration and Integration Fund."
)


@pytest.mark.parametrize("msgstr", ["", EN_DISCLAIMER, APPROVED_SV_DISCLAIMER])
def test_disclaimer_allowed(msgstr: str) -> None:
    msg = Message(EN_DISCLAIMER, msgstr, context="disclaimer", lineno=3)
    assert not findings_for(msg, only="disclaimer", disclaimer=APPROVED_SV_DISCLAIMER)


def test_disclaimer_altered() -> None:
    msg = Message(
        EN_DISCLAIMER,
        APPROVED_SV_DISCLAIMER.replace("eget", "enda"),
        context="disclaimer",
        lineno=3,
    )
    found = findings_for(msg, only="disclaimer", disclaimer=APPROVED_SV_DISCLAIMER)
    assert [(f.check_id, f.line) for f in found] == [("disclaimer", 3)]


def test_approved_disclaimer_is_exempt_from_other_checks() -> None:
    # The approved text is the project's decision: no number/length/glossary noise on it.
    source = "Funded by AMIF in 2021."
    approved = "Finansierat av Asyl-, migrations- och integrationsfonden år tjugotjugoett"
    msg = Message(source, approved, context="disclaimer")
    assert not findings_for(msg, disclaimer=approved, do_not_translate=DNT)
    other = Message(source, approved, context="contact")
    assert {f.check_id for f in findings_for(other, disclaimer=approved, do_not_translate=DNT)} >= {
        "number",
        "glossary-dnt",
    }


def test_disclaimer_without_approved_text_must_stay_english() -> None:
    msg = Message(EN_DISCLAIMER, APPROVED_SV_DISCLAIMER, context="disclaimer")
    assert findings_for(msg, only="disclaimer")
    assert not findings_for(
        Message("Other text", "Annan text", context="contact"), only="disclaimer"
    )


# ---------------------------------------------------------------- state
def test_state_checks() -> None:
    assert ids("Hello", "") >= {"untranslated"}
    assert "fuzzy" in ids("Hello world", "Hej världen", flags=("fuzzy",))
    # prefill's marker (prefill/run.py): a translator comment, which every editor keeps
    mt = ids(
        "Hello world", "Hej världen", flags=("fuzzy",), comments=("mirage-mt: google 2026-11-29",)
    )
    assert "machine-translated" in mt and "fuzzy" not in mt
    tm = ids(
        "Hello world",
        "Hej världen",
        flags=("fuzzy",),
        comments=("mirage-tm: 92% from news/a 2026-11-29",),
    )
    assert "fuzzy" in tm and "machine-translated" not in tm
    # reviewed (fuzzy cleared): the marker stays as history, no finding
    assert "machine-translated" not in ids(
        "Hello world", "Hej världen", comments=("mirage-mt: google 2026-11-29",)
    )
    assert ids("Hello world", "Hej världen").isdisjoint(
        {"fuzzy", "machine-translated", "untranslated"}
    )


def test_fuzzy_entries_are_checked_and_flagged() -> None:
    msg = Message("Write to info@a.eu.", "Skriv till info@b.eu.", flags=("fuzzy",), lineno=7)
    found = findings_for(msg)
    email = [f for f in found if f.check_id == "email"]
    assert email and email[0].fuzzy and email[0].line == 7
    assert [f.fuzzy for f in found if f.check_id == "fuzzy"] == [False]


def test_untranslated_entries_get_only_state_checks() -> None:
    assert ids("Visit https://a.eu on 5 May.", "") == {"untranslated"}


def test_plural_entries_compare_each_form() -> None:
    msg = Message(
        "%d article",
        msgid_plural="%d articles",
        msgstr_plural=("%d artikel", "artiklar"),
        flags=("python-format",),
    )
    found = findings_for(msg, only="placeholder")
    assert len(found) == 1 and "%d" in found[0].message
