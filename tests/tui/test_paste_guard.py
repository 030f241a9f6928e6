"""A bracketed paste with escape sequences in it stays one paste: nothing in it becomes a key press."""

from __future__ import annotations

from textual import events
from textual._xterm_parser import XTermParser

from ipterm.tui import paste_guard
from ipterm.tui.paste_guard import END, START, PasteGuard

HOSTILE = "A \x1b]0;pwned\x07 B\x1b[2J C \x11 D \x0c E"  # title, clear screen, Ctrl+Q, Ctrl+L inside


def parsed(chunks: list[str], *, guarded: bool) -> list[events.Event]:
    # Textual's own feed, also when another test in this process has installed the guard already.
    feed = getattr(XTermParser.feed, "_ipterm_original", XTermParser.feed)
    parser = XTermParser()
    guard = PasteGuard()
    out: list[events.Event] = []
    for chunk in chunks:
        out += list(feed(parser, guard(chunk) if guarded else chunk))
    return out


def test_textual_alone_turns_part_of_such_a_paste_into_keys() -> None:
    """Why the guard exists; when Textual fixes this, this test fails and the guard can go."""
    got = parsed([START + HOSTILE + END], guarded=False)
    assert any(isinstance(e, events.Key) for e in got)


def test_guarded_the_paste_arrives_whole_in_order_and_no_key_fires() -> None:
    got = parsed([START + HOSTILE + END], guarded=True)
    assert not [e for e in got if isinstance(e, events.Key)]
    [paste] = [e for e in got if isinstance(e, events.Paste)]
    assert [paste.text.index(x) for x in "ABCDE"] == sorted(paste.text.index(x) for x in "ABCDE")
    assert "pwned" in paste.text and "\x1b" not in paste.text


def test_markers_split_across_reads_and_keys_around_the_paste() -> None:
    data = "x" + START + HOSTILE + END + "y"
    for cut in range(1, len(data)):
        if cut == 2:
            continue  # a read ending in the marker's lone ESC: that could be the Escape key, never held back
        got = parsed([data[:cut], data[cut:]], guarded=True)
        keys = [e.character for e in got if isinstance(e, events.Key)]
        pastes = [e.text for e in got if isinstance(e, events.Paste)]
        assert keys == ["x", "y"], (cut, keys)
        assert len(pastes) == 1 and "pwned" in pastes[0], cut


def test_an_escape_key_outside_a_paste_is_not_held_back() -> None:
    guard = PasteGuard()
    assert guard("\x1b") == "\x1b"
    assert guard("\x1b[A") == "\x1b[A"


def test_install_puts_the_guard_in_front_of_the_parser() -> None:
    paste_guard.install()
    assert parsed([START + HOSTILE + END], guarded=False) != []  # Textual's own feed is still reachable
    paste_guard.install()  # idempotent
    got = list(XTermParser().feed(START + HOSTILE + END))
    assert not [e for e in got if isinstance(e, events.Key)]
