"""Pure sync rules: names, backoff with jitter, what a failure means, the status line."""

from __future__ import annotations

import random
from datetime import datetime

from ipterm.domain.messages import from_stored, to_stored
from ipterm.domain.sync import (
    ErrorKind,
    SyncStatus,
    backoff_seconds,
    backup_remote_name,
    charges_attempt,
    is_temp_name,
    remote_name,
    stops_pass,
    temp_name,
)
from ipterm.sync.destinations import _listing
from ipterm.sync.errors import from_status, no_connection


def test_remote_names_are_stable_per_content_and_safe() -> None:
    assert remote_name("ip-3-plan-2026-11-22.pdf", "ab" * 32) == "ip-3-plan-2026-11-22-abababababab.pdf"
    assert remote_name("ip-3-fhir-2026-11-22.fhir.json", "cd" * 32).endswith("-cdcdcdcdcdcd.fhir.json")
    assert remote_name("ip 3/../x.pdf", "ef" * 32) == "ip_3_.._x-efefefefefef.pdf"
    assert remote_name("ip-3-plan.pdf", "ab" * 32) == remote_name("ip-3-plan.pdf", "ab" * 32)
    assert remote_name("ip-3-plan.pdf", "ab" * 32) != remote_name("ip-3-plan.pdf", "ac" * 32)
    assert backup_remote_name(datetime(2026, 11, 22, 9, 5), "12" * 32) == (
        "ipterm-sikkerhetskopi-2026-11-22-0905-121212121212.db"
    )


def test_temporary_names_are_hidden_unique_and_not_dot_part() -> None:
    a, b = temp_name("x.pdf", "aaaa"), temp_name("x.pdf", "bbbb")
    assert a != b and a.startswith(".x.pdf.") and is_temp_name(a)
    assert not a.endswith(".part")  # Nextcloud refuses uploads named *.part
    assert not is_temp_name("x.pdf") and not is_temp_name(".hidden")


def test_backoff_grows_with_jitter_and_is_capped() -> None:
    rng = random.Random(0)
    first = [backoff_seconds(1, rng) for _ in range(200)]
    assert min(first) >= 2.5 and max(first) <= 7.5 and len({round(x, 3) for x in first}) > 100  # jittered
    assert all(10 <= backoff_seconds(3, rng) <= 30 for _ in range(50))
    assert all(1800 <= backoff_seconds(n, rng) <= 5400 for n in (20, 100, 10_000))


def test_what_a_failure_means() -> None:
    assert not charges_attempt(ErrorKind.OFFLINE) and charges_attempt(ErrorKind.SERVER)
    assert stops_pass(ErrorKind.OFFLINE) and stops_pass(ErrorKind.AUTH) and stops_pass(ErrorKind.FULL)
    assert not stops_pass(ErrorKind.REFUSED)  # one file the server does not take; the others may go
    assert from_status(507).kind is ErrorKind.FULL and "ikke plass på serveren" in from_status(507).message("nb")
    assert from_status(401).message("nb") == "Feil brukernavn eller passord."
    assert from_status(401).message("en") == "Wrong user name or password."
    assert from_status(503).kind is ErrorKind.SERVER and from_status(302).kind is ErrorKind.REFUSED


def test_status_line_in_both_languages() -> None:
    offline = SyncStatus(configured=True, queued=3, last_error=no_connection().msg, offline=True)
    assert offline.label().render("nb") == "Synk: frakoblet – 3 i kø"
    assert offline.label().render("en") == "Sync: offline – 3 queued"
    stored = to_stored(from_status(507).msg)  # as the worker keeps it in the outbox row
    failed = SyncStatus(configured=True, queued=1, failed=1, last_error=from_stored(stored))
    assert failed.label().render("nb") == "Synk: 2 i kø – feilet: " + from_status(507).message("nb")
    assert failed.label().render("en") == "Sync: 2 queued – failed: " + from_status(507).message("en")
    assert from_status(507).message("en") != from_status(507).message("nb")
    assert SyncStatus(configured=True, sending=2, queued=1).label().render("nb") == "Synk: sender … (3 igjen)"
    sent = SyncStatus(configured=True, sent=4, last_sent_at=datetime(2026, 11, 22, 14, 2))
    assert sent.label().render("nb") == "Synk: alt sendt, sist 22.11. 14:02"
    assert SyncStatus(configured=False).label().render("en") == "Sync: not set up"
    assert "ikkje" in SyncStatus(configured=False).label().render("nn")


def test_propfind_listing_is_read_without_entities() -> None:
    body = (
        b'<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">'
        b"<d:response><d:href>/dav/ipterm/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/>"
        b"</d:resourcetype></d:prop></d:propstat></d:response>"
        b"<d:response><d:href>/dav/ipterm/a%20b.pdf</d:href><d:propstat><d:prop><d:getcontentlength>12"
        b"</d:getcontentlength><d:resourcetype/></d:prop></d:propstat></d:response>"
        b"<d:response><d:href>http://h/dav/ipterm/sub/</d:href><d:propstat><d:prop><d:resourcetype>"
        b"<d:collection/></d:resourcetype></d:prop></d:propstat></d:response>"
        b"</d:multistatus>"
    )
    assert {k: v[0] for k, v in _listing(body, "/dav/ipterm/").items()} == {"a b.pdf": 12}
    assert _listing(b'<!DOCTYPE x [<!ENTITY a "b">]><x/>', "/") is None
    assert _listing(b"not xml", "/") is None


def test_one_time_passphrases_are_long_enough_and_easy_to_type() -> None:
    import math
    import re

    from ipterm.domain.passphrase import MIN_BITS, WORDS, normalise, one_time_passphrase

    assert all(re.fullmatch("[a-zæøå]{3,9}", w) for w in WORDS) and len(set(WORDS)) == len(WORDS)
    phrase = one_time_passphrase()
    assert len(phrase.split("-")) * math.log2(len(WORDS)) >= MIN_BITS
    assert normalise("  " + phrase.upper().replace("-", "  ") + " ") == phrase


def test_without_a_ca_file_the_systems_certificate_store_is_trusted() -> None:
    """A municipality's TLS-inspection certificate lives in the system store, not in certifi's bundle."""
    import ssl

    import truststore

    from ipterm.services.sync_services import _verify

    context = _verify({"destination": "webdav", "url": "https://sky.kommune.example/dav"})
    assert isinstance(context, truststore.SSLContext)
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
