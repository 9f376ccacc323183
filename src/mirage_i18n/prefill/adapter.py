"""The one module that imports deep_translator: machine translation made safe to call.

deep-translator 1.11.4 is unmaintained and has sharp edges. This adapter is the only
place that knows them:

* **No timeouts, raw errors, lost status codes.** Its engines call ``requests.get/post``
  without a timeout and let ``requests`` errors escape (LibreTranslator catches the
  built-in ``ConnectionError``, which ``requests`` errors are not). We replace the
  ``requests`` name inside each engine module with :class:`_Http`, which adds the
  configured timeout, reuses one session per thread and records the last response and
  exception, so failures are classified by HTTP status (429, 5xx, 401/403/456) rather than
  by deep-translator's exception classes, which share no base class and drop the status.
* **Secrets in messages and logs.** ``AuthorizationException`` puts the API key into its
  message, and LibreTranslator POSTs text and key in the *query string*, which urllib3's
  debug log, proxies and ``requests`` errors record. The shim sends such parameters as a
  form body instead (LibreTranslate reads both), and every failure detail we keep passes
  through :meth:`DeepTranslatorEngine._redact`.
* **Shared state.** Google and MyMemory keep the text of the current request in the
  instance (``_url_params``); two threads sharing an instance get each other's
  translations. Instances are per thread and per language pair.
* **Language tables.** 1.11.4's LibreTranslate table lacks most EU languages, MyMemory
  wants locale codes (``sv-SE``), DeepL wants ``EN-GB``/``PT-PT`` targets and Microsoft
  downloads its table from the internet in the constructor. We construct each translator
  and then set our own mapped codes (:data:`LANGUAGE_CODES`).
* **DeepL.** DeepL refuses the ``GET …?auth_key=`` request 1.11.4 sends (deprecated
  March 2025, removed January 2026); :class:`_DeeplTranslator` sends ``POST`` with the
  ``Authorization: DeepL-Auth-Key`` header and a JSON body, and picks the free or pro
  endpoint from the key (free keys end in ``:fx``) instead of always the free one.
* **Stripped whitespace, length limits.** Google and MyMemory strip the text; MyMemory
  refuses 500 characters or more. We keep leading/trailing whitespace ourselves and split
  long text at sentence boundaries below each engine's limit.
* **Warnings as translations.** MyMemory answers HTTP 200 with texts like ``MYMEMORY
  WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY``; Google returns ``None``
  when its page has an unexpected shape. Both are failures, never translations.
"""

from __future__ import annotations

import email.utils
import os
import re
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import requests
from deep_translator import deepl as _dt_deepl
from deep_translator import exceptions as dte
from deep_translator import google as _dt_google
from deep_translator import libre as _dt_libre
from deep_translator import microsoft as _dt_microsoft
from deep_translator import mymemory as _dt_mymemory
from deep_translator.deepl import DeeplTranslator
from deep_translator.google import GoogleTranslator
from deep_translator.libre import LibreTranslator
from deep_translator.microsoft import MicrosoftTranslator
from deep_translator.mymemory import MyMemoryTranslator

from ..config import EngineSettings, engine_settings
from ..errors import ConfigError
from .engine import Budget, Failure, FailureKind, Outcome, Translation, register

# ---------------------------------------------------------------------------- HTTP shim


class _Context(threading.local):
    timeout: float | tuple[float, float] = 30.0
    session: requests.Session | None = None
    response: requests.Response | None = None
    error: BaseException | None = None
    on_request: Callable[[], None] | None = None


_CTX = _Context()
_BUILD_LOCK = threading.Lock()


class _Http:
    """Stands in for the ``requests`` module inside deep-translator's engine modules."""

    def __getattr__(self, name: str) -> Any:  # exceptions, codes… as the real module
        return getattr(requests, name)

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", url, **kwargs)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", _CTX.timeout)
        if (
            method == "POST"
            and "params" in kwargs
            and "data" not in kwargs
            and "json" not in kwargs
        ):
            # LibreTranslator POSTs text and API key in the query string, where proxies,
            # server logs and urllib3's debug log record them; a form body carries the same.
            kwargs["data"] = kwargs.pop("params")
        if kwargs.get("proxies") is None:
            kwargs.pop("proxies", None)
        if _CTX.session is None:
            _CTX.session = requests.Session()
        if _CTX.on_request is not None:
            _CTX.on_request()
        try:
            response = _CTX.session.request(method, url, **kwargs)
        except BaseException as exc:
            _CTX.error = exc
            raise
        _CTX.response = response
        return response


_HTTP = _Http()
for _module in (_dt_libre, _dt_deepl, _dt_google, _dt_mymemory, _dt_microsoft):
    _module.requests = _HTTP


# ----------------------------------------------------------------- language code tables

# Our codes (ISO 639-1, lower case, optional region) → each engine's. Identity unless listed;
# a code listed as None is not offered by that engine. EU languages plus ar, fa, uk.
_EU = [
    "bg",
    "cs",
    "da",
    "de",
    "el",
    "en",
    "es",
    "et",
    "fi",
    "fr",
    "ga",
    "hr",
    "hu",
    "it",
    "lt",
    "lv",
    "mt",
    "nl",
    "pl",
    "pt",
    "ro",
    "sk",
    "sl",
    "sv",
]
_EXTRA = ("ar", "fa", "uk", "nb", "no", "tr", "ru", "zh")


def _codes(mapping: dict[str, str | None]) -> dict[str, str | None]:
    return mapping


_SAME: dict[str, str | None] = {c: c for c in (*_EU, *_EXTRA)}
_UPPER: dict[str, str | None] = {c: c.upper() for c in (*_EU, *_EXTRA)}
LANGUAGE_CODES: dict[str, dict[str, str | None]] = {
    "libre": _SAME | {"no": "nb", "zh": "zh-Hans"},
    "google": _SAME | {"nb": "no", "zh": "zh-CN"},
    "microsoft": _SAME | {"no": "nb", "zh": "zh-Hans"},
    "mymemory": _codes(
        {
            "bg": "bg-BG",
            "cs": "cs-CZ",
            "da": "da-DK",
            "de": "de-DE",
            "el": "el-GR",
            "en": "en-GB",
            "es": "es-ES",
            "et": "et-EE",
            "fi": "fi-FI",
            "fr": "fr-FR",
            "ga": "ga-IE",
            "hr": "hr-HR",
            "hu": "hu-HU",
            "it": "it-IT",
            "lt": "lt-LT",
            "lv": "lv-LV",
            "mt": "mt-MT",
            "nl": "nl-NL",
            "pl": "pl-PL",
            "pt": "pt-PT",
            "ro": "ro-RO",
            "sk": "sk-SK",
            "sl": "sl-SI",
            "sv": "sv-SE",
            "ar": "ar-SA",
            "fa": "fa-IR",
            "uk": "uk-UA",
            "nb": "nb-NO",
            "no": "nb-NO",
            "tr": "tr-TR",
            "ru": "ru-RU",
            "zh": "zh-CN",
        }
    ),
    # DeepL: upper case; targets en/pt need a variant (see _deepl_code); no ga, hr, mt, fa.
    "deepl": _UPPER | {"ga": None, "hr": None, "mt": None, "fa": None, "no": "NB"},
}
_DEEPL_TARGET_VARIANTS = {"EN": "EN-GB", "PT": "PT-PT"}


def engine_language(
    engine: str, code: str, *, target: bool, overrides: Mapping[str, str] = {}
) -> str | None:
    """Our language code in ``engine``'s spelling, or None when it does not offer it."""
    if code in overrides:
        return overrides[code]
    table = LANGUAGE_CODES.get(engine, {})
    key = code.lower().replace("_", "-")
    if key in table:
        mapped = table[key]
    elif key.split("-")[0] in table and table[key.split("-")[0]] is not None:
        # A regional variant the table does not list: keep the region the user asked for.
        mapped = key if engine in ("libre", "google", "microsoft") else table[key.split("-")[0]]
    else:
        mapped = key
    if mapped is not None and engine == "deepl" and target:
        mapped = _DEEPL_TARGET_VARIANTS.get(mapped, mapped)
    return mapped


# ------------------------------------------------------------------- text splitting

_SENTENCE_END = re.compile(r"(?<=[.!?…;:。])\s+|\n+")


def split_text(text: str, limit: int | None) -> list[tuple[str, str]]:
    """Cut ``text`` into ``(chunk, separator)`` pairs, each chunk at most ``limit`` long.

    Cuts at sentence ends first, then at whitespace, and never inside a ``[X…X]`` token;
    joining ``chunk + separator`` over all pairs gives ``text`` back.
    """
    if limit is None or len(text) <= limit:
        return [(text, "")]
    pieces: list[tuple[str, str]] = []  # sentences with the whitespace that follows them
    pos = 0
    for match in _SENTENCE_END.finditer(text):
        pieces.append((text[pos : match.start()], match.group(0)))
        pos = match.end()
    pieces.append((text[pos:], ""))
    out: list[tuple[str, str]] = []
    current, current_sep = "", ""
    for sentence, sep in pieces:
        for part, part_sep in _split_long(sentence, sep, limit):
            if current and len(current) + len(current_sep) + len(part) <= limit:
                current = current + current_sep + part
            else:
                if current:
                    out.append((current, current_sep))
                current = part
            current_sep = part_sep
    out.append((current, current_sep))
    return [(c, s) for c, s in out if c or s]


def _split_long(sentence: str, sep: str, limit: int) -> list[tuple[str, str]]:
    if len(sentence) <= limit:
        return [(sentence, sep)]
    parts: list[tuple[str, str]] = []
    words = re.split(r"(\s+)", sentence)
    current = ""
    for i in range(0, len(words), 2):
        word, space = words[i], (words[i + 1] if i + 1 < len(words) else "")
        while len(word) > limit:  # one "word" longer than the limit: hard cut, not in a token
            cut = limit
            token = re.search(r"\[X\d+X\]", word[max(0, cut - 12) : cut + 12])
            if token:
                start = max(0, cut - 12) + token.start()
                end = max(0, cut - 12) + token.end()
                if start < cut < end:
                    cut = start if start > 0 else end
            if current:
                parts.append((current, ""))
                current = ""
            parts.append((word[:cut], ""))
            word = word[cut:]
        if current and len(current) + len(word) > limit:
            parts.append((current.rstrip(), current[len(current.rstrip()) :]))
            current = ""
        current += word + space
    stripped = current.rstrip()
    parts.append((stripped, current[len(stripped) :] + sep))
    return [(c, s) for c, s in parts if c or s]


# ------------------------------------------------------------------------- options


@dataclass(frozen=True)
class EngineOptions(EngineSettings):
    """``[engines.<name>]`` (validated with the configuration) and the key, from the environment."""

    api_key: str | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class _Spec:
    default_url: str | None
    char_limit: int
    key_env: str | None
    needs_key: bool


_SPECS: dict[str, _Spec] = {
    "libre": _Spec("https://libretranslate.com/", 2000, "LIBRETRANSLATE_API_KEY", False),
    "deepl": _Spec(None, 5000, "DEEPL_API_KEY", True),
    "google": _Spec("https://translate.google.com/m", 4500, None, False),
    "microsoft": _Spec(
        "https://api.cognitive.microsofttranslator.com/translate?api-version=3.0",
        10000,
        "MICROSOFT_API_KEY",
        True,
    ),
    "mymemory": _Spec("https://api.mymemory.translated.net/get", 480, None, False),
}


def parse_options(
    name: str, conf: EngineSettings, environ: Mapping[str, str] | None = None
) -> EngineOptions:
    """The engine's validated settings with its API key, read from the environment."""
    spec = _SPECS[name]
    env_name = conf.api_key_env or spec.key_env
    environ = os.environ if environ is None else environ
    key = environ.get(env_name) if env_name else None
    if spec.needs_key and not key:
        raise ConfigError(
            f"[engines.{name}]: engine {name!r} needs an API key in the environment variable {env_name}"
        )
    return EngineOptions(**{**vars(conf), "api_key_env": env_name}, api_key=key or None)


# ---------------------------------------------------------------- engine subclasses


class _DeeplTranslator(DeeplTranslator):
    """DeepL with the request its current API accepts (1.11.4's GET + auth_key is refused)."""

    def translate(self, text: str, **kwargs: Any) -> str:
        if not text:
            return text
        response = _HTTP.post(
            self._base_url + "translate",
            headers={"Authorization": f"DeepL-Auth-Key {self.api_key}"},
            json={"text": [text], "source_lang": self._source, "target_lang": self._target},
        )
        if response.status_code < 200 or response.status_code > 299:
            raise dte.ServerException(response.status_code)
        res = response.json()
        if not res or not res.get("translations"):
            raise dte.TranslationNotFound(text)
        return res["translations"][0]["text"]


class _MicrosoftTranslator(MicrosoftTranslator):
    """Microsoft without the constructor's download of its language list (we map codes)."""

    _codes: Mapping[str, str] = {}

    def _get_supported_languages(self) -> dict[str, str]:
        return dict(self._codes)


# ------------------------------------------------------------------------- the engine

_MYMEMORY_WARNINGS = re.compile(
    r"MYMEMORY WARNING|YOU USED ALL AVAILABLE FREE TRANSLATIONS|QUERY LENGTH LIMIT EXCEEDED|"
    r"INVALID LANGUAGE PAIR|PLEASE SELECT TWO DISTINCT LANGUAGES|IS AN INVALID (?:SOURCE|TARGET) LANGUAGE|"
    r"INVALID EMAIL PROVIDED|NO QUERY SPECIFIED",
)
_QUOTA_TEXT = re.compile(r"ALL AVAILABLE FREE TRANSLATIONS|QUOTA", re.IGNORECASE)


@dataclass
class EngineStats:
    requests: int = 0  # HTTP requests, retries included
    chars: int = 0  # characters of text sent, retries included
    retries: int = 0
    waits: list[float] = field(default_factory=list)  # seconds slept before retries
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)


class DeepTranslatorEngine:
    """One deep-translator engine behind the :class:`~.engine.Engine` protocol."""

    remote = True

    def __init__(
        self,
        name: str,
        options: EngineOptions,
        budget: Budget | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if name not in _SPECS:
            raise ConfigError(f"unknown machine translation engine {name!r}")
        self.name = name
        self.options = options
        spec = _SPECS[name]
        self.char_limit: int | None = options.char_limit or spec.char_limit
        self.url = options.url or spec.default_url
        if name == "deepl" and self.url is None:
            free = (options.api_key or "").endswith(":fx")
            self.url = "https://api-free.deepl.com/v2/" if free else "https://api.deepl.com/v2/"
        if name in ("libre", "deepl") and self.url and not self.url.endswith("/"):
            self.url += "/"
        self.budget = budget or Budget()
        self.stats = EngineStats()
        self.stopped: Failure | None = None
        self._sleep = sleep
        self._local = threading.local()
        self._secrets = tuple(s for s in {options.api_key} if s)

    # -- public --------------------------------------------------------------------

    def translate_batch(
        self,
        texts: Sequence[str],
        source: str,
        target: str,
        on_result: Callable[[int, Outcome], None] | None = None,
    ) -> list[Outcome]:
        """Translate each text; failures are per text. Thread-safe per instance."""
        src = engine_language(self.name, source, target=False, overrides=self.options.languages)
        tgt = engine_language(self.name, target, target=True, overrides=self.options.languages)
        results: list[Outcome] = [Failure(FailureKind.STOPPED)] * len(texts)
        if src is None or tgt is None:
            missing = source if src is None else target
            fail = Failure(FailureKind.LANGUAGE, f"{self.name} does not offer {missing!r}")
            for i in range(len(texts)):
                results[i] = fail
                if on_result:
                    on_result(i, fail)
            return results

        def work(i: int) -> None:
            outcome = self._translate_one(texts[i], src, tgt)
            results[i] = outcome
            if on_result:
                on_result(i, outcome)

        if self.options.workers <= 1 or len(texts) <= 1:
            for i in range(len(texts)):
                work(i)
        else:
            with ThreadPoolExecutor(max_workers=self.options.workers) as pool:
                list(pool.map(work, range(len(texts))))
        return results

    # -- one text ------------------------------------------------------------------

    def _translate_one(self, text: str, src: str, tgt: str) -> Outcome:
        if self.stopped is not None:
            return Failure(FailureKind.STOPPED, str(self.stopped))
        core = text.strip()
        if not core:
            return Translation(text, self.name)
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        chunks = split_text(core, self.char_limit)
        if not self.budget.try_spend(sum(len(c) for c, _ in chunks)):
            return Failure(FailureKind.BUDGET, f"{len(core)} characters over the remaining budget")
        out: list[str] = []
        for chunk, sep in chunks:
            if not chunk:
                out.append(sep)
                continue
            result = self._request(chunk, src, tgt)
            if isinstance(result, Failure):
                return result
            out.append(result.strip() + sep)
        return Translation(lead + "".join(out) + trail, self.name)

    def _request(self, chunk: str, src: str, tgt: str) -> str | Failure:
        attempt = 0
        while True:
            if self.stopped is not None:
                return Failure(FailureKind.STOPPED, str(self.stopped))
            if attempt and not self.budget.try_spend(len(chunk)):
                return Failure(FailureKind.BUDGET, "no budget left for a retry")
            with self.stats.lock:
                self.stats.chars += len(chunk)
            failure, retry_after = self._attempt(chunk, src, tgt)
            if isinstance(failure, str):
                return failure
            if failure.kind.fatal:
                self.stopped = failure
                return failure
            if not failure.kind.retryable or attempt >= self.options.retries:
                if failure.kind.retryable:
                    return Failure(
                        failure.kind, f"{failure.detail} (gave up after {attempt + 1} attempts)"
                    )
                return failure
            wait = retry_after if retry_after is not None else self.options.backoff * (2**attempt)
            if wait > self.options.max_wait:
                return Failure(
                    failure.kind,
                    f"{failure.detail}; asked to wait {wait:.0f} s, "
                    f"more than max_wait = {self.options.max_wait:g}",
                )
            with self.stats.lock:
                self.stats.retries += 1
                self.stats.waits.append(wait)
            self._sleep(wait)
            attempt += 1

    def _attempt(self, chunk: str, src: str, tgt: str) -> tuple[str | Failure, float | None]:
        """One request; returns the translation or a classified failure and Retry-After."""
        _CTX.timeout = self.options.timeout
        _CTX.response = None
        _CTX.error = None
        _CTX.on_request = self._count_request
        try:
            translator = self._translator(src, tgt)
            value = translator.translate(chunk)
        except Exception as exc:
            return self._classify(exc), self._retry_after()
        finally:
            _CTX.on_request = None
        return self._check_output(value, chunk), None

    def _count_request(self) -> None:
        with self.stats.lock:
            self.stats.requests += 1

    # -- translators ---------------------------------------------------------------

    def _translator(self, src: str, tgt: str) -> Any:
        """This thread's translator for the pair (instances keep per-request state)."""
        cache: dict[tuple[str, str], Any] = self._local.__dict__.setdefault("translators", {})
        translator = cache.get((src, tgt))
        if translator is None:
            translator = self._build(src, tgt)
            cache[(src, tgt)] = translator
        return translator

    def _build(self, src: str, tgt: str) -> Any:
        opts = self.options
        if self.name == "libre":
            tr = LibreTranslator(
                source="en", target="fr", api_key=opts.api_key or "-", custom_url=self.url
            )
            tr.api_key = opts.api_key  # None: self-hosted without keys sends no api_key
        elif self.name == "deepl":
            tr = _DeeplTranslator(source="en", target="fr", api_key=opts.api_key)
            tr._base_url = self.url
        elif self.name == "google":
            tr = GoogleTranslator(source="en", target="fr")
            tr._base_url = self.url
        elif self.name == "mymemory":
            tr = MyMemoryTranslator(source="en-GB", target="fr-FR", email=opts.email)
            tr._base_url = self.url
        elif self.name == "microsoft":
            with _BUILD_LOCK:  # the class attribute feeds the constructor's code check
                _MicrosoftTranslator._codes = {"source": src, "target": tgt}
                tr = _MicrosoftTranslator(
                    source=src, target=tgt, api_key=opts.api_key, region=opts.region
                )
            tr._base_url = self.url
        else:  # pragma: no cover - guarded in __init__
            raise ConfigError(f"unknown engine {self.name!r}")
        # Our codes, set after construction: 1.11.4's own tables are incomplete.
        tr.source, tr.target = src, tgt
        return tr

    # -- classification ------------------------------------------------------------

    def _classify(self, exc: Exception) -> Failure:
        response = _CTX.response
        error = _CTX.error
        if isinstance(error, requests.Timeout) or isinstance(exc, requests.Timeout):
            return Failure(FailureKind.TIMEOUT, f"no answer within {self.options.timeout:g} s")
        if isinstance(error, requests.RequestException) and response is None:
            return Failure(FailureKind.NETWORK, self._redact(f"{type(error).__name__}: {error}"))
        if response is not None and not 200 <= response.status_code <= 299:
            return self._classify_status(response)
        if isinstance(exc, dte.TooManyRequests):
            return Failure(FailureKind.RATE_LIMITED, "too many requests")
        if isinstance(exc, (dte.AuthorizationException, dte.ApiKeyException)):
            return Failure(FailureKind.AUTH, "the API key was refused")
        if isinstance(exc, (dte.LanguageNotSupportedException, dte.InvalidSourceOrTargetLanguage)):
            return Failure(FailureKind.LANGUAGE, "language not supported")
        if isinstance(exc, (dte.NotValidLength, dte.NotValidPayload)):
            return Failure(FailureKind.REJECTED, "text refused as too long or invalid")
        if isinstance(exc, (dte.TranslationNotFound, dte.ElementNotFoundInGetRequest)):
            return Failure(FailureKind.NOT_FOUND, "the engine returned no translation")
        if isinstance(
            exc,
            (
                ValueError,
                KeyError,
                IndexError,
                TypeError,
                AttributeError,
                StopIteration,
                dte.MicrosoftAPIerror,
                dte.ServerException,
                dte.RequestError,
            ),
        ):
            # Invalid JSON (requests' JSONDecodeError is a ValueError) or an unexpected shape.
            return Failure(
                FailureKind.MALFORMED, self._redact(f"{type(exc).__name__}: {exc}")[:200]
            )
        return Failure(FailureKind.MALFORMED, self._redact(f"{type(exc).__name__}: {exc}")[:200])

    def _classify_status(self, response: requests.Response) -> Failure:
        status = response.status_code
        detail = f"HTTP {status}"
        if status == 429:
            return Failure(FailureKind.RATE_LIMITED, detail)
        if status in (401, 403):
            return Failure(FailureKind.AUTH, f"{detail}: the API key was refused")
        if status in (402, 456):
            return Failure(FailureKind.QUOTA, f"{detail}: quota exhausted")
        if status == 408 or status == 504:
            return Failure(FailureKind.TIMEOUT, detail)
        if status >= 500:
            return Failure(FailureKind.SERVER, detail)
        return Failure(FailureKind.REJECTED, self._redact(f"{detail}: {response.text[:200]}"))

    def _retry_after(self) -> float | None:
        response = _CTX.response
        if response is None:
            return None
        value = response.headers.get("Retry-After")
        if not value:
            return None
        try:
            return max(0.0, float(value))
        except ValueError:
            when = email.utils.parsedate_to_datetime(value) if value else None
            if when is None:
                return None
            return max(0.0, when.timestamp() - time.time())

    def _check_output(self, value: Any, chunk: str) -> str | Failure:
        if not isinstance(value, str) or not value.strip():
            return Failure(FailureKind.NOT_FOUND, "the engine returned nothing")
        if self.name == "mymemory":
            data: Any = None
            try:
                data = _CTX.response.json() if _CTX.response is not None else None
            except ValueError:
                data = None
            if isinstance(data, Mapping):
                status = str(data.get("responseStatus", "200"))
                if data.get("quotaFinished") is True or status == "429":
                    return Failure(FailureKind.QUOTA, "MyMemory: daily quota used up")
                if status not in ("200", "None"):
                    return Failure(
                        FailureKind.SERVICE_WARNING, f"MyMemory status {status}: {value[:120]}"
                    )
        if _MYMEMORY_WARNINGS.search(value) and not _MYMEMORY_WARNINGS.search(chunk):
            kind = FailureKind.QUOTA if _QUOTA_TEXT.search(value) else FailureKind.SERVICE_WARNING
            return Failure(kind, value[:160])
        return value

    def _redact(self, message: str) -> str:
        for secret in self._secrets:
            message = message.replace(secret, "***")
            message = message.replace(urllib.parse.quote(secret, safe=""), "***")
        return message


def create(
    name: str,
    conf: EngineSettings,
    budget: Budget | None = None,
    sleep: Callable[[float], None] = time.sleep,
    environ: Mapping[str, str] | None = None,
) -> DeepTranslatorEngine:
    return DeepTranslatorEngine(name, parse_options(name, conf, environ), budget, sleep)


for _name in _SPECS:
    register(_name)(lambda name, raw: create(name, engine_settings(name, raw)))

MT_ENGINES = tuple(sorted(_SPECS))
