"""The one way tests run the CLI in-process; ``conftest.py`` offers it as the ``run`` fixture."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from mirage_i18n.cli import main


def run_cli(
    project: Path | None, *args: str | Path, input: str | None = None
) -> tuple[int, str, str]:
    """``(exit code, stdout, stderr)`` of ``mirage-i18n [--project PROJECT] ARGS``.

    Exceptions propagate (``catch_exceptions=False``), so a traceback fails the test instead of
    hiding in ``result.exception``; ``project=None`` runs without ``--project``."""
    argv = [str(a) for a in args]
    if project is not None:
        argv = ["--project", str(project), *argv]
    result = CliRunner().invoke(main, argv, input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` with its bytes: "nothing was written" is an equality."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
