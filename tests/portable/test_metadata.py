"""Honest packaging: one version, the licence text in the wheel, and floors that really work (the lowest
allowed versions are run by the CI's lowest-versions step; here the floors themselves are pinned down)."""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import subprocess
import tomllib
import zipfile
from pathlib import Path

import pytest

import ipterm

ROOT = Path(__file__).resolve().parent.parent.parent


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def floor(name: str) -> tuple[int, ...]:
    for spec in project()["dependencies"]:
        found = re.fullmatch(rf"{re.escape(name)}>=([\d.]+).*", spec.split("#")[0].strip())
        if found:
            return tuple(int(p) for p in found.group(1).split("."))
    raise AssertionError(f"no floor for {name}")


def test_the_version_is_written_once() -> None:
    assert "version" not in project() and "version" in project()["dynamic"]
    assert importlib.metadata.version("ipterm") == ipterm.__version__


def test_floors_are_the_versions_that_work() -> None:
    assert floor("cryptography") >= (44,)  # 43 has no Argon2id
    assert floor("typst") >= (0, 15)  # 0.13 refuses "a-2a"; 0.14 takes it only without "ua-1"
    assert floor("psutil") >= (5, 9, 4)  # older ones have no wheels for Python 3.11


def test_licence_file_is_the_full_eupl() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.lstrip().startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    for heading in ("1. Definitions", "5. Obligations of the Licensee", "15. Applicable Law", "Appendix"):
        assert heading in text
    assert project()["license"] == "EUPL-1.2" and project()["license-files"] == ["LICENSE"]


def test_changelog_names_this_version() -> None:
    assert f"## {ipterm.__version__}" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_wheel_carries_the_licence_and_the_version(tmp_path: Path) -> None:
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is needed to build the wheel")
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(tmp_path), str(ROOT)], check=True, capture_output=True, timeout=300
    )
    (wheel,) = tmp_path.glob("ipterm-*.whl")
    assert wheel.name.startswith(f"ipterm-{ipterm.__version__}-")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (licence,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        assert archive.read(licence) == (ROOT / "LICENSE").read_bytes()
        (meta,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = archive.read(meta).decode("utf-8")
    assert "License-Expression: EUPL-1.2" in metadata and f"Version: {ipterm.__version__}" in metadata
