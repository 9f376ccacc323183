"""Scriptable fake machine-translation services on 127.0.0.1, spoken to over real HTTP.

Each server accepts only the request shape of the real API it imitates (a request of another
shape gets the real service's error status), so the tests pin the requests we send:

* LibreTranslate: ``POST /translate``; a JSON body whose ``q`` is a text or a list of texts
  (answered ``{"translatedText": …}`` in kind), or a form/query ``q`` (one text);
  ``source``, ``target`` required; ``api_key`` in the body. Optional server limits like
  LibreTranslate's ``--batch-limit`` and ``--char-limit`` (HTTP 400 when exceeded).
* DeepL: ``POST /v2/translate`` with the key only in ``Authorization: DeepL-Auth-Key``; a
  JSON body with a ``text`` list or a form with repeated ``text``, 1–50 texts, at most
  128 KiB, ``target_lang`` required, ``glossary_id`` only with ``source_lang``;
  ``GET``/``POST /v2/glossaries`` (entries as TSV or CSV), applied to translations.
* Microsoft: ``POST /translate?api-version=3.0&to=…[&from=…]``, key in
  ``Ocp-Apim-Subscription-Key``, a JSON array of ``{"Text": …}``, at most 1,000 elements and
  50,000 characters.
* Google's mobile page (``GET /m?sl=&tl=&q=``) and MyMemory (``GET /get?q=&langpair=``): one
  text per request, as deep-translator sends them.

The default translation is ``f"{target}: {text}"``, which keeps ``[X…X]`` tokens.

Script what the next requests get with :meth:`FakeMTServer.push` (FIFO, one action per
request) or with :meth:`FakeMTServer.rule` for every request with a text containing a
substring. Request-level actions (the whole request, as a service fails a whole batch)::

    {"status": 429, "headers": {"Retry-After": "2"}}
    {"status": 500}
    {"delay": 1.5}                 # answer slowly (client timeouts)
    {"malformed": True}            # HTTP 200 with a body that is not JSON
    {"drop_one": True}             # one translation fewer than texts sent

Text-level actions (a rule: only the texts that contain the substring; push: every text)::

    {"mangle": "drop" | "space"}   # lose or damage the protected tokens
    {"text": "MYMEMORY WARNING: …"} # answer this text instead of a translation
    {"empty": True}                # answer an empty translation
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

TOKEN = re.compile(r"\[X(\d+)X\]")
_REQUEST_LEVEL = {"status", "headers", "delay", "malformed", "drop_one"}


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]  # the last value of each parameter
    body: Any  # parsed JSON, or a form as {name: [values]}
    headers: dict[str, str]
    query_lists: dict[str, list[str]] = field(default_factory=dict)  # every value
    raw: bytes = b""
    texts: list[str] | None = None  # the texts to translate, when the request was valid
    source: str | None = None
    target: str | None = None
    status: int = 200
    batch: bool = False  # the texts came as a list
    answered: bool = False  # the whole answer was written back

    @property
    def text(self) -> str | None:
        return self.texts[0] if self.texts else None


class BadRequest(Exception):
    def __init__(self, status: int, payload: Any) -> None:
        super().__init__(status)
        self.status = status
        self.payload = payload


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client killed or timed out mid-request is what the fault tests do: not an error.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def default_translate(text: str, source: str, target: str) -> str:
    return f"{target}: {text}"


class FakeMTServer:
    content_type = "application/json"

    def __init__(
        self,
        translate: Callable[[str, str, str], str] = default_translate,
        api_key: str | None = None,
        delay: float = 0.0,
    ) -> None:
        self.translate = translate
        self.api_key = api_key
        self.delay = delay  # applied to every request (a slow service)
        self.requests: list[Recorded] = []
        self._script: list[dict[str, Any]] = []
        self._rules: list[tuple[str, dict[str, Any]]] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None

    # -- scripting -----------------------------------------------------------------
    def push(self, *actions: dict[str, Any]) -> None:
        with self._lock:
            self._script.extend(actions)

    def rule(self, contains: str, action: dict[str, Any]) -> None:
        with self._lock:
            self._rules.append((contains, action))

    def clear_rules(self) -> None:
        with self._lock:
            self._rules.clear()

    @property
    def texts(self) -> list[str]:
        """Texts of the requests that reached the translation endpoint, in order."""
        with self._lock:
            return [t for r in self.requests if r.texts for t in r.texts]

    @property
    def translate_requests(self) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.texts]

    # -- lifecycle -----------------------------------------------------------------
    def __enter__(self) -> Self:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                server._handle(self, "GET")

            def do_POST(self) -> None:
                server._handle(self, "POST")

        self._httpd = _Server(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._httpd is not None
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def base(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    # -- handling ------------------------------------------------------------------
    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        parsed = urllib.parse.urlsplit(h.path)
        query = dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True))
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        ctype = h.headers.get("Content-Type", "")
        body: Any = None
        bad_json = False
        if raw:
            if "json" in ctype:
                try:
                    body = json.loads(raw.decode("utf-8"))
                except ValueError:
                    bad_json = True
            else:
                body = urllib.parse.parse_qs(raw.decode("utf-8"), keep_blank_values=True)
        rec = Recorded(
            method,
            parsed.path,
            query,
            body,
            dict(h.headers.items()),
            urllib.parse.parse_qs(parsed.query, keep_blank_values=True),
            raw,
        )
        try:
            if bad_json:
                raise BadRequest(400, "invalid JSON")
            other = self.other(rec)
            if other is not None:
                with self._lock:
                    self.requests.append(rec)
                status, headers, payload = other
            else:
                texts, source, target = self.extract(rec)
                rec.texts, rec.source, rec.target = texts, source, target
                with self._lock:
                    self.requests.append(rec)
                    action = self._script.pop(0) if self._script else {}
                    item_rules: list[tuple[str, dict[str, Any]]] = []
                    for needle, rule_action in self._rules:
                        if any(needle in t for t in texts):
                            level = {k: v for k, v in rule_action.items() if k in _REQUEST_LEVEL}
                            action = {**level, **action}
                            item_rules.append((needle, rule_action))
                status, headers, payload = self._respond(
                    rec, texts, source, target, action, item_rules
                )
        except BadRequest as bad:
            with self._lock:
                if rec not in self.requests:
                    self.requests.append(rec)
            status, headers, payload = bad.status, {}, self.error_body(bad.status, bad.payload)
        rec.status = status
        data = payload if isinstance(payload, bytes) else payload.encode("utf-8")
        try:
            h.send_response(status)
            h.send_header("Content-Type", headers.pop("Content-Type", self.content_type))
            h.send_header("Content-Length", str(len(data)))
            for key, value in headers.items():
                h.send_header(key, value)
            h.end_headers()
            h.wfile.write(data)
            h.wfile.flush()
            rec.answered = True
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout): that is the point of the slow answers

    def _respond(
        self,
        rec: Recorded,
        texts: list[str],
        source: str,
        target: str,
        action: dict[str, Any],
        item_rules: list[tuple[str, dict[str, Any]]],
    ) -> tuple[int, dict[str, str], str | bytes]:
        delay = action.get("delay", self.delay)
        if delay:
            time.sleep(delay)
        if "status" in action and action["status"] != 200:
            return (
                action["status"],
                dict(action.get("headers", {})),
                self.error_body(action["status"], "scripted"),
            )
        if action.get("malformed"):
            return 200, {}, b'{"translatedText": "unterminated'
        translations = []
        for text in texts:
            item = {k: v for k, v in action.items() if k not in _REQUEST_LEVEL}
            for needle, rule_action in item_rules:
                if needle in text:
                    item = {
                        **{k: v for k, v in rule_action.items() if k not in _REQUEST_LEVEL},
                        **item,
                    }
            translations.append(self._one(rec, text, source, target, item))
        if action.get("drop_one"):
            translations = translations[:-1]
        headers = dict(action.get("headers", {}))
        return 200, headers, self.render(rec, translations, source, target)

    def _one(self, rec: Recorded, text: str, source: str, target: str, item: dict[str, Any]) -> str:
        if item.get("empty"):
            return ""
        translation = item.get("text") or self.translate(
            self.prepare(rec, text, source, target), source, target
        )
        mangle = item.get("mangle")
        if mangle == "drop":
            translation = TOKEN.sub("", translation)
        elif mangle == "space":
            translation = TOKEN.sub(lambda m: f"[X {m.group(1)} X]", translation)
        return translation

    # -- per service ---------------------------------------------------------------
    def other(self, rec: Recorded) -> tuple[int, dict[str, str], str] | None:
        """Endpoints other than translation (DeepL's glossaries); None: a translation."""
        return None

    def extract(self, rec: Recorded) -> tuple[list[str], str, str]:
        raise NotImplementedError

    def prepare(self, rec: Recorded, text: str, source: str, target: str) -> str:
        """The text as the service translates it (a DeepL glossary applied)."""
        return text

    def render(self, rec: Recorded, translations: list[str], source: str, target: str) -> str:
        raise NotImplementedError

    def error_body(self, status: int, payload: Any) -> str:
        return json.dumps({"error": payload})


class FakeLibreTranslate(FakeMTServer):
    """``POST /translate``: JSON ``q`` as a text or a list; form or query ``q`` as one text."""

    def __init__(
        self,
        *args: Any,
        batch_limit: int | None = None,
        char_limit: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.batch_limit = batch_limit
        self.char_limit = char_limit

    @property
    def url(self) -> str:
        return self.base + "/"

    def extract(self, rec: Recorded) -> tuple[list[str], str, str]:
        if rec.method != "POST" or rec.path != "/translate":
            raise BadRequest(404, "Not Found")
        if isinstance(rec.body, dict) and "json" in rec.headers.get("Content-Type", ""):
            fields = rec.body
        else:  # Flask's request.values: the query and the form, first value of each
            fields = {k: v[0] for k, v in rec.query_lists.items()}
            fields.update({k: v[0] for k, v in (rec.body or {}).items()})
        if self.api_key is not None and fields.get("api_key") != self.api_key:
            raise BadRequest(403, "Invalid API key")
        for key in ("q", "source", "target"):
            if not fields.get(key):
                raise BadRequest(400, f"Invalid request: missing {key} parameter")
        q = fields["q"]
        texts = q if isinstance(q, list) else [q]
        if not all(isinstance(t, str) for t in texts):
            raise BadRequest(400, "Invalid request: q must hold texts")
        if fields.get("format", "text") not in ("text", "html"):
            raise BadRequest(400, f"{fields['format']} format is not supported")
        if isinstance(q, list) and self.batch_limit is not None and len(q) > self.batch_limit:
            raise BadRequest(
                400, f"Invalid request: request ({len(q)}) exceeds text limit ({self.batch_limit})"
            )
        chars = sum(len(t) for t in texts)
        if self.char_limit is not None and chars > self.char_limit:
            raise BadRequest(
                400, f"Invalid request: request ({chars}) exceeds text limit ({self.char_limit})"
            )
        rec.batch = isinstance(q, list)
        return texts, fields["source"], fields["target"]

    def render(self, rec: Recorded, translations: list[str], source: str, target: str) -> str:
        if not rec.batch:
            return json.dumps({"translatedText": translations[0] if translations else ""})
        return json.dumps({"translatedText": translations})


class FakeDeepL(FakeMTServer):
    """DeepL's current API: translations and glossaries, the key only in the header."""

    MAX_TEXTS = 50
    MAX_BODY = 128 * 1024

    def __init__(
        self, *args: Any, glossary_pairs: set[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.glossary_pairs = glossary_pairs  # None: every pair takes glossaries
        self.glossaries: dict[str, dict[str, Any]] = {}
        self.entries: dict[str, dict[str, str]] = {}

    @property
    def url(self) -> str:
        return self.base + "/v2/"

    def _authorise(self, rec: Recorded) -> None:
        form = rec.body if isinstance(rec.body, dict) else {}
        if "auth_key" in rec.query or "auth_key" in form:
            raise BadRequest(
                403,
                "Legacy authentication method 'query parameter' is no longer "
                "supported. Please update to header-based authentication.",
            )
        auth = rec.headers.get("Authorization", "")
        if self.api_key is not None and auth != f"DeepL-Auth-Key {self.api_key}":
            raise BadRequest(403, "Authorization failure, check auth_key")

    def _fields(self, rec: Recorded) -> dict[str, Any]:
        """JSON as sent; a form's fields with ``text`` as the list of its values."""
        if "json" in rec.headers.get("Content-Type", ""):
            if not isinstance(rec.body, dict):
                raise BadRequest(400, "Bad request")
            return rec.body
        form = rec.body or {}
        fields: dict[str, Any] = {k: v[0] for k, v in form.items()}
        if "text" in form:
            fields["text"] = form["text"]
        return fields

    def other(self, rec: Recorded) -> tuple[int, dict[str, str], str] | None:
        if rec.path != "/v2/glossaries":
            return None
        self._authorise(rec)
        if rec.method == "GET":
            return 200, {}, json.dumps({"glossaries": list(self.glossaries.values())})
        fields = self._fields(rec)
        for key in ("name", "source_lang", "target_lang", "entries"):
            if not isinstance(fields.get(key), str) or not fields[key]:
                raise BadRequest(400, f"Missing or invalid parameter: {key}")
        pair = (fields["source_lang"].lower(), fields["target_lang"].lower())
        if self.glossary_pairs is not None and pair not in self.glossary_pairs:
            raise BadRequest(400, "Unsupported glossary source and target language pair")
        entries = self._parse_entries(fields["entries"], fields.get("entries_format", "tsv"))
        glossary_id = str(uuid.uuid4())
        info = {
            "glossary_id": glossary_id,
            "name": fields["name"],
            "ready": True,
            "source_lang": fields["source_lang"].lower(),
            "target_lang": fields["target_lang"].lower(),
            "creation_time": "2026-11-29T10:00:00.000000Z",
            "entry_count": len(entries),
        }
        with self._lock:
            self.glossaries[glossary_id] = info
            self.entries[glossary_id] = entries
        return 201, {}, json.dumps(info)

    @staticmethod
    def _parse_entries(text: str, fmt: str) -> dict[str, str]:
        if fmt == "tsv":
            rows = [line.split("\t") for line in text.split("\n") if line]
        elif fmt == "csv":
            rows = list(csv.reader(io.StringIO(text)))
        else:
            raise BadRequest(400, "Unsupported entries format")
        entries: dict[str, str] = {}
        for row in rows:
            if len(row) != 2 or not all(c and c == c.strip() for c in row) or row[0] in entries:
                raise BadRequest(400, "Invalid glossary entries provided")
            entries[row[0]] = row[1]
        return entries

    def extract(self, rec: Recorded) -> tuple[list[str], str, str]:
        if rec.path != "/v2/translate":
            raise BadRequest(404, "Not Found")
        self._authorise(rec)
        if rec.method != "POST":
            raise BadRequest(405, "Method Not Allowed")
        if len(rec.raw) > self.MAX_BODY:
            raise BadRequest(413, "Request Entity Too Large")
        fields = self._fields(rec)
        texts = fields.get("text")
        if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
            raise BadRequest(400, "Parameter 'text' not specified.")
        if len(texts) > self.MAX_TEXTS:
            raise BadRequest(400, f"Too many texts: at most {self.MAX_TEXTS} per request")
        if not fields.get("target_lang"):
            raise BadRequest(400, "Value for 'target_lang' not supported.")
        glossary = fields.get("glossary_id")
        if glossary is not None:
            if not fields.get("source_lang"):
                raise BadRequest(400, "Use of a glossary requires the source_lang parameter")
            info = self.glossaries.get(glossary)
            if info is None:
                raise BadRequest(404, "Glossary not found")
            pair = (fields["source_lang"].lower(), fields["target_lang"].split("-")[0].lower())
            if pair != (info["source_lang"], info["target_lang"]):
                raise BadRequest(400, "Glossary language pair does not match")
        return texts, fields.get("source_lang", ""), fields["target_lang"]

    def prepare(self, rec: Recorded, text: str, source: str, target: str) -> str:
        fields = self._fields(rec)
        entries = self.entries.get(fields.get("glossary_id") or "", {})
        for term, replacement in sorted(entries.items(), key=lambda e: -len(e[0])):
            text = re.sub(rf"(?i)(?<!\w){re.escape(term)}\w*", replacement, text)
        return text

    def render(self, rec: Recorded, translations: list[str], source: str, target: str) -> str:
        return json.dumps(
            {
                "translations": [
                    {"detected_source_language": source or "EN", "text": t} for t in translations
                ]
            }
        )

    def error_body(self, status: int, payload: Any) -> str:
        return json.dumps({"message": payload})


class FakeGoogle(FakeMTServer):
    """The mobile page deep-translator scrapes: ``GET /m?sl=&tl=&q=`` → ``div.result-container``."""

    content_type = "text/html; charset=utf-8"

    @property
    def url(self) -> str:
        return self.base + "/m"

    def extract(self, rec: Recorded) -> tuple[list[str], str, str]:
        if rec.method != "GET" or rec.path != "/m" or "q" not in rec.query:
            raise BadRequest(404, "Not Found")
        return [rec.query["q"]], rec.query.get("sl", ""), rec.query.get("tl", "")

    def render(self, rec: Recorded, translations: list[str], source: str, target: str) -> str:
        return (
            "<!DOCTYPE html><html><head><title>Google Translate</title></head><body>"
            f'<div class="result-container">{html.escape(translations[0])}</div></body></html>'
        )

    def error_body(self, status: int, payload: Any) -> str:
        return f"<html><body>Error {status}</body></html>"


class FakeMyMemory(FakeMTServer):
    """``GET /get?q=&langpair=en-GB|sv-SE`` → JSON with responseData.translatedText."""

    @property
    def url(self) -> str:
        return self.base + "/get"

    def extract(self, rec: Recorded) -> tuple[list[str], str, str]:
        if rec.method != "GET" or rec.path != "/get":
            raise BadRequest(404, "Not Found")
        source, _, target = rec.query.get("langpair", "").partition("|")
        return [rec.query.get("q", "")], source, target

    def render(self, rec: Recorded, translations: list[str], source: str, target: str) -> str:
        translation = translations[0]
        warning = translation.startswith("MYMEMORY WARNING")
        return json.dumps(
            {
                "responseData": {"translatedText": translation, "match": 0.85},
                "quotaFinished": False if not warning else None,
                "responseStatus": 200 if not warning else 429,
                "matches": [{"translation": translation, "quality": "74"}],
            }
        )

    def error_body(self, status: int, payload: Any) -> str:
        return json.dumps({"responseStatus": status, "responseDetails": str(payload)})


class FakeMicrosoft(FakeMTServer):
    """``POST /translate?api-version=3.0&to=…`` with a JSON array of ``{"Text": …}``."""

    MAX_ELEMENTS = 1000
    MAX_CHARS = 50_000

    @property
    def url(self) -> str:
        return self.base + "/translate?api-version=3.0"

    def extract(self, rec: Recorded) -> tuple[list[str], str, str]:
        if rec.method != "POST" or rec.path != "/translate":
            raise BadRequest(404, {"code": 404000, "message": "Not found"})
        if (
            self.api_key is not None
            and rec.headers.get("Ocp-Apim-Subscription-Key") != self.api_key
        ):
            raise BadRequest(401, {"code": 401000, "message": "The request is not authorized"})
        if rec.query.get("api-version") != "3.0":
            raise BadRequest(400, {"code": 400021, "message": "The API version is invalid."})
        if not rec.query.get("to"):
            raise BadRequest(400, {"code": 400036, "message": "The target language is missing."})
        body = rec.body
        if (
            not isinstance(body, list)
            or not body
            or not all(isinstance(e, dict) and set(e) == {"Text"} for e in body)
            or not all(isinstance(e["Text"], str) for e in body)
        ):
            raise BadRequest(
                400, {"code": 400074, "message": "The body of the request is not valid."}
            )
        texts = [e["Text"] for e in body]
        if len(texts) > self.MAX_ELEMENTS or sum(len(t) for t in texts) > self.MAX_CHARS:
            raise BadRequest(
                400, {"code": 400077, "message": "The maximum request size has been exceeded."}
            )
        return texts, rec.query.get("from", ""), rec.query["to"]

    def render(self, rec: Recorded, translations: list[str], source: str, target: str) -> str:
        return json.dumps([{"translations": [{"text": t, "to": target}]} for t in translations])

    def error_body(self, status: int, payload: Any) -> str:
        code = (
            payload
            if isinstance(payload, dict)
            else {"code": status * 1000, "message": str(payload)}
        )
        return json.dumps({"error": code})
