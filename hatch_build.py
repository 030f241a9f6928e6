"""Compile the message catalogues (.po) into .mo files inside the wheel; they are never committed."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogueBuildHook(BuildHookInterface):
    PLUGIN_NAME = "catalogues"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads the .po files directly
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        out = Path(tempfile.mkdtemp(prefix="ipterm-mo-"))
        for po in sorted(Path(self.root, "data", "locales").glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as file:
                catalog = read_po(file)
            buffer = io.BytesIO()
            write_mo(buffer, catalog, use_fuzzy=False)
            relative = po.relative_to(Path(self.root, "data")).with_suffix(".mo")
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(buffer.getvalue())
            build_data["force_include"][str(target)] = f"ipterm/_shipped/data/{relative.as_posix()}"
