"""deep-translator 1.11.4 made safe to call: the installation step and its exceptions.

We reach Google and MyMemory through it (:mod:`.factory` says which services and why). Its
engines call ``requests.get`` without a timeout, let ``requests`` errors escape and raise
exception classes that share no base class and drop the HTTP status.
:func:`install` replaces the name ``requests`` inside each engine module we use with
:data:`.transport.HTTP`, which adds our timeout, a session per thread, and records the
response, so :class:`.transport.Transport` classifies failures by status.

This is an explicit step, not an import side effect: :func:`.factory.build` calls it
before it builds an engine that uses deep-translator. It is idempotent and thread-safe.
What it replaces is pinned in :data:`PATCHED` (module → the ``requests`` attributes that module uses);
``tests/prefill/test_deeptranslator.py`` reads the installed package's source and fails
when a deep-translator release imports ``requests`` elsewhere or uses it differently.
"""

from __future__ import annotations

import importlib
import threading
from types import ModuleType

from deep_translator import exceptions as dte

from .engine import Failure, FailureKind
from .transport import HTTP

# Each module whose ``requests`` we replace, with the attributes of ``requests`` it uses.
# ``get`` and ``post`` go through our shim; anything else is forwarded to ``requests``.
PATCHED: dict[str, frozenset[str]] = {
    "deep_translator.google": frozenset({"get"}),
    "deep_translator.mymemory": frozenset({"get"}),
}

_LOCK = threading.Lock()
_installed = False


def install() -> None:
    """Route deep-translator's requests through :data:`.transport.HTTP` (once per process)."""
    global _installed
    with _LOCK:
        if _installed:
            return
        modules: list[ModuleType] = [importlib.import_module(name) for name in PATCHED]
        for module in modules:
            module.requests = HTTP  # type: ignore[attr-defined]
        _installed = True


def installed() -> bool:
    return _installed and all(
        getattr(importlib.import_module(name), "requests", None) is HTTP for name in PATCHED
    )


def classify_error(exc: Exception) -> Failure | None:
    """The failure behind one of deep-translator's exceptions (the status is gone by then)."""
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
    return None  # ServerException, MicrosoftAPIerror, RequestError…: an unreadable answer
