"""Model bundles for offline sites: ``sapa models install FILE|DIR`` and ``sapa models list``.

A bundle is a folder or a .tar/.tar.gz/.tgz/.zip archive holding ``sapa-model.json`` (at its root or in its
single top folder) beside the model files::

    {"name": "gigaam-v3-ctc", "engine": "onnx", "language": "ru", "licence": "MIT",
     "source": "https://huggingface.co/istupakov/gigaam-v3-onnx",
     "files": {"v3_ctc.onnx": "<sha256>", "v3_vocab.txt": "<sha256>", "config.json": "<sha256>"}}

Install = unpack into a temporary folder inside the models folder, check every file's SHA-256 and the
engine's layout, then one atomic rename to ``<models>/<name>`` and an atomic rewrite of
``<models>/registry.json`` (language → engine → folder), which model lookup reads before config.yaml.
Any error leaves nothing behind: one line saying what is wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asr.exceptions import BundleError, ModelNotFound

MANIFEST = "sapa-model.json"
REGISTRY = "registry.json"
ENGINES = ("vosk", "whisper", "onnx")
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class Manifest:
    name: str
    engine: str
    language: str
    files: dict[str, str]
    licence: str = ""
    source: str = ""

    @classmethod
    def parse(cls, data: Any) -> Manifest:
        if not isinstance(data, dict):
            raise BundleError(f"{MANIFEST}: expected a JSON object")
        name, engine, language = data.get("name"), data.get("engine"), data.get("language")
        files = data.get("files")
        if not isinstance(name, str) or not NAME_RE.match(name):
            raise BundleError(
                f"{MANIFEST}: 'name' must be a folder name (letters, digits, . _ -), got {name!r}"
            )
        if engine not in ENGINES:
            raise BundleError(f"{MANIFEST}: 'engine' must be one of {', '.join(ENGINES)}, got {engine!r}")
        if not isinstance(language, str) or not LANGUAGE_RE.match(language):
            raise BundleError(
                f"{MANIFEST}: 'language' must be a language code such as ru or kk, got {language!r}"
            )
        if not isinstance(files, dict) or not files:
            raise BundleError(f"{MANIFEST}: 'files' must map every model file to its SHA-256")
        for rel, digest in files.items():
            if not _safe_relative(rel) or not (
                isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest)
            ):
                raise BundleError(
                    f"{MANIFEST}: bad entry {rel!r}: a relative path and a SHA-256 (64 hex digits)"
                )
        return cls(
            name, engine, language, dict(files), str(data.get("licence", "")), str(data.get("source", ""))
        )


def _safe_relative(rel: Any) -> bool:
    if not isinstance(rel, str) or not rel or rel.startswith(("/", "\\")):
        return False
    return ".." not in Path(rel).parts and rel != MANIFEST


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(folder: str | Path, name: str, engine: str, language: str, **extra: str) -> Path:
    """Write sapa-model.json for the files in ``folder`` (how a bundle is made on a connected machine)."""
    root = Path(folder)
    files = {
        p.relative_to(root).as_posix(): sha256_file(p)
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }
    data = {"name": name, "engine": engine, "language": language, **extra, "files": files}
    path = root / MANIFEST
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _unpack(bundle: Path, into: Path) -> None:
    name = bundle.name.lower()
    try:
        if name.endswith(".zip"):
            with zipfile.ZipFile(bundle) as archive:
                for member in archive.namelist():
                    if not _safe_relative(member.rstrip("/")) and member.rstrip("/") != MANIFEST:
                        raise BundleError(f"{bundle}: unsafe path in archive: {member}")
                archive.extractall(into)
        elif name.endswith((".tar", ".tar.gz", ".tgz", ".tar.xz", ".tar.bz2")):
            with tarfile.open(bundle) as archive:
                archive.extractall(into, filter="data")
        else:
            raise BundleError(f"{bundle}: not a model bundle (a folder, .tar, .tar.gz, .tgz or .zip)")
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError) as exc:
        raise BundleError(f"{bundle}: cannot unpack ({exc.__class__.__name__}: {exc})") from exc


def _bundle_root(folder: Path, bundle: Path) -> Path:
    if (folder / MANIFEST).is_file():
        return folder
    children = [p for p in folder.iterdir() if not p.name.startswith(".")]
    if len(children) == 1 and (children[0] / MANIFEST).is_file():
        return children[0]
    raise BundleError(f"{bundle}: not a Sapa model bundle (no {MANIFEST}; see docs/asr.md, Model bundles)")


def _check_files(root: Path, manifest: Manifest, bundle: Path) -> None:
    for rel, digest in sorted(manifest.files.items()):
        path = root / rel
        if not path.is_file():
            raise BundleError(f"{bundle}: missing file {rel} (listed in {MANIFEST})")
        if sha256_file(path) != digest:
            raise BundleError(f"{bundle}: checksum mismatch for {rel} (corrupt or altered download)")
    listed = set(manifest.files)
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel != MANIFEST and rel not in listed:
            raise BundleError(f"{bundle}: file {rel} is not listed in {MANIFEST}")


def check_layout(engine: str, folder: Path) -> str:
    """What the engine needs in a model folder; BundleError naming what is missing."""
    if engine == "vosk":
        if (
            not ((folder / "am").is_dir() or (folder / "final.mdl").is_file())
            or not (folder / "conf").is_dir()
        ):
            raise BundleError("wrong layout for a Vosk model: needs am/ (or final.mdl) and conf/")
        return "vosk"
    if engine == "whisper":
        missing = [f for f in ("model.bin", "config.json", "tokenizer.json") if not (folder / f).is_file()]
        if missing:
            raise BundleError(f"wrong layout for a faster-whisper model: missing {', '.join(missing)}")
        return "whisper"
    from asr.onnx_engine import onnx_model_kind

    try:
        return onnx_model_kind(folder)
    except ModelNotFound as exc:
        raise BundleError(f"wrong layout for an ONNX model: {exc}") from exc


def read_registry(models_dir: str | Path) -> dict[str, dict[str, Any]]:
    """{language: {engine: {"path", "name", "licence", "kind"}, "default": engine}} ({} if none);
    paths are relative to ``models_dir``."""
    path = Path(models_dir) / REGISTRY
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelNotFound(f"{path}: unreadable model registry ({exc})") from exc
    return data if isinstance(data, dict) else {}


def registered_model(models_dir: str | Path, engine: str, language: str) -> str | None:
    """The installed folder for ``engine`` and ``language`` (registry paths are inside ``models_dir``)."""
    entry = read_registry(models_dir).get(language, {}).get(engine)
    if not (isinstance(entry, dict) and entry.get("path")):
        return None
    return str(Path(models_dir) / str(entry["path"]))


def registered_engine(models_dir: str | Path, language: str) -> str | None:
    engine = read_registry(models_dir).get(language, {}).get("default")
    return str(engine) if engine in ENGINES else None


def _write_registry(models_dir: Path, registry: dict[str, Any]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".registry-", suffix=".json", dir=models_dir)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(registry, fh, ensure_ascii=False, indent=2)
    os.replace(tmp, models_dir / REGISTRY)


def install(bundle: str | Path, models_dir: str | Path) -> tuple[Manifest, Path]:
    """Check and install a bundle; returns its manifest and the installed folder."""
    source, target_dir = Path(bundle), Path(models_dir)
    if not source.exists():
        raise BundleError(f"{source}: no such file or folder")
    target_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=target_dir))
    try:
        if source.is_dir():
            unpacked = staging / "bundle"
            shutil.copytree(_bundle_root(source, source), unpacked, symlinks=False)
            root = unpacked
        else:
            _unpack(source, staging / "bundle")
            root = _bundle_root(staging / "bundle", source)
        try:
            manifest = Manifest.parse(json.loads((root / MANIFEST).read_text(encoding="utf-8")))
        except ValueError as exc:
            raise BundleError(f"{source}: {MANIFEST} is not valid JSON ({exc})") from exc
        _check_files(root, manifest, source)
        try:
            kind = check_layout(manifest.engine, root)
        except BundleError as exc:
            raise BundleError(f"{source}: {exc}") from exc
        final = target_dir / manifest.name
        _swap_in(root, final, staging)
        registry = read_registry(target_dir)
        entry = {"path": manifest.name, "name": manifest.name, "licence": manifest.licence, "kind": kind}
        registry.setdefault(manifest.language, {})[manifest.engine] = entry
        registry[manifest.language]["default"] = manifest.engine
        _write_registry(target_dir, registry)
        return manifest, final
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap_in(root: Path, final: Path, staging: Path) -> None:
    """Rename the checked folder into place; an older install of the same name is replaced atomically."""
    if final.exists():
        old = staging / "previous"
        os.replace(final, old)
        try:
            os.replace(root, final)
        except OSError:
            os.replace(old, final)
            raise
    else:
        os.replace(root, final)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else 0
