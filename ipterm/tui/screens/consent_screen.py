"""A consent opened: what it shares, with whom, until when; and "Vis som mottaker", an extract on screen.

The preview is built by the same code as the PDF (`ipterm.export.preview`), so what the coordinator
reads here is what the recipient will get.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from ipterm import i18n
from ipterm.domain.dates import format_date
from ipterm.domain.errors import IptermError
from ipterm.domain.models import ALL_KINDS, CaseFile, Consent, InfoKind
from ipterm.domain.scoping import Recipient, kinds_text, member_recipient, related_recipient
from ipterm.export import labels
from ipterm.i18n import N_, _, error_text
from ipterm.services import Services
from ipterm.tui.display import case_masker, initials, masked_text, safe
from ipterm.tui.keymap import bind
from ipterm.tui.screens.base import IptermModal, IptermScreen
from ipterm.tui.widgets.key_bar import KeyBar


def _services(cf: CaseFile, consent: Consent) -> str:
    """The services a consent is limited to ("mottakerens egen tjeneste, BUP Sjøvik"); "" for every service."""
    if not (consent.own_measures_only or consent.service_member_ids):
        return ""
    services = [_("mottakerens egen tjeneste")] if consent.own_measures_only else []
    services += [m.organisation or m.name for m in cf.members if m.id in consent.service_member_ids]
    return ", ".join(services)


def consent_services_text(cf: CaseFile, consent: Consent) -> str:
    """What the consent list says of a consent's kinds and services: "skole og barnehage; fra mottakerens
    egen tjeneste, BUP Sjøvik" (every kind and every service said too, so nothing is taken for granted)."""
    services = _services(cf, consent)
    return "; ".join(
        (
            str(kinds_text(consent.kinds)),
            _("fra {services}", services=services) if services else _("fra alle tjenester"),
        )
    )


def consent_recipients(cf: CaseFile, consent: Consent) -> list[Recipient]:
    out = [member_recipient(cf, m) for m in consent.recipient_member_ids if cf.member(m) is not None]
    known = {r.id for r in cf.related}
    out += [related_recipient(cf, r) for r in consent.recipient_related_ids if r in known]
    return out


def consent_lines(cf: CaseFile, consent: Consent, today: date, *, privacy: bool) -> Text:
    """The consent in words: given, valid, covers (parts, kinds, services), recipients, original."""
    numbers, related_numbers = cf.member_numbers(), cf.related_numbers()
    out = Text()

    def line(label: str, value: str | Text, style: str = "") -> None:
        out.append(f"{label}: ", style="bold")
        out.append(value if isinstance(value, Text) else safe(value, style=style))
        out.append("\n")

    line(_("Gitt"), f"{format_date(consent.given_on)}, {i18n.label(consent.method)}"
         + (f", {_('av')} {consent.given_by}" if consent.given_by else ""))  # fmt: skip
    if consent.withdrawn_on is not None and consent.withdrawn_on <= today:
        line(_("Status"), _("TRUKKET {withdrawn_on}", withdrawn_on=format_date(consent.withdrawn_on)), "bold red")
    elif not consent.is_valid_on(today):
        line(_("Status"), _("UTLØPT {expires_on}", expires_on=format_date(consent.expires_on)), "bold red")  # fmt: skip
    else:
        until = format_date(consent.expires_on) if consent.expires_on else _("uten utløpsdato")
        line(_("Gyldig til"), until)
    line(
        _("Samtykke til at planen lages"),
        _("ja") if consent.covers_plan else _("nei"),
    )
    parts = labels.sections_text(consent.sections) if consent.sections else _("planen")
    line(_("Omfatter"), parts)
    if set(consent.kinds) >= set(ALL_KINDS):
        kinds = _("alle typer opplysninger")
    else:
        kinds = ", ".join(i18n.label(k) for k in ALL_KINDS if k in consent.kinds) or _(
            "ingen taushetsbelagte opplysninger"
        )
    line(_("Typer opplysninger"), kinds)
    line(_("Fra tjenestene"), _services(cf, consent) or _("alle"))
    out.append(_("Mottakere:\n"), style="bold")
    for r in consent_recipients(cf, consent):
        number = str(numbers[r.member_id]) if r.member_id is not None else f"p{related_numbers[r.related_id]}"
        outside = "" if r.member_id is not None else _(" (utenfor gruppen)")
        shown = initials(r.name) if privacy else r.label
        out.append(f"  {number:>3}  ")
        out.append(safe(shown + outside))
        out.append("\n")
    if consent.scope_text:
        line(_("Omfang (tekst)"), consent.scope_text)
    if consent.original_location:
        line(_("Signert original"), consent.original_location)
    # Privacy mode: who gave it, the scope text, where the original is: all free text naming the case's people.
    return masked_text(out, case_masker(cf)) if privacy else out


class ConsentScreen(IptermScreen):
    """One consent, opened from the consents tab. `p` previews the first (or next) recipient's extract."""

    DEFAULT_CSS = """
    ConsentScreen #consent-body { padding: 1 2; height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("escape", "back", "consent.back", N_("Tilbake")),
        bind("p", "preview", "consent.preview", N_("Vis som mottaker")),
    ]

    def __init__(self, services: Services, case_id: int, consent_id: int) -> None:
        super().__init__()
        self.services = services
        self.case_id = case_id
        self.consent_id = consent_id
        self._next = 0

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="consent-body")
        yield KeyBar()

    def on_mount(self) -> None:
        cf = self.services.case_file(self.case_id)
        consent = next(c for c in cf.consents if c.id == self.consent_id)
        self.query_one("#consent-body", Static).update(
            consent_lines(cf, consent, self.services.today(), privacy=self.privacy)
        )

    def action_back(self) -> None:
        self.dismiss(None)

    def action_preview(self) -> None:
        cf = self.services.case_file(self.case_id)
        consent = next(c for c in cf.consents if c.id == self.consent_id)
        recipients = consent_recipients(cf, consent)
        if not recipients:
            self.notify(_("Samtykket nevner ingen mottakere."))
            return
        chosen = recipients[self._next % len(recipients)]
        self._next += 1
        self.app.push_screen(PreviewScreen(self.services, self.case_id, chosen))


class PreviewScreen(IptermScreen):
    """Vis som mottaker: the extract a recipient would get, on screen, before it is made.

    `r` switches between the plan and the minutes of the last meeting; `e` makes the export.
    """

    DEFAULT_CSS = """
    PreviewScreen #preview-title { height: 1; padding: 0 1; text-style: bold; }
    PreviewScreen #preview-body { padding: 0 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("escape", "back", "preview.back", N_("Tilbake")),
        bind("r", "switch", "preview.switch", N_("Plan/referat")),
        bind("e", "export", "preview.export", N_("Lag utdraget")),
    ]

    def __init__(self, services: Services, case_id: int, recipient: Recipient, kind: str = "plan") -> None:
        super().__init__()
        self.services = services
        self.case_id = case_id
        self.recipient = recipient
        self.kind = kind
        self.shown = ""

    def compose(self) -> ComposeResult:
        yield Static(id="preview-title")
        with VerticalScroll():
            yield Static(id="preview-body")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show()

    def refresh_data(self) -> None:
        """F12 (and a change elsewhere) redraws the preview: masked or not, as the bar on top says."""
        self._show()

    def _show(self) -> None:
        from ipterm.export.preview import preview_lines

        what = _("planen") if self.kind == "plan" else _("referat")
        name = initials(self.recipient.name) if self.privacy else self.recipient.label
        title = Text(_("Vis som mottaker – "))
        title.append(safe(f"{name} ({what})"))
        self.query_one("#preview-title", Static).update(title)
        body = self.query_one("#preview-body", Static)
        try:
            lines = preview_lines(
                self.kind,
                self.services.case_file(self.case_id),
                self.services.today(),
                recipient_member_id=self.recipient.member_id,
                recipient_related_id=self.recipient.related_id,
            )
        except IptermError as exc:
            said = error_text(exc)
            if self.privacy:
                said = case_masker(self.services.case_file(self.case_id))(said)
            body.update(Text(said, style="bold red"))
            return
        if self.privacy:  # names and contacts masked, as everywhere else on screen in privacy mode
            masker = case_masker(self.services.case_file(self.case_id))
            lines = [masker(line) for line in lines]
        text = Text()
        for line in lines:
            text.append(safe(line))
            text.append("\n")
        self.shown = text.plain  # what the body holds, also below the fold
        body.update(text)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_switch(self) -> None:
        self.kind = "minutes" if self.kind == "plan" else "plan"
        self._show()

    def action_export(self) -> None:
        try:
            stored = self.services.exports.export(
                self.case_id,
                self.kind,
                recipient_member_id=self.recipient.member_id,
                recipient_related_id=self.recipient.related_id,
                allow_incomplete=True,
            )
        except IptermError as exc:
            self.notify(error_text(exc), severity="error")
            return
        self.notify(_("Eksport lagret: {filename}.", filename=stored.rendered.filename))


class KindDialog(IptermModal):
    """Choose an item's kind of information: 0 = the responsible service's, 1-6 one of the kinds.

    Returns "" for the service's kind, an InfoKind value, or None when cancelled."""

    DEFAULT_CSS = """
    KindDialog { align: center middle; }
    #kind-box { width: 64; max-width: 95%; height: auto; border: thick $accent; background: $panel; padding: 1 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("escape", "cancel", "kind.cancel", N_("Avbryt")),
        *[bind(str(n), f"choose({n})", f"kind.{n}", N_("Velg nummeret"), show=False) for n in range(7)],
    ]

    def __init__(self, what: str, current: InfoKind | None) -> None:
        super().__init__()
        self.what = what
        self.current = current

    def compose(self) -> ComposeResult:
        text = Text()
        text.append(_("Hva slags opplysning er dette?\n"), style="bold")
        text.append(safe(self.what[:120]))
        text.append("\n\n")
        mark = "•" if self.current is None else " "
        text.append(f" {mark} 0  " + _("som tjenesten som har ansvaret") + "\n")
        for n, kind in enumerate(ALL_KINDS, 1):
            mark = "•" if kind is self.current else " "
            text.append(f" {mark} {n}  {i18n.label(kind)}\n")
        with Vertical(id="kind-box"):
            yield Static(text)

    def action_choose(self, n: int) -> None:
        self.dismiss("" if n == 0 else ALL_KINDS[n - 1].value)

    def action_cancel(self) -> None:
        self.dismiss(None)
