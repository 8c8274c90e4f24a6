"""`sapa script ...` through the real CLI entry point (exit codes, stdout, one-line errors)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogue import default_script_path
from sapa.cli import main
from tests.dialogue.scripts import GOOD, at, edit


@pytest.fixture
def sapa(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--database-url", sqlite_url, *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_validate_good_and_broken(sapa, tmp_path: Path) -> None:
    good = write(tmp_path, "tiny.yaml", GOOD)
    code, out, _ = sapa("script", "validate", good)
    assert code == 0 and out == f"{good}: OK (tiny, 9 flow nodes, languages kk, ru)\n"
    broken_text = edit("      next: account\n    set_ru", "      next: acount\n    set_ru")
    broken = write(tmp_path, "broken.yaml", broken_text)
    code, out, err = sapa("script", "validate", broken)
    line, column = at(broken_text, "next: acount")
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{broken}:{line}:{column}: unknown node 'acount' referenced",
        f"error: 1 error(s) in {broken}",
    ]


def test_import_list_show_export_activate_diff(sapa, tmp_path: Path) -> None:
    v1 = write(tmp_path, "v1.yaml", GOOD)
    v2 = write(tmp_path, "v2.yaml", edit("    ru: До свидания", "    ru: Всего доброго"))
    assert sapa("script", "import", v1, "--activate", "--author", "aigul", "--comment", "first")[1] == (
        "tiny version 1 (active)\n"
    )
    assert sapa("script", "import", v2, "--author", "daniyar")[1] == "tiny version 2\n"
    code, out, _ = sapa("script", "list")
    assert code == 0 and out == "tiny\tactive v1\t2 version(s)\tTiny test script\n"
    code, out, _ = sapa("script", "show", "tiny", "--version", "2")
    lines = out.splitlines()
    assert lines[0].startswith("* v1\t") and lines[0].endswith(
        "\taigul\t" + lines[0].split("\t")[3] + "\tfirst"
    )
    assert lines[1].startswith("  v2\t") and "\tdaniyar\t" in lines[1]
    assert "  hello: play (start)" in lines and "v2: Tiny test script [kk, ru]" in lines
    code, out, _ = sapa("script", "export", "tiny")
    assert code == 0 and out == GOOD
    assert sapa("script", "activate", "tiny", "--version", "2")[1] == "tiny version 2 is active\n"
    assert sapa("script", "export", "tiny")[1] == Path(v2).read_text(encoding="utf-8")
    code, out, _ = sapa("script", "diff", "tiny", "1", "2")
    assert code == 0 and "-    ru: До свидания\n+    ru: Всего доброго\n" in out


def test_errors_are_one_line_and_invalid_import_stores_nothing(sapa, tmp_path: Path) -> None:
    broken = write(tmp_path, "b.yaml", edit("languages: [kk, ru]", "languages: [kk, de]"))
    code, _, err = sapa("script", "import", broken)
    assert code == 1 and "languages.1: Input should be" in err and err.endswith("nothing stored\n")
    assert sapa("script", "list")[1] == ""
    code, _, err = sapa("script", "show", "tiny")
    assert code == 1 and err == "error: no dialogue script named 'tiny'\n"
    code, _, err = sapa("script", "activate", "tiny", "--version", "1")
    assert code == 1 and err == "error: no dialogue script named 'tiny'\n"


def test_init_loads_the_default_script(sapa) -> None:
    assert sapa("init")[0] == 0
    code, out, _ = sapa("script", "list")
    assert code == 0 and out.startswith("support-first-line\tactive v1\t1 version(s)\t")
    assert sapa("init")[0] == 0
    assert sapa("script", "list")[1] == out
    assert sapa("script", "export", "support-first-line")[1] == default_script_path().read_text(
        encoding="utf-8"
    )
