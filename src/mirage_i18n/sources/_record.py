"""Record where block text sits in the source while markdown-it parses.

markdown-it's tokens only carry line ranges; the block state knows, for each line, where the
content starts once container markers (``>``, list indentation, tabs) are consumed. The
wrappers installed here read that state right after a rule succeeded and store exact source
offsets in ``token.meta``. They never change what the rules do, so the recording parser
produces the same tokens as :func:`mirage_i18n.mdparser.make_parser`.

The same wrappers collect source directives: an i18n comment becomes *pending* and is
attached to the next block that opens at its nesting level.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt, rules_block
from markdown_it.common.utils import MD_TRIM_CHARS, isStrSpace, normalizeReference
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from ..errors import SourceError
from .directives import Directive, DirectiveError, parse_directive

ENV_KEY = "mirage_i18n.recorder"
LINES = "mirage_lines"  # paragraph / setext heading: [(start, end)] per content line
SPAN = "mirage_span"  # ATX heading, table cell: (start, end) of the text
DIRECTIVES = "mirage_directives"  # tuple[Directive, ...] attached to a block's opening token

Rule = Callable[[StateBlock, int, int, bool], bool]


@dataclass(frozen=True)
class RefTitle:
    """The title of a link reference definition: ``[id]: /url "Title"``."""

    start: int  # source offsets of the text between the quotes
    end: int
    line: int  # 0-based body line of the title
    directives: tuple[Directive, ...]


@dataclass
class _Pending:
    directive: Directive
    index: int  # token index of the comment
    level: int
    line: int  # 0-based body line


@dataclass
class Recorder:
    """Per-parse collector, passed to the rules through ``env``."""

    first_line: int = 1
    path: str | None = None
    refs: list[RefTitle] = field(default_factory=list)
    pending: list[_Pending] = field(default_factory=list)

    def error(self, message: str, line: int) -> SourceError:
        return SourceError(message, self.path, line + self.first_line)

    def dangling(self, p: _Pending) -> SourceError:
        return self.error(
            f"i18n directive '{p.directive.name}' is not followed by a block in the same container",
            p.line,
        )

    def check(self, tokens: list[Token], end: int, level: int) -> None:
        """A block opens at ``level`` (token index ``end``): a directive whose container has
        closed since, or which sits deeper than this block, will never find its block."""
        for p in self.pending:
            closed = any(t.nesting == -1 and t.level < p.level for t in tokens[p.index + 1 : end])
            if closed or p.level > level:
                raise self.dangling(p)

    def take(self, tokens: list[Token], end: int, level: int) -> tuple[Directive, ...]:
        """Directives pending for a block that opens at ``level`` (token index ``end``)."""
        if not self.pending:  # nearly every block: nothing to check or take
            return ()
        self.check(tokens, end, level)
        taken = [p for p in self.pending if p.level == level]
        self.pending = [p for p in self.pending if p.level != level]
        return tuple(p.directive for p in taken)

    def finish(self) -> None:
        if self.pending:
            raise self.dangling(self.pending[0])


def _content_lines(state: StateBlock, begin: int, end: int) -> list[tuple[int, int]]:
    return [(state.bMarks[i] + state.tShift[i], state.eMarks[i]) for i in range(begin, end)]


def _heading_span(state: StateBlock, line: int, token: Token, inline: Token) -> tuple[int, int]:
    pos = state.bMarks[line] + state.tShift[line] + len(token.markup)
    if not inline.content:
        return (pos, pos)
    start = state.src.index(inline.content, pos)
    return (start, start + len(inline.content))


def cell_spans(text: str) -> list[tuple[int, int]]:
    """Column spans of a table row, mirroring markdown-it's ``escapedSplit`` (which drops the
    backslash of ``\\|``; the spans keep it, so the msgid is the source text)."""
    spans, last, escaped = [], 0, False
    for pos, ch in enumerate(text):
        if ch == "|" and not escaped:
            spans.append((last, pos))
            last = pos + 1
        escaped = ch == "\\"
    spans.append((last, len(text)))
    return spans


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span like markdown-it's ``mdTrim``."""
    while start < end and text[start] in MD_TRIM_CHARS:
        start += 1
    while end > start and text[end - 1] in MD_TRIM_CHARS:
        end -= 1
    return start, end


def _row_cells(state: StateBlock, line: int) -> list[tuple[int, int]]:
    begin, end = state.bMarks[line] + state.tShift[line], state.eMarks[line]
    text = state.src[begin:end]
    t0, t1 = trim(text, 0, len(text))
    spans = cell_spans(text[t0:t1])
    if spans and spans[0][0] == spans[0][1]:
        spans.pop(0)
    if spans and spans[-1][0] == spans[-1][1]:
        spans.pop()
    out = []
    for s, e in spans:
        s, e = trim(text, t0 + s, t0 + e)
        out.append((begin + s, begin + e))
    return out


def _record_table(state: StateBlock, start: int) -> None:
    cells: list[tuple[int, int]] = []
    for token in state.tokens[start:]:
        if token.type == "tr_open":
            assert token.map is not None
            cells = _row_cells(state, token.map[0])
            column = 0
        elif token.type in ("th_open", "td_open"):
            if column < len(cells) and cells[column][0] < cells[column][1]:
                token.meta[SPAN] = cells[column]
            column += 1


def _ws(ch: str) -> bool:
    return isStrSpace(ch) or ch == "\n"


def _record_reference(state: StateBlock, begin: int, end: int, rec: Recorder) -> None:
    """Find the title of the definition on lines [begin, end), replaying markdown-it's
    ``reference`` rule on the same string (lines joined with their line ends)."""
    offsets: list[tuple[int, int]] = []  # (index in string, source offset) per line
    string = ""
    for i in range(begin, end):
        s, e = state.bMarks[i] + state.tShift[i], state.eMarks[i]
        offsets.append((len(string), s))
        string += state.src[s:e] + "\n"
    helpers = state.md.helpers
    pos, maximum = 1, len(string)
    while pos < maximum and string[pos] != "]":
        pos += 2 if string[pos] == "\\" else 1
    label_end = pos
    pos = label_end + 2
    while pos < maximum and _ws(string[pos]):
        pos += 1
    dest = helpers.parseLinkDestination(string, pos, maximum)
    if not dest.ok:
        return
    pos = gap = dest.pos
    while pos < maximum and _ws(string[pos]):
        pos += 1
    title = helpers.parseLinkTitle(string, pos, maximum, None)
    if not (title.ok and pos > gap and title.str):
        return
    after = title.pos
    while after < maximum and isStrSpace(string[after]):
        after += 1
    if after < maximum and string[after] != "\n":
        return
    refs = state.env.get("references", {})
    label = normalizeReference(string[1:label_end])
    known = [r for r in (refs.get(label), *state.env.get("duplicate_refs", ())) if r]
    if not any(r.get("map") == [begin, end] and r.get("title") == title.str for r in known):
        return

    def source(index: int) -> tuple[int, int]:
        for n, (base, src) in reversed(list(enumerate(offsets))):
            if index >= base:
                return src + index - base, begin + n
        raise AssertionError(index)

    t_start, t_line = source(pos + 1)
    t_end, _ = source(title.pos - 1)
    rec.refs.append(
        RefTitle(
            t_start,
            t_end,
            t_line,
            rec.take(state.tokens, len(state.tokens), state.level),
        )
    )


def _after(name: str, state: StateBlock, begin: int, index: int, rec: Recorder) -> None:
    tokens = state.tokens
    if name == "reference":
        _record_reference(state, begin, state.line, rec)
        return
    token = tokens[index]
    if name == "html_block":
        try:
            directive = parse_directive(token.content)
        except DirectiveError as exc:
            raise rec.error(str(exc), begin) from None
        if directive is not None:
            rec.check(tokens, index, token.level)
            rec.pending.append(_Pending(directive, index, token.level, begin))  # they stack
            return
    directives = rec.take(tokens, index, token.level)
    if directives:
        token.meta[DIRECTIVES] = directives
    if name == "paragraph":
        token.meta[LINES] = _content_lines(state, begin, state.line)
    elif name == "lheading":
        token.meta[LINES] = _content_lines(state, begin, state.line - 1)
    elif name == "heading":
        token.meta[SPAN] = _heading_span(state, begin, token, tokens[index + 1])
    elif name == "table":
        _record_table(state, index)


def install(md: MarkdownIt) -> MarkdownIt:
    """Make ``md``'s block parser record (see the module docstring); returns ``md``.

    The block loop is markdown-it's ``ParserBlock.tokenize``, run here so that the recorder
    looks at the state once per block, after the rule that made it, and refuses nesting that
    markdown-it would drop (:func:`_refuse_deep_nesting`). It used to wrap each of the eleven
    block rules instead: every line's attempts went through a wrapper (181,000 calls for a
    1,000-article project, about 6 % of ``extract``), though only a rule that succeeds, called
    by this loop and not in silent mode, has anything to record. The rules themselves are
    markdown-it's, unchanged, so the tokens are those of :func:`mirage_i18n.mdparser.make_parser`
    (tests/sources/test_spec.py compares them on every CommonMark example). Each line is
    offered only to the rules that could open a block there (:func:`_may_open`): a prose line
    was tried by ten rules before the paragraph rule took it, 150,000 calls that failed at
    their first test for a 1,000-article project.
    """
    block: Any = md.block
    ruler: Any = block.ruler
    limit = md.options.maxNesting
    named: list[tuple[Rule, str]] = []
    compiled: list[list[Rule]] = []  # the ruler's list the names were taken for

    by_start: dict[tuple[bool, str], list[tuple[Rule, str]]] = {}

    def rules_for(state: StateBlock, line: int) -> list[tuple[Rule, str]]:
        """The rules that may match at ``line``: those whose first test (a code-block
        indentation, the first character) would not refuse it (see :data:`_OPENERS`)."""
        rules = ruler.getRules("")
        if not compiled or compiled[0] is not rules:  # the rules changed (enable, disable…)
            names = {rule.fn: rule.name for rule in ruler.__rules__}
            named[:] = [(fn, names[fn]) for fn in rules]
            compiled[:] = [rules]
            by_start.clear()
        indented = state.is_code_block(line)
        pos = state.bMarks[line] + state.tShift[line]
        first = state.src[pos] if pos < state.eMarks[line] else ""
        key = (indented, first if first in _OPENING_CHARS else "")
        found = by_start.get(key)
        if found is None:
            found = by_start[key] = [
                (fn, name) for fn, name in named if _may_open(fn, indented, key[1])
            ]
        return found

    def tokenize(state: StateBlock, startLine: int, endLine: int) -> None:
        _refuse_deep_nesting(state, startLine, endLine, limit)
        rec = state.env.get(ENV_KEY)
        tokens = state.tokens
        line = startLine
        hasEmptyLines = False
        while line < endLine:
            state.line = line = state.skipEmptyLines(line)
            if line >= endLine:
                break
            if state.sCount[line] < state.blkIndent:
                break  # the end of a nested call (block quotes, lists)
            if state.level >= limit:
                state.line = endLine
                break
            ok = False
            for rule, name in rules_for(state, line):
                index = len(tokens)
                ok = rule(state, line, endLine, False)
                if ok:
                    if state.line <= line:
                        raise RuntimeError("block rule didn't increment state.line")
                    if rec is not None:
                        _after(name, state, line, index, rec)
                    break
            if not ok:
                raise RuntimeError("none of the block rules matched")
            state.tight = not hasEmptyLines  # an empty line before this block, not the last
            line = state.line
            if (line - 1) < endLine and state.isEmpty(line - 1):
                hasEmptyLines = True  # a paragraph may eat one newline after it in lists
            if line < endLine and state.isEmpty(line):
                hasEmptyLines = True
                line += 1
                state.line = line

    block.tokenize = tokenize
    return md


# markdown-it's block rules that refuse a line by its first character unless it is one of
# these (after its indentation; each rule tests ``is_code_block`` first, then the character,
# with nothing changed before either test). The rule objects themselves are the keys: a rule
# replaced under the same name (another fence, a plugin) is always tried.
_OPENERS: dict[Rule, str] = {
    rules_block.fence: "~`",
    rules_block.blockquote: ">",
    rules_block.hr: "*-_",
    rules_block.list_block: "*-+0123456789",
    rules_block.reference: "[",
    rules_block.html_block: "<",
    rules_block.heading: "#",
}
_OPENING_CHARS = frozenset("".join(_OPENERS.values()))


def _may_open(rule: Rule, indented: bool, first: str) -> bool:
    """False when ``rule`` certainly refuses a line (returns False, changes nothing): the
    indented-code rule on a line that is not indented code, the rules of :data:`_OPENERS` on
    one that is or that does not start with their character; True for every other rule."""
    if rule is rules_block.code:
        return indented
    opening = _OPENERS.get(rule)
    if opening is None:
        return True
    return not indented and first != "" and first in opening


def _refuse_deep_nesting(state: StateBlock, start: int, end: int, limit: int) -> None:
    """markdown-it silently drops every block nested deeper than ``maxNesting`` (block quotes
    past about 20 levels, lists past about 10): the text would vanish from the template and the
    page. Extraction refuses such a document with the line where the lost text starts."""
    if state.level >= limit:
        line = state.skipEmptyLines(start)
        if line < end and state.sCount[line] >= state.blkIndent:
            recorder = state.env.get(ENV_KEY)
            message = (
                f"block quotes or lists nested deeper than {limit} levels: markdown "
                "would drop the text from here on; flatten the nesting"
            )
            if isinstance(recorder, Recorder):
                raise recorder.error(message, line)
            raise SourceError(message, None, line + 1)
