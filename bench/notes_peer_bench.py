"""Encrypted notes peer: "add one entry" in ipterm and in jrnl (encrypted journal), at 1,000 and 10,000
entries, each as its command-line tool is used (process start, key derivation, write).

jrnl keeps an encrypted journal as one file and rewrites all of it for every entry; ipterm writes one
encrypted page. jrnl and a file keyring for its password are installed into a throwaway venv.

    uv run python bench/notes_peer_bench.py [--sizes 1000 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import Figure, table

from ipterm.domain.models import Note
from ipterm.services import Services
from ipterm.store.database import Store

PASSPHRASE = "en lang nok passordfrase"

ENCRYPT_JOURNAL = r"""
import sys
from jrnl.encryption import determine_encryption_method_for_writing
enc = determine_encryption_method_for_writing(True)("default", {})
enc.password = sys.argv[2]
text = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[1], "wb").write(enc.encrypt(text))
"""


def jrnl_env(tmp: Path) -> tuple[Path, dict[str, str]]:
    venv = tmp / "jrnl-venv"
    uv = shutil.which("uv")
    if uv is None:
        sys.exit("uv is needed to install jrnl into a throwaway venv")
    subprocess.run([uv, "venv", "-q", str(venv)], check=True)
    subprocess.run(
        [uv, "pip", "install", "-q", "--python", str(venv / "bin" / "python"), "jrnl==4.6", "keyrings.alt"], check=True
    )
    env = {
        **os.environ,
        "HOME": str(tmp / "home"),
        "XDG_CONFIG_HOME": str(tmp / "home" / ".config"),
        "XDG_DATA_HOME": str(tmp / "home" / ".local" / "share"),
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
    }
    (tmp / "home").mkdir(exist_ok=True)
    subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            f"import keyring; keyring.set_password('jrnl', 'default', {PASSPHRASE!r})",
        ],
        env=env,
        check=True,
    )
    return venv, env


def jrnl_journal(venv: Path, env: dict[str, str], folder: Path, entries: int) -> Path:
    folder.mkdir(parents=True)
    journal = folder / "journal.txt"
    start = datetime(2025, 1, 1, 9, 0)
    with journal.open("w", encoding="utf-8") as handle:
        for n in range(entries):
            at = start + timedelta(hours=n)
            handle.write(f"[{at:%Y-%m-%d %H:%M}] Telefon med skolen nr {n}.\nAvtalt oppfølging neste uke.\n\n")
    subprocess.run([str(venv / "bin" / "python"), "-c", ENCRYPT_JOURNAL, str(journal), PASSPHRASE], env=env, check=True)
    config = folder / "jrnl.yaml"
    config.write_text(
        "colors: {body: none, date: none, tags: none, title: none}\ndefault_hour: 9\ndefault_minute: 0\n"
        "editor: ''\nencrypt: true\nhighlight: false\nindent_character: '|'\n"
        f"journals:\n  default:\n    journal: {journal}\n    encrypt: true\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\nversion: v4.6\n",
        encoding="utf-8",
    )
    return config


def ipterm_database(data_dir: Path, entries: int) -> None:
    store = Store.create(data_dir / "ipterm.db", PASSPHRASE)
    services = Services(store)
    case = services.create_case("Benchmark Person")
    start = datetime(2025, 1, 1, 9, 0)
    with store.transaction():
        for n in range(entries):
            store.notes.add(
                Note(
                    case_id=case.id,
                    text=f"Telefon med skolen nr {n}. Avtalt oppfølging neste uke.",
                    written_at=start + timedelta(hours=n),
                )
            )
    store.close()


def timed(cmd: list[str], env: dict[str, str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = subprocess.run(cmd, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        if result.returncode != 0:
            sys.exit(f"{cmd[0]} failed: {result.stderr[-500:]}")
    return statistics.median(times) * 1000


def figures(*, sizes: tuple[int, ...] = (1000, 10000), repeat: int = 5) -> list[Figure]:
    ipterm = shutil.which("ipterm") or str(Path(sys.executable).parent / "ipterm")
    rows = []
    print(f"notes peer: jrnl vs ipterm at {', '.join(f'{s:,}' for s in sizes)} entries", flush=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        venv, env = jrnl_env(tmp)
        for size in sizes:
            config = jrnl_journal(venv, env, tmp / f"jrnl-{size}", size)
            jrnl_ms = timed(
                [str(venv / "bin" / "jrnl"), "--config-file", str(config), "Telefon med læreren. Avtalt nytt møte."],
                env,
                repeat,
            )
            data_dir = tmp / f"ipterm-{size}"
            ipterm_database(data_dir, size)
            ienv = {
                **os.environ,
                "IPTERM_DATA_DIR": str(data_dir),
                "IPTERM_PASSPHRASE": PASSPHRASE,
                "IPTERM_LOG_DIR": str(tmp / "log"),
            }
            ipterm_ms = timed([ipterm, "note", "1", "Telefon med læreren. Avtalt nytt møte."], ienv, repeat)
            rows.append((size, ipterm_ms, jrnl_ms))
    out = [
        Figure(f"add one encrypted note, {size:,} entries (CLI)", f"{ours:.0f} ms", "", f"jrnl {theirs:.0f} ms",
               f"{ours / theirs:.2f}x")
        for size, ours, theirs in rows
    ]  # fmt: skip
    if len(rows) >= 2:
        ours_growth, theirs_growth = rows[-1][1] / rows[0][1], rows[-1][2] / rows[0][2]
        out.append(
            Figure(
                f"growth {rows[0][0]:,} -> {rows[-1][0]:,} entries",
                f"{ours_growth:.2f}x",
                "flat",
                f"jrnl {theirs_growth:.2f}x",
                "",
                ours_growth < 1.2,
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(
        table(
            figures(sizes=tuple(args.sizes), repeat=args.repeat),
            "add one entry to an encrypted store from the command line (process start and KDF included)",
        )
    )


if __name__ == "__main__":
    main()
