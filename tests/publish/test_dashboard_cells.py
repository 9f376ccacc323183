"""The dashboard's cells made as the template reaches them, and big files rendered piece by
piece: the same values and the same text as made all at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from mirage_i18n.checks.run import validate
from mirage_i18n.config import load_settings
from mirage_i18n.errors import PublishError
from mirage_i18n.publish.dashboard import _cell, _Cells, report_files
from mirage_i18n.publish.templating import Streamed, make_environment, render


def test_lazy_cells_are_the_list_of_cells(sample_project: Path) -> None:
    report = validate(load_settings(sample_project))
    documents = list(dict.fromkeys(g.domain for g in report.gates)) + ["no/such-document"]
    for status in report.languages:
        gates = {g.domain: g for g in report.gates if g.lang == status.lang}
        eager = [_cell(gates[d]) if d in gates else None for d in documents]
        cells = _Cells(gates, documents)
        assert list(cells) == eager and len(cells) == len(eager)
        assert [cells[i] for i in range(len(cells))] == eager and cells[1:3] == eager[1:3]
        assert cells[-1] is None and eager.count(None) == 1


def test_streamed_render_is_render(sample_project: Path, tmp_path: Path) -> None:
    settings = load_settings(sample_project)
    files = report_files(settings, validate(settings))  # rendered streamed
    env = make_environment()
    context = {"label": "sv", "value": "90%", "left": 30, "right": 40, "width": 70}
    context["color"] = "#2da44e"
    for name in ("report/badge.svg",):
        assert render(env, name, context) == str(Streamed(env, name, context))
    assert files["index.html"].startswith(b"<!DOCTYPE html>")
    broken = tmp_path / "templates"
    (broken / "report").mkdir(parents=True)
    (broken / "report/badge.svg").write_text("{{ label }}\n{{ nothing.here }}\n")
    env = make_environment(broken)
    errors = []
    for way in (render, lambda *args: str(Streamed(*args))):
        with pytest.raises(PublishError) as caught:
            way(env, "report/badge.svg", context)
        errors.append(str(caught.value))
    assert errors[0] == errors[1] and "badge.svg:2" in errors[0]
