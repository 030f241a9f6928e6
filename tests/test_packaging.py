"""The wheel carries the templates, demo data, locales and themes a fresh install needs."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_contains_shipped_data(tmp_path: Path) -> None:
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is needed to build the wheel")
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(tmp_path), str(ROOT)], check=True, capture_output=True, timeout=300
    )
    wheel = next(tmp_path.glob("ipterm-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "ipterm/_shipped/data/demo/cases.toml" in names
    assert any(n.startswith("ipterm/_shipped/data/templates/") and n.endswith(".typ") for n in names)
    assert any(n.startswith("ipterm/_shipped/themes/") and n.endswith(".toml") for n in names)
    assert "ipterm/store/migrations/0001_initial.sql" in names
    assert not any("tests/" in n or n.startswith("bench/") for n in names)


@pytest.mark.slow
def test_fresh_venv_install_runs_the_demo_from_the_wheel(tmp_path: Path) -> None:
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is needed")
    venv = tmp_path / "venv"
    subprocess.run([uv, "venv", "-q", str(venv)], check=True, timeout=120)
    subprocess.run(
        [uv, "pip", "install", "-q", "--python", str(venv / "bin" / "python"), str(ROOT)],
        check=True,
        timeout=600,
        capture_output=True,
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "IPTERM_DATA_DIR": str(tmp_path / "data"),
        "IPTERM_LOG_DIR": str(tmp_path / "log"),
    }
    result = subprocess.run(
        [str(venv / "bin" / "ipterm"), "--demo", "cases"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "saker" in result.stdout
    shipped = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "from ipterm import paths; print(paths.demo_data_file())"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    ).stdout
    assert "site-packages/ipterm/_shipped/data" in shipped
