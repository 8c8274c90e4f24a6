"""`sapa models install / list` with bundles the tests build: bad checksum, wrong layout, missing files."""

from __future__ import annotations

import json
import shutil
import tarfile
import zipfile
from pathlib import Path

import pytest

from asr.bundles import MANIFEST, write_manifest
from asr.config import AsrConfig
from asr.pool import engine_spec
from tests.asr.cli_in_process import Run, in_process, one_error

pytest.importorskip("onnx", reason="the bundle's tiny ONNX model is exported with the onnx package")

from asr.testmodels import tiny_gigaam_ctc


@pytest.fixture
def sapa(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run `sapa ARGS` in this process in an empty working folder; returns (exit code, stdout, stderr)."""
    work = tmp_path / "site"
    work.mkdir()
    return in_process(work, monkeypatch, capsys)


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    folder = tiny_gigaam_ctc(tmp_path / "bundles" / "gigaam-v3-ctc")
    write_manifest(folder, "gigaam-v3-ctc", "onnx", "ru", licence="MIT", source="test")
    return folder


def models_left(work: Path) -> list[str]:
    models = work / "var" / "models"
    return sorted(p.name for p in models.iterdir()) if models.is_dir() else []


def tar_gz(folder: Path, target: Path) -> Path:
    with tarfile.open(target, "w:gz") as archive:
        archive.add(folder, arcname=folder.name)
    return target


def test_install_a_tarball_registers_the_model_for_its_language(sapa, bundle: Path, tmp_path: Path) -> None:
    code, out, err = sapa("models", "install", str(tar_gz(bundle, tmp_path / "gigaam.tar.gz")))
    assert code == 0, err
    assert "installed gigaam-v3-ctc (onnx, ru)" in out
    work = tmp_path / "site"
    assert models_left(work) == ["gigaam-v3-ctc", "registry.json"]  # no staging folder left
    spec = engine_spec(AsrConfig(models_dir=str(work / "var" / "models")), language="ru")
    assert spec.engine == "onnx" and Path(spec.model) == work / "var" / "models" / "gigaam-v3-ctc"
    code, out, _ = sapa("models", "list")
    row = next(line.split("\t") for line in out.splitlines() if line.startswith("ru\tonnx"))
    assert row[2] == "gigaam-v3-ctc" and row[4] == "MIT" and row[5] == "ok"
    assert any(line.startswith("kk\tvosk") and "\tmissing\t" in line for line in out.splitlines())


def test_install_from_a_folder_and_a_zip_and_again_replaces(sapa, bundle: Path, tmp_path: Path) -> None:
    assert sapa("models", "install", str(bundle))[0] == 0
    archive = tmp_path / "gigaam.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in bundle.rglob("*"):
            zf.write(path, f"{bundle.name}/{path.relative_to(bundle)}")
    code, _out, err = sapa("models", "install", str(archive))
    assert code == 0, err
    assert models_left(tmp_path / "site") == ["gigaam-v3-ctc", "registry.json"]


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ("checksum", "checksum mismatch for v3_vocab.txt"),
        ("missing", "missing file v3_ctc.onnx"),
        ("layout", "wrong layout for an ONNX model"),
        ("no-manifest", "not a Sapa model bundle (no sapa-model.json"),
        ("bad-json", "sapa-model.json is not valid JSON"),
        ("extra", "file notes.txt is not listed"),
        ("traversal", "bad entry '../evil'"),
    ],
)
def test_a_bad_bundle_is_one_line_and_installs_nothing(
    sapa, bundle: Path, tmp_path: Path, damage: str, expected: str
) -> None:
    manifest = json.loads((bundle / MANIFEST).read_text())
    if damage == "checksum":
        (bundle / "v3_vocab.txt").write_text("▁ 0\n<blk> 1\n", encoding="utf-8")
    elif damage == "missing":
        (bundle / "v3_ctc.onnx").unlink()
    elif damage == "layout":  # checksums fine, but the model file has the wrong name for any ONNX model
        (bundle / "v3_ctc.onnx").rename(bundle / "encoder.onnx")
        write_manifest(bundle, "gigaam-v3-ctc", "onnx", "ru")
    elif damage == "no-manifest":
        (bundle / MANIFEST).unlink()
    elif damage == "bad-json":
        (bundle / MANIFEST).write_text("{not json")
    elif damage == "extra":
        (bundle / "notes.txt").write_text("hello")
    elif damage == "traversal":
        manifest["files"]["../evil"] = "0" * 64
        (bundle / MANIFEST).write_text(json.dumps(manifest))
    error = one_error(sapa("models", "install", str(tar_gz(bundle, tmp_path / "b.tgz"))))
    assert expected in error, error
    assert models_left(tmp_path / "site") == []  # the models folder has nothing half-installed


def test_a_failed_reinstall_keeps_the_working_model(sapa, bundle: Path, tmp_path: Path) -> None:
    assert sapa("models", "install", str(bundle))[0] == 0
    installed = tmp_path / "site" / "var" / "models" / "gigaam-v3-ctc"
    before = {p.name: p.read_bytes() for p in installed.iterdir()}
    broken = tmp_path / "broken"
    shutil.copytree(bundle, broken)
    (broken / "v3_ctc.onnx").write_bytes(b"truncated")
    assert "checksum mismatch" in one_error(sapa("models", "install", str(broken)))
    assert {p.name: p.read_bytes() for p in installed.iterdir()} == before


def test_a_missing_model_names_the_language_and_the_install_command(sapa, tmp_path: Path) -> None:
    audio = tmp_path / "a.wav"
    audio.write_bytes(b"RIFF")
    error = one_error(sapa("transcribe", str(audio), "--language", "kk"))
    assert "no vosk model for language kk" in error and "sapa models install" in error
    assert "no such file or folder" in one_error(sapa("models", "install", str(tmp_path / "nothing.tgz")))
