"""Property: whatever text two cases hold (any script, long or short, shared words), erasing one leaves
none of its words in the decrypted pages and every one of the other's."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ipterm.services import FixedClock, Services
from ipterm.services.erasure_services import ErasureServices
from ipterm.store.database import Store
from tests.conftest import TEST_KEY, TODAY
from tests.profiles import DEEP, examples
from tests.store.raw_pages import plaintext_of

_words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=0, max_size=300).filter(
    lambda t: "GONE" not in t.upper() and "KEPT" not in t.upper()
)


@settings(max_examples=examples(100) if DEEP else 8)  # each example builds and erases a database
@given(texts=st.lists(_words, min_size=1, max_size=6), filler=st.integers(0, 3000))
def test_erasure_leaves_no_marker_whatever_the_text(texts: list[str], filler: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ipterm.db"
        services = Services(Store.open(path, key=TEST_KEY, create=True), FixedClock(TODAY))
        try:
            gone = services.create_case("Slett Meg", coordinator="K")
            kept = services.create_case("Behold Meg", coordinator="K")
            for n, text in enumerate(texts):
                services.add_note(gone.id, f"{text} GONE{n}Q{'x' * filler}")
                services.add_note(kept.id, f"{text} KEPT{n}Q")
            services.close_case(gone.id)
            ErasureServices(services).erase(gone.id)
            raw = plaintext_of(path, TEST_KEY)
            for n in range(len(texts)):
                assert f"GONE{n}Q".encode() not in raw.upper()
                assert f"KEPT{n}Q".encode() in raw
        finally:
            services.store.close()
