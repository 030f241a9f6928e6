"""Pure domain: dataclasses, enums, rules and validation. No I/O, no SQL, no Textual."""
