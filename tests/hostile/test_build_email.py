"""The newsletter's ``.eml`` (issue 13): a translator cannot add a header, whatever the subject
holds; one line-end convention (CRLF); addresses from the configuration are one line."""

from __future__ import annotations

import re
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from tests.conftest import Run

from .buildkit import CONTENT_CHECKS, SUBJECT, SV_ISSUE, ignore_checks, set_translation

EML = "dist/newsletter/2021-11/sv.eml"
HEADERS = [
    "Subject",
    "From",
    "To",
    "Date",
    "Message-ID",
    "MIME-Version",
    "Content-Type",
    "Content-Language",
]


def _parse(data: bytes):  # type: ignore[no-untyped-def]
    return BytesParser(policy=policy.default.clone(raise_on_defect=True)).parsebytes(data)


@pytest.mark.parametrize(
    ("subject", "shown"),
    [
        # an encoded word that decodes to CR LF and a header: shown as typed, adds nothing
        ("=?utf-8?q?a=0D=0ABcc:_x@y?=", "=?utf-8?q?a=0D=0ABcc:_x@y?="),
        ("=?utf-8?b?YQ0KQmNjOiB4QHk=?=", "=?utf-8?b?YQ0KQmNjOiB4QHk=?="),
        (
            "Nyhetsbrev =?iso-8859-1?q?=0D=0ABcc:x@y?= å",
            "Nyhetsbrev =?iso-8859-1?q?=0D=0ABcc:x@y?= å",
        ),
        # a real line break: folded into the subject, never a header of its own
        ("a\nBcc: x@y", "a Bcc: x@y"),
        ("a\n\nBody", "a Body"),
        # long, with an encoded word past the fold
        (
            "Långt ämne " * 12 + "=?utf-8?q?=0ABcc:_x@y?=",
            ("Långt ämne " * 12).strip() + " =?utf-8?q?=0ABcc:_x@y?=",
        ),
    ],
    ids=[
        "q-word CRLF Bcc",
        "b-word CRLF Bcc",
        "non-ASCII and a latin-1 word",
        "line break",
        "blank line",
        "long",
    ],
)
def test_a_translated_subject_adds_no_header(
    sample_project: Path, run: Run, subject: str, shown: str
) -> None:
    set_translation(sample_project, SV_ISSUE, SUBJECT, subject)
    ignore_checks(sample_project, *CONTENT_CHECKS)  # published whatever validate says of it
    code, out, err = run(sample_project, "build")
    assert code == 0, (out, err)
    data = (sample_project / EML).read_bytes()
    message = _parse(data)
    assert list(message.keys()) == HEADERS
    assert str(message["Subject"]) == shown
    head = data.split(b"\r\n\r\n", 1)[0]
    assert not re.search(rb"^(Bcc|Cc):", head, re.MULTILINE | re.IGNORECASE)
    # every part decodes, no defect anywhere
    for part in message.walk():
        assert not part.defects
        if not part.is_multipart():
            assert part.get_content()


def test_every_eml_has_crlf_line_ends_only(sample_project: Path, run: Run) -> None:
    set_translation(sample_project, SV_ISSUE, SUBJECT, "=?utf-8?q?a=0D=0ABcc:_x@y?=")
    ignore_checks(sample_project, *CONTENT_CHECKS)
    assert run(sample_project, "build")[0] == 0
    emls = sorted((sample_project / "dist/newsletter").rglob("*.eml"))
    assert len(emls) >= 2  # en and sv
    for eml in emls:
        data = eml.read_bytes()
        assert b"\r\n" in data
        assert not re.search(rb"(?<!\r)\n|\r(?!\n)", data), eml
        assert list(_parse(data).keys()) == HEADERS


def test_the_same_issue_builds_the_same_bytes(sample_project: Path, run: Run) -> None:
    set_translation(sample_project, SV_ISSUE, SUBJECT, "=?utf-8?q?a=0D=0ABcc:_x@y?=")
    ignore_checks(sample_project, *CONTENT_CHECKS)
    assert run(sample_project, "build")[0] == 0
    first = (sample_project / EML).read_bytes()
    assert run(sample_project, "build", "--force")[0] == 0
    assert (sample_project / EML).read_bytes() == first


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('contact_email = "info@mirageproject.eu\\r\\nBcc: x@y"', "project.contact_email"),
        ('contact_email = "info@mirageproject.eu\\nBcc: x@y"', "project.contact_email"),
        ('contact_email = "Info <info@mirageproject.eu>"', "project.contact_email"),
        ('sender = "MIraGE <info@mirageproject.eu>\\nBcc: x@y"', "newsletter.sender"),
        ('sender = "MIraGE <info@mirageproject.eu"', "newsletter.sender"),
    ],
    ids=["CRLF in contact", "LF in contact", "name in contact", "LF in sender", "no >"],
)
def test_an_address_with_a_line_break_is_a_config_error(
    sample_project: Path, run: Run, line: str, key: str
) -> None:
    config = sample_project / "mirage-i18n.toml"
    text = config.read_text(encoding="utf-8")
    name = line.split(" =", 1)[0]
    text = re.sub(rf"^{name} = .*$", lambda _: line, text, count=1, flags=re.MULTILINE)
    config.write_text(text, encoding="utf-8")
    number = text.splitlines().index(line) + 1
    code, out, err = run(sample_project, "build")
    assert code == 2, (out, err)
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and f"mirage-i18n.toml:{number}: {key} " in lines[0], err
    assert not (sample_project / "dist").exists()
