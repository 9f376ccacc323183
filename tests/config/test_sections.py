"""The typed sections: every key read once at load time, and every error at its key's line."""

from __future__ import annotations

from pathlib import Path

import pytest

from mirage_i18n.config import (
    ENGINE_NAMES,
    ChecksSettings,
    EngineSettings,
    ExtractSettings,
    LanguageSettings,
    NewsletterSettings,
    PathSettings,
    PrefillSettings,
    ProjectSettings,
    PublishSettings,
    SiteSettings,
    UpdateSettings,
    load_settings,
)
from mirage_i18n.errors import ConfigError, UsageError

FULL = """\
[project]
name = "MIraGE"
source_language = "en"
languages = ["sv", "it", "fr"]
contact_email = "info@example.eu"

[paths]
sources = "texts"
locales = "po"
dist = "out"
cache = ".cache"
glossary = "terms.toml"

[extract]
translatable_front_matter = ["title", "lede"]
locations = "file"

[update]
fuzzy_cutoff = 0.75
keep_obsolete = false

[publish]
threshold = 90
preview = true

[site]
base_url = "https://news.example.eu"
title = "News"
feed_title = "Partner news"
templates = "tpl"

[newsletter]
sender = "News <news@example.eu>"

[checks]
select = ["text", "markup"]
ignore = ["length-ratio"]
same_as_source_allow = ["MIraGE"]
length_ratio = [0.4, 3]

[prefill]
engine = "libre"
min_similarity = 70
locked = ["news/*:title"]
batch_size = 5
max_chars = 1000
memory = false

[engines.libre]
url = "http://127.0.0.1:5000/"
timeout = 5
retries = 1
backoff = 0
max_wait = 10
workers = 1
char_limit = 500
api_key_env = "LT_KEY"
languages = { nb = "no" }

[engines.microsoft]
region = "westeurope"

[languages.sv]
threshold = 50
disclaimer = "Detta projekt finansierades av EU."
checks_ignore = ["punctuation"]
url_rewrites = [["/en/", "/sv/"]]

[languages]
it = { threshold = 0 }
"""


def write(root: Path, text: str, name: str = "mirage-i18n.toml") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")
    return root


def test_every_section_is_typed(tmp_path: Path) -> None:
    s = load_settings(write(tmp_path, FULL))
    assert s.project == ProjectSettings("MIraGE", "en", ("sv", "it", "fr"), "info@example.eu")
    assert s.paths == PathSettings(
        tmp_path / "texts",
        tmp_path / "po",
        tmp_path / "out",
        tmp_path / ".cache",
        tmp_path / "terms.toml",
    )
    assert s.extract == ExtractSettings(("title", "lede"), "file")
    assert s.update == UpdateSettings(0.75, False)
    assert s.publish == PublishSettings(90.0, True)
    assert s.site == SiteSettings(
        tmp_path / "tpl", "https://news.example.eu/", "News", "Partner news"
    )
    assert s.newsletter == NewsletterSettings("News <news@example.eu>")
    assert s.checks == ChecksSettings(
        ("text", "markup"), ("length-ratio",), frozenset({"MIraGE"}), (0.4, 3.0)
    )
    assert s.prefill == PrefillSettings("libre", 70.0, ("news/*:title",), 5, 1000, False)
    assert s.engine("libre") == EngineSettings(
        url="http://127.0.0.1:5000/",
        timeout=5.0,
        retries=1,
        backoff=0.0,
        max_wait=10.0,
        workers=1,
        char_limit=500,
        api_key_env="LT_KEY",
        languages={"nb": "no"},
    )
    assert s.engine("microsoft") == EngineSettings(region="westeurope")
    assert s.engine("deepl") == EngineSettings()  # not configured: every default
    assert s.language("sv") == LanguageSettings(
        "sv", 50.0, "Detta projekt finansierades av EU.", ("punctuation",), (("/en/", "/sv/"),)
    )
    assert s.language("it") == LanguageSettings("it", 0.0)  # an inline table
    assert s.language("fr") == LanguageSettings("fr", 90.0)  # [publish] threshold
    # the shortcuts every stage uses read the same sections
    assert s.languages == ("sv", "it", "fr") and s.sources_dir == tmp_path / "texts"
    assert s.fuzzy_cutoff == 0.75 and s.locations == "file" and not s.keep_obsolete


def test_defaults(tmp_path: Path) -> None:
    s = load_settings(write(tmp_path / "p", '[project]\nlanguages = ["sv"]\n'))
    assert s.project == ProjectSettings("p", "en", ("sv",), None)
    assert s.site == SiteSettings(tmp_path / "p" / "templates", "/")
    assert s.newsletter == NewsletterSettings("p <newsletter@localhost>")
    assert s.publish == PublishSettings() and s.checks == ChecksSettings()
    assert s.prefill == PrefillSettings() and dict(s.engines) == {}
    assert s.language("sv") == LanguageSettings("sv", 100.0)


def test_project_base_url_is_the_older_place_of_site_base_url(tmp_path: Path) -> None:
    text = '[project]\nlanguages = ["sv"]\nbase_url = "https://a.example.eu"\n'
    assert load_settings(write(tmp_path / "a", text)).site.base_url == "https://a.example.eu/"
    text += '[site]\nbase_url = "https://b.example.eu/"\n'
    assert load_settings(write(tmp_path / "b", text)).site.base_url == "https://b.example.eu/"


def test_newsletter_sender_defaults_to_the_contact(tmp_path: Path) -> None:
    text = '[project]\nname = "P"\nlanguages = ["sv"]\ncontact_email = "a@example.eu"\n'
    assert load_settings(write(tmp_path, text)).newsletter.sender == "P <a@example.eu>"


def test_engine_names_are_the_engines() -> None:
    from mirage_i18n.prefill import factory

    assert tuple(sorted(ENGINE_NAMES)) == factory.MT_ENGINES


# --------------------------------------------------------------------- error lines
#
# Each text marks the offending line with "# <-". The same key name appears earlier in
# another table wherever it can, so that only a locator that knows tables finds the line.

BASE = '[project]\nname = "T"\nlanguages = ["sv", "it"]\n'

ERRORS = [
    # [project]
    (BASE.replace('"T"', "5  # <-"), "project.name must be a non-empty string"),
    (BASE + 'langauges = ["sv"]  # <-\n', "unknown key project.langauges; known: base_url,"),
    (
        '[project]\nsource_language = "English"  # <-\nlanguages = ["sv"]\n',
        "not a language code: 'English'",
    ),
    (
        '[project]\nname = "languages"\nlanguages = ["sv", "sv"]  # <-\n',
        "project.languages lists a language twice",
    ),
    # [paths]
    (BASE + '[paths]\nsources = "s"\nlocales = 3  # <-\n', "paths.locales must be a string"),
    # [extract]
    (
        BASE + '[extract]\nlocations = "some"  # <-\n',
        "extract.locations must be one of full, file, never",
    ),
    # [update]
    (
        BASE + '[update]\nkeep_obsolete = "yes"  # <-\n',
        "update.keep_obsolete must be true or false",
    ),
    # [publish]
    (
        BASE + '[languages.sv]\npreview = true\n[publish]\npreview = "no"  # <-\n',
        "publish.preview must be true or false",
    ),
    (
        BASE + "[languages.sv]\nthreshold = 50\n[publish]\nthreshold = 101  # <-\n",
        "publish.threshold must be a percentage between 0 and 100",
    ),
    # [site]
    (
        BASE
        + '[newsletter]\nsender = "a"\n[site]\ntitle = "x"\nbase_url = "www.example.eu"  # <-\n',
        "site.base_url must start with http:// or https://",
    ),
    # [newsletter]
    (
        BASE + '[site]\ntitle = ""  # <-\n[newsletter]\nsender = ""\n',
        "site.title must be a non-empty",
    ),
    (
        BASE + '[site]\ntitle = "T"\n[newsletter]\ntitle = ""  # <-\n',
        "unknown key newsletter.title",
    ),
    # [checks]
    (
        BASE + "[checks]\nselect = []\nlength_ratio = [2, 1]  # <-\n",
        "checks.length_ratio must be [low, high] with 0 < low < high",
    ),
    (
        BASE + '[languages.sv]\nchecks_ignore = []\n[checks]\nignor = ["email"]  # <-\n',
        "unknown key checks.ignor; known: ignore, length_ratio, same_as_source_allow, select",
    ),
    # [prefill]
    (
        BASE + "[engines.libre]\nworkers = 2\n[prefill]\nbatch_size = 0  # <-\n",
        "prefill.batch_size must be a positive integer",
    ),
    (
        BASE + '[prefill]\nengine = "babelfish"  # <-\n',
        "unknown prefill engine 'babelfish' in prefill.engine; known: memory, deepl,",
    ),
    # [engines.<name>]
    (
        BASE + "[engines.libre]\ntimeout = 2\n[engines.deepl]\ntimeout = 0  # <-\n",
        "engines.deepl.timeout must be a number ≥ 0.01",
    ),
    (
        BASE + '[engines.deepl]\napi_key = "secret"  # <-\n',
        "engines.deepl.api_key: API keys never go in the configuration",
    ),
    (BASE + "[engines.babel]  # <-\nurl = 'x'\n", "unknown engine [engines.babel]; known: deepl,"),
    (BASE + "[engines]\nlibre = 5  # <-\n", "[engines.libre] must be a table"),
    (
        BASE + '[engines.mymemory]\nemail = "a@b.eu"\nlanguages = { sv = 5 }  # <-\n',
        "engines.mymemory.languages must map our language codes to the engine's codes",
    ),
    # [languages.<code>]
    (
        BASE
        + "[publish]\nthreshold = 50\n[languages.sv]\nthreshold = 60\n"
        + "[languages.it]\nthreshold = 160  # <-\n",
        "languages.it.threshold must be a percentage between 0 and 100",
    ),
    (
        BASE + '[languages.sv]\ndisclaimer = "Ok."\n[languages.it]\ndisclaimer = "  "  # <-\n',
        "languages.it.disclaimer must be a non-empty string",
    ),
    (
        BASE + '[checks]\nignore = ["x"]\n[languages.it]\nchecks_ignore = "x"  # <-\n',
        "languages.it.checks_ignore must be a list of strings",
    ),
    (
        BASE + '[languages.it]\nurl_rewrites = ["/en/"]  # <-\n',
        "languages.it.url_rewrites must be a list of [from, to] string pairs",
    ),
    (
        BASE + "[languages.it]\nthreshold = 10\nthreshhold = 20  # <-\n",
        "unknown key languages.it.threshhold; known: checks_ignore, disclaimer,",
    ),
    (BASE + "[languages.de]  # <-\nthreshold = 10\n", "configures a language not in project"),
    # inline tables and dotted keys
    (
        BASE
        + "[languages]\nsv = { threshold = 50 }\nit = { threshold = 50, checks_ignore = 1 }  # <-\n",
        "languages.it.checks_ignore must be a list of strings",
    ),
    (
        "languages.sv.threshold = 50\nlanguages.it.threshold = -1  # <-\n" + BASE,
        "languages.it.threshold must be a percentage",
    ),
    # a string that looks like a table header or a key is not one
    (
        BASE
        + '[site]\ntitle = """\n[languages.it]\nthreshold = 5\n"""\n'
        + "[languages.it]\nthreshold = 500  # <-\n",
        "languages.it.threshold must be a percentage",
    ),
]


@pytest.mark.parametrize(("text", "words"), ERRORS)
def test_error_names_the_line_of_its_key(tmp_path: Path, text: str, words: str) -> None:
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.endswith("# <-"))
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, text))
    assert str(info.value).startswith(f"{tmp_path / 'mirage-i18n.toml'}:{line}: "), str(info.value)
    assert words in info.value.message


def test_pyproject_errors_name_the_pyproject_line(tmp_path: Path) -> None:
    text = (
        '[project]\nname = "pkg"\n\n[tool.other.languages.it]\nthreshold = 5\n\n'
        '[tool.mirage-i18n.project]\nlanguages = ["sv", "it"]\n\n'
        "[tool.mirage-i18n.languages.it]\nthreshold = 120\n"
    )
    write(tmp_path, text, "pyproject.toml")
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    assert str(info.value).startswith(f"{tmp_path / 'pyproject.toml'}:11: languages.it.threshold")


def test_missing_api_key_names_the_engines_table(tmp_path: Path) -> None:
    from mirage_i18n.prefill.run import prefill

    text = BASE + '[prefill]\nengine = "libre"\n[engines.deepl]\nregion = "x"\n'
    settings = load_settings(write(tmp_path, text))
    with pytest.raises(ConfigError) as info:
        prefill(settings, "sv", engine="deepl", environ={})
    assert str(info.value).startswith(f"{tmp_path / 'mirage-i18n.toml'}:6: ")
    assert "DEEPL_API_KEY" in str(info.value)


# --------------------------------------------------------------------- languages


def test_selected_languages(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, BASE))
    assert settings.selected_languages(None) == ("sv", "it")
    assert settings.selected_languages(["it", "sv", "it"]) == ("it", "sv")
    with pytest.raises(UsageError) as info:
        settings.selected_languages(["sv", "xx"])
    assert str(info.value) == (
        "language 'xx' is not in project.languages (sv, it) of mirage-i18n.toml"
    )
