"""The checks of issue 12, one fact each: what they catch and what they let pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mirage_i18n.errors import ConfigError
from mirage_i18n.glossary import load_glossary
from mirage_i18n.model import Message

from .helpers import findings_for, ids


@pytest.mark.parametrize(
    ("lang", "source", "text"),
    [
        ("sv", "In 9 EU languages.", "På nio EU-språk."),
        ("sv", "A 3-year project.", "Ett treårigt projekt."),
        ("bg", "A 3-year project.", "Тригодишен проект."),
        ("el", "A 3-year project.", "Ένα τριετές έργο."),
        ("de", "A 3-year project.", "Ein dreijähriges Projekt."),
        ("hu", "A 3-day course.", "Egy háromnapos tanfolyam."),
        ("it", "A 3-year project.", "Un progetto triennale."),
        ("ro", "The 6 partners.", "Celor șase parteneri."),
        ("hu", "4 out of 10 people.", "Tízből négy ember."),
    ],
)
def test_numbers_in_words_count(lang: str, source: str, text: str) -> None:
    assert "number" not in ids(source, text, lang=lang)


def test_numbers_in_words_do_not_hide_a_changed_number() -> None:
    assert "number" in ids("4 out of 10 people.", "Fem av tio personer.")
    # a digit the source lacks: the word "tre" (in "treårigt") no longer counts
    assert "number" in ids("A 3-year project in 2021.", "Ett treårigt projekt 2022.")
    assert "number-added" in ids("Closes in June.", "Stänger den 30 juni.")
    assert "number-added" not in ids("In nine languages.", "På 9 språk.")  # the reverse


def test_number_message_gives_the_suppression_comment() -> None:
    (finding,) = findings_for(Message("Only 4 left.", "Bara några kvar.", lineno=1), only="number")
    assert "# mirage-ignore: number @" in finding.message


def test_glossary_renderings_and_exemptions(tmp_path: Path) -> None:
    renderings = {"TCN": ("cittadini di paesi terzi",)}
    src = "Trainings for TCNs."
    assert "glossary-dnt" not in ids(
        src,
        "Corsi per cittadini di paesi terzi.",
        lang="it",
        do_not_translate=("TCN",),
        dnt_renderings=renderings,
    )
    found = findings_for(
        Message(src, "Corsi per migranti.", lineno=1),
        "it",
        only="glossary-dnt",
        do_not_translate=("TCN",),
        dnt_renderings=renderings,
    )
    assert (
        found
        and '[renderings.it] in glossary.toml: TCN = ["cittadini di paesi terzi", "'
        in found[0].message
    )
    assert "glossary-dnt" not in ids(
        src,
        "Corsi per migranti.",
        lang="it",
        do_not_translate=("TCN",),
        dnt_exempt=frozenset({"TCN"}),
    )
    path = tmp_path / "glossary.toml"
    path.write_text(
        'do_not_translate = ["TCN"]\n\n[renderings.it]\nTNC = ["x"]\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as err:
        load_glossary(path)
    assert err.value.line == 4 and "TNC" in err.value.message
    path.write_text('do_not_translate = ["TCN"]\n[renderings.it]\nTCN = []\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        load_glossary(path)


def test_mojibake_and_entities() -> None:
    assert "mojibake" in ids("Replicability.", "ReplicabilitÃ  del progetto.", lang="it")
    assert "mojibake" in ids("Activities.", "Liste dâ€™activitÃ©s.", lang="fr")
    assert "mojibake" not in ids("It was summer.", "Ça a été l’été.", lang="fr")
    assert "html-entity" in ids("A &ndash; B.", "A &ndash B.")
    assert "html-entity" in ids("A &ndash; B.", "A & ndash; B.")
    assert "html-entity" in ids("A B.", "A&nbspB.")
    assert "html-entity" not in ids("R&D at AT&T &ndash; ok.", "FoU på AT&T &ndash; ok.")


def test_masks_and_doubled_punctuation() -> None:
    assert "mask-token" in ids("See https://a.eu now.", "Se [X0X] nu.")
    assert "mask-token" in ids("See it now.", "Se [X 1 X] nu.")
    assert "mask-token" not in ids("Footnote [1].", "Fotnot [1].")
    assert "doubled-punctuation" in ids("Rome, Paris.", "Rom,, Paris.")
    assert "doubled-punctuation" in ids("Reply “STOP”.", "Antworten Sie „“.", lang="de")
    assert "doubled-punctuation" not in ids("Wait...", "Vänta...")
    assert "doubled-punctuation" not in ids("In 2022, but.", "През 2022 г., но.", lang="bg")


def test_english_left_and_names() -> None:
    src = "We met in Rome. It was the main result of the project."
    assert "english-left" in ids(src, "Vi träffades i Rom. It was the main result of the project.")
    assert "english-left" not in ids("At the University of Nicosia.", "Vid University of Nicosia.")
    assert "same-as-source" in ids("The meeting was held online.", "The meeting was held online.")
    assert "name" in ids("Contact Anna Lindqvist.", "Kontakta Anna lindqvist.")
    assert "name" in ids("Read the PDF.", "Läs PF-filen.")
    assert "name" not in ids("By Dr Maria Georgiou.", "Av dr Maria Georgiou.")
    assert "name" not in ids("In the EU.", "Nell'UE.", lang="it")
    assert "name-case" in ids("Reply STOP.", "Svara Stop.")
    assert "name-case" not in ids("The PDF.", "Pdf:en.".lower())


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(
        st.sampled_from(list("abcAB éÉßﬁŉ’'.ǅΐİ\u0301\u0308\u0345ᾳǰ") + ["the ", "of ", "ﬀ"]),
        max_size=40,
    ).map("".join)
    | st.text(max_size=60)
)
def test_english_runs_folded_word_by_word_equal_the_joined_form(source: str) -> None:
    """english-left folds each English word once (speed); the runs are the ones folding each
    joined run of four gives (its definition)."""
    import re as _re

    from mirage_i18n.checks.coverage import PROSE_WORDS, RUN, WORD_RE, _prose, _source_runs
    from mirage_i18n.checks.spelled import fold

    runs = set()
    for piece in _re.split(r"[|()\[\]:;.!?\"“”]", _prose(source)):
        words = WORD_RE.findall(piece)
        for i in range(len(words) - RUN + 1):
            run = words[i : i + RUN]
            if sum(1 for w in run if w.islower() and len(w) > 1) >= PROSE_WORDS:
                runs.add(tuple(WORD_RE.findall(fold(" ".join(run)))))
    assert _source_runs(source, ()) == frozenset(runs)


# ---------------------------------------------------------------------------- wrong language

SWEDISH = [
    (
        "The project partners met in Nicosia to discuss the results of the pilot courses.",
        "Projektets partner träffades i Nicosia för att diskutera resultaten av pilotkurserna.",
    ),
    (
        "The toolkit helps employers to welcome workers from third countries in their teams.",
        "Verktygslådan hjälper arbetsgivare att välkomna arbetstagare från tredje land i sina team.",
    ),
    (
        "Registration for the national events closes on 30 June and places are limited.",
        "Anmälan till de nationella evenemangen stänger den 30 juni och platserna är begränsade.",
    ),
    (
        "Read the full report on our website and share it with your colleagues and partners.",
        "Läs hela rapporten på vår webbplats och dela den med dina kollegor och partner.",
    ),
    (
        "Dr Maria Georgiou of CARDET thanked the trainers for their work with the MIraGE toolkit.",
        "Dr Maria Georgiou från CARDET tackade utbildarna för deras arbete med MIraGE:s verktygslåda.",
    ),
]
ITALIAN = (
    "The pilot courses took place from October 2021 to April 2022 in five partner countries.",
    "I corsi pilota si sono svolti da ottobre 2021 ad aprile 2022 in cinque paesi partner.",
)


def _language_findings(entries: list[tuple[str, str]], lang: str = "sv") -> list[str]:
    from mirage_i18n.checks.language import wrong_language
    from mirage_i18n.model import Catalog

    from .helpers import make_context, rules_for_test

    rules = rules_for_test(lang, partners=("sv", "it", "fr", "bg"), do_not_translate=("MIraGE",))
    messages = tuple(Message(msgid=s, msgstr=t, lineno=i * 4) for i, (s, t) in enumerate(entries))
    ctx = make_context(lang, rules)
    return [p.message for p in wrong_language([(Catalog(messages=messages), ctx)], lang)]


def test_wrong_language_catches_a_paragraph_pasted_in_another_partner_language() -> None:
    (message,) = _language_findings([*SWEDISH, ITALIAN])
    assert message.startswith("this text looks like Italian, not Swedish (language identifier: it")
    assert "# mirage-ignore: wrong-language @" in message


def test_wrong_language_catches_another_script() -> None:
    bulgarian = (
        "Did you miss the conference? Watch the recording on our YouTube channel now.",
        "Пропуснахте ли конференцията? Гледайте записа в нашия канал в YouTube още сега.",
    )
    assert len(_language_findings([*SWEDISH, bulgarian])) == 1


def test_wrong_language_lets_good_translations_and_short_texts_pass() -> None:
    short = ("Final conference in Nicosia", "Conferenza finale a Nicosia")  # fewer than 8 words
    assert _language_findings([*SWEDISH, short]) == []
    # names, an English title and an address do not make a Swedish text foreign
    quoted = (
        "The report 'Migrant Integration through Guided Employment' is online at our website.",
        "Rapporten ”Migrant Integration through Guided Employment” finns nu på vår webbplats.",
    )
    assert _language_findings([*SWEDISH, quoted]) == []


def _one_pass_wrong_language(entries: list[tuple[str, str]], lang: str = "sv") -> list[str]:
    """wrong-language as it was written before it kept the counted words of the first SAMPLE
    entries only: every entry's words first, then the decisions (the oracle)."""
    from mirage_i18n.checks import language as L

    from .helpers import rules_for_test

    rules = rules_for_test(lang, partners=("sv", "it", "fr", "bg"), do_not_translate=("MIraGE",))
    languages = tuple(dict.fromkeys((rules.source_lang, *rules.partners, lang)))
    long = []
    for source, text in entries:
        if text == source or text.count(" ") < L.MIN_WORDS_SCRIPT - 1:
            continue
        counted = L.COUNTED_RE.findall(L._head_text(text, rules.do_not_translate).lower())
        if len(counted) >= L.MIN_WORDS_SCRIPT:
            long.append((text, counted))
    common = L.common_words([w for _, w in long if len(w) >= L.MIN_WORDS])
    own_letters = L._SCRIPT_LETTERS.get(L.language_script(lang) or "")
    found = []
    for text, counted in long:
        if sum(map(common.__contains__, counted)) >= L.FAMILIAR * len(counted):
            continue
        if len(counted) < L.MIN_WORDS and (
            own_letters is None or L._share(own_letters, counted) >= 1 - L.SCRIPT_SHARE
        ):
            continue
        words = L.WORD_RE.findall(L.prose_text(text, rules.do_not_translate))
        answer = L.identify(words, lang, languages)
        if answer is not None:
            found.append(answer[0])
    return found


@pytest.mark.parametrize("sample", [1, 2, 3, 4, 7, 2000])
def test_wrong_language_decides_as_when_it_kept_every_entrys_words(
    sample: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The common words are learnt from the first SAMPLE entries and the entries before them
    wait for them; the ones after are decided at once. Wherever the sample ends (before, among
    or after the foreign paragraphs), the findings are the one-pass version's, in its order."""
    from mirage_i18n.checks import language

    bulgarian = (
        "Did you miss the conference? Watch the recording on our YouTube channel now.",
        "Пропуснахте ли конференцията? Гледайте записа в нашия канал в YouTube още сега.",
    )
    short = ("Final conference in Nicosia", "Conferenza finale a Nicosia")
    entries = [ITALIAN, *SWEDISH, short, bulgarian, *SWEDISH, ITALIAN, bulgarian, *SWEDISH]
    monkeypatch.setattr(language, "SAMPLE", sample)
    expected = _one_pass_wrong_language(entries)
    assert expected.count("it") >= 1 and "bg" in expected  # the oracle finds both kinds
    found = _language_findings(entries)
    assert [m.split("(language identifier: ")[1][:2] for m in found] == expected


# ---------------------------------------------------------------------------- broken links

LINKED = "Read the [full report](https://www.mirageproject.eu/report) on our website."


@pytest.mark.parametrize(
    "broken",
    [
        "Läs [hela rapporten] (https://www.mirageproject.eu/report) på vår webbplats.",
        "Läs [hela rapporten](https://www.mirageproject.eu/report på vår webbplats.",
        "Läs hela rapporten (https://www.mirageproject.eu/report) på vår webbplats.",
    ],
)
def test_a_link_that_lost_its_syntax_is_named_once(broken: str) -> None:
    found = findings_for(Message(msgid=LINKED, msgstr=broken, lineno=3))
    entry = [f for f in found if f.suppress is not None]  # not the header's
    assert [(f.check_id, f.message) for f in entry] == [
        (
            "md-link-count",
            "the link `[full report](https://www.mirageproject.eu/report)` lost its Markdown "
            "syntax: write it as `[translated text](https://www.mirageproject.eu/report)`, "
            "with no space between `]` and `(`",
        )
    ]


def test_a_lost_link_and_a_foreign_url_are_still_what_they_are() -> None:
    lost = "Läs hela rapporten på vår webbplats."
    assert ids(LINKED, lost) & {"md-link-count", "url"} == {"md-link-count"}
    foreign = "Läs [hela rapporten](https://www.mirageproject.eu/report) på https://example.org."
    assert "url" in ids(LINKED, foreign)


_WORDS = (
    "the partners met in Cyprus to discuss the ﬁnal stages of the project Straße İstanbul "
    "don't migrants’ rights a I EU TCNs 2021 ǅemal naïve . , ! ? ( ) : ; [ ] “ ” -"
).split()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=60).map(" ".join))
def test_english_lefts_kept_runs_are_the_runs(source: str) -> None:
    """english-left keeps each English text's runs as one text (memory): unpacked, they are
    the runs (every one a window of words can match), their words and their keys."""
    from mirage_i18n.checks.coverage import _english_runs, _source_runs

    runs = {run for run in _source_runs(source, ()) if run}
    kept = _english_runs.__wrapped__(source, ())
    if not runs:
        assert kept is None
        return
    assert kept is not None
    assert kept.runs() == runs
    assert kept.vocabulary() == {w for run in runs for w in run}
    assert set(kept.keys) == {max(run, key=len) for run in runs}
