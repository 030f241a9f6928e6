"""Peer tools the benchmarks compare against, installed from Debian when missing (as root)."""

from __future__ import annotations

import os
import shutil
import subprocess


def ensure_debian_tool(package: str, *commands: str) -> str:
    """The path of the first of `commands` found, installing `package` with apt-get first if needed.

    Raises:
        SystemExit: the tool is missing and cannot be installed here (bench/run reports it as not run).
    """
    found = next((path for c in commands if (path := shutil.which(c))), None)
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"installing {package} from Debian …", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-qq", package]
        if subprocess.run(install, env=env, capture_output=True, check=False).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, check=False)
            subprocess.run(install, env=env, capture_output=True, check=False)
        found = next((path for c in commands if (path := shutil.which(c))), None)
    if found is None:
        raise SystemExit(f"{commands[0]} is not installed: sudo apt-get install {package}")
    return found
