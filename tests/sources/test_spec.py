"""Every CommonMark 0.31.2 spec example survives identity reassembly.

See tests/data/README.md for where the examples come from.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from mirage_i18n.sources._record import ENV_KEY, Recorder, _after, _may_open, install
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


def _wrapping_recorder() -> MarkdownIt:
    """The recorder as it was first written, the reference for ``install``'s own block loop:
    markdown-it's loop, with every block rule wrapped to record after a non-silent success."""
    md = make_parser()
    ruler = md.block.ruler

    def wrap(name: str, rule: Any) -> Any:
        def recording(state: StateBlock, start: int, end: int, silent: bool) -> bool:
            rec = state.env.get(ENV_KEY)
            if silent or rec is None:
                return bool(rule(state, start, end, silent))
            index = len(state.tokens)
            ok = bool(rule(state, start, end, silent))
            if ok:
                _after(name, state, start, index, rec)
            return ok

        return recording

    for rule in list(ruler.__rules__):
        ruler.at(rule.name, wrap(rule.name, rule.fn), {"alt": list(rule.alt)})
    return md


DIRECTIVE_DOCS = [
    "<!-- i18n: skip -->\nSkipped.\n\nKept.\n",
    "> <!-- i18n: context menu -->\n> Home\n\n- <!-- i18n: note a name -->\n  Anna\n",
    '[id]: /url "Title"\n\n<!-- i18n: skip -->\n[x]: /y "Not this"\n\nText [id].\n',
    "| a | b |\n|---|---|\n| c \\| d | e |\n\nSetext\n===\n\n# ATX #\n",
    "1. one\n   > quote\n   >\n   > more\n2. two\n\n    code\n\n```\nfence\n```\n",
]


def test_the_recording_loop_records_what_wrapped_rules_recorded() -> None:
    """Tokens, their recorded spans and directives, and the reference titles: the same."""
    ours, reference = install(make_parser()), _wrapping_recorder()
    for src in [str(ex["markdown"]) for ex in SPEC] + DIRECTIVE_DOCS:
        rec_ours, rec_ref = Recorder(), Recorder()
        got = ours.parse(src, {ENV_KEY: rec_ours})
        want = reference.parse(src, {ENV_KEY: rec_ref})
        assert [t.as_dict() for t in got] == [t.as_dict() for t in want], src
        assert rec_ours == rec_ref, src


def _general_lines_block(src, lines, env, kind, line, directives):  # type: ignore[no-untyped-def]
    """``_lines_block`` without its one-line shortcut: the general path, for the test below."""
    from mirage_i18n.sources.markdown import MD_TRIM_CHARS, _msgid, _prefix, _segment, _Slot

    pieces = [src[s:e] for s, e in lines]
    end = lines[-1][0] + len(pieces[-1].rstrip(MD_TRIM_CHARS))
    start = lines[0][0] + len(pieces[0]) - len(pieces[0].lstrip(MD_TRIM_CHARS))
    if start >= end:
        return []
    spans = [(max(s, start), min(e, end)) for s, e in lines]
    pieces = [src[s:e] for s, e in spans]
    slot = _Slot(start, end, "block", prefix=_prefix(src, lines[0][0]))
    return [(_segment(_msgid(pieces, env), kind, line, directives), slot)]


def test_one_line_blocks_segment_as_the_general_path_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """Segments and slots of every spec example and directive document, with and without the
    one-line shortcut of ``_lines_block``."""
    from mirage_i18n.sources import markdown

    docs = [str(ex["markdown"]) for ex in SPEC] + DIRECTIVE_DOCS + ["  > - x\n\npara\n"]
    fast = [segment_markdown(src) for src in docs]
    monkeypatch.setattr(markdown, "_lines_block", _general_lines_block)
    general = [segment_markdown(src) for src in docs]
    for src, a, b in zip(docs, fast, general, strict=True):
        assert (a.segments, a._slots) == (b.segments, b._slots), src


def _checking_parser(refused: list[str]) -> MarkdownIt:
    """markdown-it's own loop, each rule wrapped to check, on every call (silent ones too),
    that a rule ``_may_open`` rules out returns False and changes nothing."""
    md = make_parser()
    ruler = md.block.ruler

    def wrap(name: str, rule: Any) -> Any:
        def checked(state: StateBlock, start: int, end: int, silent: bool) -> bool:
            pos = state.bMarks[start] + state.tShift[start]
            first = state.src[pos] if pos < state.eMarks[start] else ""
            if _may_open(rule, state.is_code_block(start), first):
                return bool(rule(state, start, end, silent))
            before = (state.line, len(state.tokens), state.parentType, state.lineMax)
            before += (state.blkIndent, list(state.sCount), list(state.bMarks))
            ok = bool(rule(state, start, end, silent))
            after = (state.line, len(state.tokens), state.parentType, state.lineMax)
            after += (state.blkIndent, list(state.sCount), list(state.bMarks))
            assert not ok and after == before, (name, start, state.src)
            refused.append(name)
            return ok

        return checked

    for rule in list(ruler.__rules__):
        ruler.at(rule.name, wrap(rule.name, rule.fn), {"alt": list(rule.alt)})
    return md


def test_rules_left_out_of_a_line_would_refuse_it() -> None:
    """The recording loop offers a line only to the rules ``_may_open`` allows: every rule it
    leaves out returns False there without touching the state, on every CommonMark example
    and the directive documents, including the rules' silent calls inside other rules."""
    refused: list[str] = []
    md = _checking_parser(refused)
    for src in [str(ex["markdown"]) for ex in SPEC] + DIRECTIVE_DOCS:
        md.parse(src, {})
    assert set(refused) == {
        "code",
        "fence",
        "blockquote",
        "hr",
        "list",
        "reference",
        "html_block",
        "heading",
    }


def test_a_replaced_rule_is_always_offered() -> None:
    """Only markdown-it's own rule objects are left out by their first character: a rule put
    in under the same name (another fence, a plugin's) sees every line."""
    from markdown_it.rules_block import fence, make_fence_rule

    colon_fence = make_fence_rule(markers=(":",))
    assert not _may_open(fence, False, ":")
    assert _may_open(colon_fence, False, ":")
    md = install(make_parser())
    md.block.ruler.at("fence", colon_fence)
    tokens = md.parse(":::\ntext\n:::\n", {ENV_KEY: Recorder()})
    assert [t.type for t in tokens] == ["fence"]
