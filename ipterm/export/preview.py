"""A document as plain lines, for showing an extract on screen before it is made ("Vis som mottaker").

It reads the same payload the PDF template gets, so what the screen shows is what the PDF will hold.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ipterm.domain.models import CaseFile


def _cell(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if "lines" in value:
            return " / ".join(line[0] for line in value["lines"] if line[0])
        return " – ".join(p for p in (value.get("text", ""), value.get("sub", "")) if p)
    return str(value)


def _goal(item: dict[str, Any], indent: str) -> list[str]:
    quoted = f"«{item['text']}»" if item.get("quote") else item["text"]
    meta = f" ({item['meta']})" if item.get("meta") else ""
    out = [f"{indent}{item['label']} {quoted}{meta}".rstrip()]
    for child in item.get("children", []):
        out += _goal(child, indent + "  ")
    return out


def payload_lines(payload: dict[str, Any]) -> list[str]:
    """The document's text, one line per heading, paragraph, fact or table row."""
    meta = payload["meta"]
    out = [f"{meta['kind']} – {meta['person']}", ""]
    for block in payload["blocks"]:
        kind = block["type"]
        if kind == "heading":
            letter = f"{block['letter']}) " if block.get("letter") else ""
            out += ["", f"{letter}{block['text']}" if block["level"] == 1 else f"  {block['text']}"]
        elif kind == "para":
            out.append(f"  {block['text']}")
        elif kind == "facts":
            out += [f"  {k}: {_cell(v)}" for k, v in block["rows"]]
        elif kind == "table":
            if not block["rows"] and block["empty"]:
                out.append(f"  {block['empty']}")
            out += ["  · " + " | ".join(c for c in (_cell(x) for x in row) if c) for row in block["rows"]]
        elif kind == "items":
            if not block["items"] and block["empty"]:
                out.append(f"  {block['empty']}")
            for item in block["items"]:
                out += _goal(item, "  ")
        elif kind == "entries":
            if not block["items"] and block["empty"]:
                out.append(f"  {block['empty']}")
            for item in block["items"]:
                out.append(
                    f"  · {item['title']}"
                    + (f" ({item['meta'] or item['flag']})" if item["meta"] or item["flag"] else "")
                )
                out += [f"      {a + ': ' if a else ''}{b}" for a, b in item["lines"]]
        elif kind == "notice":
            out.append(f"  [{block['title']}] {block['text']}".rstrip())
            out += [f"    {a} {b}".rstrip() for a, b in block["items"]]
        elif kind == "enum":
            if not block["items"] and block["empty"]:
                out.append(f"  {block['empty']}")
            out += [f"  {n}. {item}" for n, item in enumerate(block["items"], 1)]
        elif kind == "log":
            out += [f"  {a}  {b}" for a, b in block["rows"]]
    return out


def preview_lines(
    kind: str,
    case_file: CaseFile,
    today: date,
    *,
    recipient_member_id: int | None = None,
    recipient_related_id: int | None = None,
    meeting_id: int | None = None,
) -> list[str]:
    """The lines of a plan or minutes extract for a recipient, built by the same code as the PDF.

    Raises:
        NoConsentError, NotFoundError, ValidationError: as `ipterm.export.render` does.
    """
    from ipterm.domain.scoping import apply_scope, member_recipient, recipient_scope, related_recipient
    from ipterm.export import _meeting_for_minutes
    from ipterm.export.documents import DocumentContext, text

    recipient = (
        member_recipient(case_file, recipient_member_id)
        if recipient_member_id is not None
        else related_recipient(case_file, recipient_related_id)
    )
    scope = recipient_scope(case_file, recipient, today)
    ctx = DocumentContext(apply_scope(case_file, scope), today, full=case_file, scope=scope,
                          recipient_label=text(recipient.label))  # fmt: skip
    if kind == "minutes":
        from ipterm.export.meeting_documents import minutes_payload

        chosen = _meeting_for_minutes(case_file, meeting_id, scope, ctx.recipient_label)
        return payload_lines(minutes_payload(ctx, chosen))
    from ipterm.export.plan_document import plan_payload

    return payload_lines(plan_payload(ctx))
