"""Decrypt every page of a SQLCipher 4 file (and every frame of its -wal) with the raw key, free pages
included: what is left in the file, not what a query can see.

SQLCipher 4 defaults: 4096-byte pages, AES-256-CBC, 80 reserved bytes at the end of each page (a 16-byte
IV, then the HMAC). Page 1 starts with the 16-byte salt. A raw `x'…'` key is the AES key itself.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80
WAL_HEADER = 32
FRAME_HEADER = 24


def decrypt_page(key: bytes, page: bytes, number: int) -> bytes:
    start = 16 if number == 1 else 0
    iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[start : PAGE - RESERVE]) + decryptor.finalize()


def plaintext_of(path: Path, key: bytes) -> bytes:
    """All decrypted pages of the database file and of its -wal, one after the other."""
    out = bytearray()
    data = path.read_bytes()
    for n in range(len(data) // PAGE):
        out += decrypt_page(key, data[n * PAGE : (n + 1) * PAGE], n + 1)
    wal = Path(str(path) + "-wal")
    if wal.exists():
        raw = wal.read_bytes()
        offset = WAL_HEADER
        while offset + FRAME_HEADER + PAGE <= len(raw):
            number = int.from_bytes(raw[offset : offset + 4], "big")
            out += decrypt_page(key, raw[offset + FRAME_HEADER : offset + FRAME_HEADER + PAGE], number)
            offset += FRAME_HEADER + PAGE
    return bytes(out)
