"""Scriptable fake machine-translation services on 127.0.0.1, spoken to over real HTTP.

Each server imitates one service closely enough for deep-translator's own request and
parsing code (LibreTranslate, DeepL's current API, Google's mobile page, MyMemory,
Microsoft). The default answer is ``f"{target}: {text}"``, which keeps ``[X…X]`` tokens.

Script what the next requests get with :meth:`FakeMTServer.push` (FIFO, one action per
request) or for every request containing a substring with :meth:`FakeMTServer.rule`::

    {"status": 429, "headers": {"Retry-After": "2"}}
    {"status": 500}
    {"delay": 1.5}                 # answer slowly (client timeouts)
    {"malformed": True}            # HTTP 200 with a body that is not JSON
    {"mangle": "drop" | "space"}   # lose or damage the protected tokens
    {"text": "MYMEMORY WARNING: …"} # answer this text instead of a translation
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

TOKEN = re.compile(r"\[X(\d+)X\]")


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    headers: dict[str, str]
    text: str | None = None
    source: str | None = None
    target: str | None = None
    status: int = 200


class BadRequest(Exception):
    def __init__(self, status: int, payload: Any) -> None:
        super().__init__(status)
        self.status = status
        self.payload = payload


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
        return [r.text for r in self.requests if r.text is not None]

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

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
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
        if raw:
            if "json" in ctype:
                body = json.loads(raw.decode("utf-8"))
            else:
                body = dict(urllib.parse.parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
        rec = Recorded(method, parsed.path, query, body, dict(h.headers.items()))
        try:
            text, source, target = self.extract(rec)
            rec.text, rec.source, rec.target = text, source, target
            with self._lock:
                self.requests.append(rec)
                action = self._script.pop(0) if self._script else {}
                for needle, rule_action in self._rules:
                    if needle in text:
                        action = {**rule_action, **action}
            status, headers, payload = self._respond(text, source, target, action)
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
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout): that is the point of the slow answers

    def _respond(
        self, text: str, source: str, target: str, action: dict[str, Any]
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
        translation = action.get("text") or self.translate(text, source, target)
        mangle = action.get("mangle")
        if mangle == "drop":
            translation = TOKEN.sub("", translation)
        elif mangle == "space":
            translation = TOKEN.sub(lambda m: f"[X {m.group(1)} X]", translation)
        return 200, dict(action.get("headers", {})), self.render(translation, text, source, target)

    # -- per service ---------------------------------------------------------------
    def extract(self, rec: Recorded) -> tuple[str, str, str]:
        raise NotImplementedError

    def render(self, translation: str, text: str, source: str, target: str) -> str:
        raise NotImplementedError

    def error_body(self, status: int, payload: Any) -> str:
        return json.dumps({"error": payload})


class FakeLibreTranslate(FakeMTServer):
    """``POST /translate`` with q, source, target, format, api_key (query, form or JSON)."""

    @property
    def url(self) -> str:
        return self.base + "/"

    def extract(self, rec: Recorded) -> tuple[str, str, str]:
        if rec.method != "POST" or rec.path != "/translate":
            raise BadRequest(404, "Not Found")
        fields = {**rec.query, **(rec.body or {})}
        if self.api_key is not None and fields.get("api_key") != self.api_key:
            raise BadRequest(403, "Invalid API key")
        for key in ("q", "source", "target"):
            if key not in fields:
                raise BadRequest(400, f"Invalid request: missing {key} parameter")
        return fields["q"], fields["source"], fields["target"]

    def render(self, translation: str, text: str, source: str, target: str) -> str:
        return json.dumps({"translatedText": translation})


class FakeDeepL(FakeMTServer):
    """DeepL's current API: ``POST /v2/translate``, key only in the Authorization header."""

    @property
    def url(self) -> str:
        return self.base + "/v2/"

    def extract(self, rec: Recorded) -> tuple[str, str, str]:
        if rec.path != "/v2/translate":
            raise BadRequest(404, "Not Found")
        if rec.method != "POST" or "auth_key" in rec.query or "auth_key" in (rec.body or {}):
            raise BadRequest(
                403,
                "Legacy authentication method 'query parameter' is no longer "
                "supported. Please update to header-based authentication.",
            )
        auth = rec.headers.get("Authorization", "")
        if self.api_key is not None and auth != f"DeepL-Auth-Key {self.api_key}":
            raise BadRequest(403, "Authorization failure, check auth_key")
        body = rec.body or {}
        texts = body.get("text")
        if not isinstance(texts, list) or len(texts) != 1 or "target_lang" not in body:
            raise BadRequest(400, "Bad request")
        return texts[0], body.get("source_lang", ""), body["target_lang"]

    def render(self, translation: str, text: str, source: str, target: str) -> str:
        return json.dumps(
            {"translations": [{"detected_source_language": source or "EN", "text": translation}]}
        )

    def error_body(self, status: int, payload: Any) -> str:
        return json.dumps({"message": payload})


class FakeGoogle(FakeMTServer):
    """The mobile page deep-translator scrapes: ``GET /m?sl=&tl=&q=`` → ``div.result-container``."""

    content_type = "text/html; charset=utf-8"

    @property
    def url(self) -> str:
        return self.base + "/m"

    def extract(self, rec: Recorded) -> tuple[str, str, str]:
        if rec.method != "GET" or rec.path != "/m" or "q" not in rec.query:
            raise BadRequest(404, "Not Found")
        return rec.query["q"], rec.query.get("sl", ""), rec.query.get("tl", "")

    def render(self, translation: str, text: str, source: str, target: str) -> str:
        return (
            "<!DOCTYPE html><html><head><title>Google Translate</title></head><body>"
            f'<div class="result-container">{html.escape(translation)}</div></body></html>'
        )

    def error_body(self, status: int, payload: Any) -> str:
        return f"<html><body>Error {status}</body></html>"


class FakeMyMemory(FakeMTServer):
    """``GET /get?q=&langpair=en-GB|sv-SE`` → JSON with responseData.translatedText."""

    @property
    def url(self) -> str:
        return self.base + "/get"

    def extract(self, rec: Recorded) -> tuple[str, str, str]:
        if rec.method != "GET" or rec.path != "/get":
            raise BadRequest(404, "Not Found")
        source, _, target = rec.query.get("langpair", "").partition("|")
        return rec.query.get("q", ""), source, target

    def render(self, translation: str, text: str, source: str, target: str) -> str:
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
    """``POST /translate?api-version=3.0&from=&to=`` with ``[{"text": …}]``."""

    @property
    def url(self) -> str:
        return self.base + "/translate?api-version=3.0"

    def extract(self, rec: Recorded) -> tuple[str, str, str]:
        if rec.method != "POST" or rec.path != "/translate":
            raise BadRequest(404, {"code": 404000, "message": "Not found"})
        if (
            self.api_key is not None
            and rec.headers.get("Ocp-Apim-Subscription-Key") != self.api_key
        ):
            raise BadRequest(401, {"code": 401000, "message": "The request is not authorized"})
        body = rec.body
        if not isinstance(body, list) or len(body) != 1:
            raise BadRequest(400, {"code": 400000, "message": "Invalid body"})
        return body[0]["text"], rec.query.get("from", ""), rec.query.get("to", "")

    def render(self, translation: str, text: str, source: str, target: str) -> str:
        return json.dumps([{"translations": [{"text": translation, "to": target}]}])

    def error_body(self, status: int, payload: Any) -> str:
        code = (
            payload
            if isinstance(payload, dict)
            else {"code": status * 1000, "message": str(payload)}
        )
        return json.dumps({"error": code})
