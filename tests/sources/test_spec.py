"""Every CommonMark 0.31.2 spec example survives identity reassembly.

See tests/data/README.md for where the examples come from.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mirage_i18n.sources._record import ENV_KEY, Recorder, install
from mirage_i18n.sources._text import normalise_html
from mirage_i18n.sources.markdown import make_parser, segment_markdown

SPEC = json.loads(
    (Path(__file__).parents[1] / "data" / "commonmark-spec-0.31.2.json").read_text("utf-8")
)
MD = make_parser()
BLOCK_TAGS = re.compile(
    r"<(/?(?:p|h[1-6]|ul|ol|li|blockquote|table|thead|tbody|tr|th|td|pre|hr|img))\b"
)

# Examples whose identity reassembly does not render the same, with the reason.
# Keep in sync with docs/segmentation.md ("Unsupported spec examples").
XFAIL: dict[int, str] = {}


def _params() -> list[object]:
    return [
        pytest.param(
            ex,
            id=f"{ex['example']}-{ex['section']}",
            marks=[pytest.mark.xfail(reason=XFAIL[ex["example"]], strict=True)]
            if ex["example"] in XFAIL
            else [],
        )
        for ex in SPEC
    ]


def test_spec_file_is_complete() -> None:
    assert len(SPEC) == 652
    assert [ex["example"] for ex in SPEC] == list(range(1, 653))


@pytest.mark.parametrize("example", _params())
def test_identity_renders_the_same(example: dict[str, object]) -> None:
    src = str(example["markdown"])
    parsed = segment_markdown(src)
    out = parsed.reassemble(lambda s: s.text)
    assert normalise_html(MD.render(out)) == normalise_html(MD.render(src))
    # where no msgid was normalised, not a byte of the layout may change
    if all(
        s.text == parsed.body[slot.start : slot.end]
        for s, slot in zip(parsed.segments, parsed._slots)
    ):
        assert out == parsed.body


@pytest.mark.parametrize("example", _params())
def test_translations_land_in_their_block(example: dict[str, object]) -> None:
    src = str(example["markdown"])
    parsed = segment_markdown(src)
    out = parsed.reassemble(lambda s: s.text + " XX\\\n- yy\n# zz\n\n1. a\n===\n> q")
    assert BLOCK_TAGS.findall(MD.render(out)) == BLOCK_TAGS.findall(MD.render(src))


def test_recording_parser_changes_nothing() -> None:
    """The span-recording wrappers only observe: same tokens, same HTML."""
    recording = install(make_parser())
    for example in SPEC:
        src = str(example["markdown"])
        env = {ENV_KEY: Recorder()}
        tokens = recording.parse(src, env)
        del env[ENV_KEY]
        assert MD.renderer.render(tokens, MD.options, env) == MD.render(src), example["example"]
