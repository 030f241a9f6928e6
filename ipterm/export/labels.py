"""Norwegian words for the values stored in English."""

from __future__ import annotations

STATUS = {"active": "aktiv", "planned": "planlagt", "ended": "avsluttet", "stopped": "stoppet", "achieved": "nådd",
          "paused": "pause", "dropped": "avsluttet uten å nås", "open": "åpen", "done": "utført",
          "cancelled": "avlyst", "running": "pågår", "closed": "avholdt"}  # fmt: skip
OUTCOME = {"achieved": "nådd", "continue": "fortsetter", "change": "endres", "stop": "avsluttes"}
METHOD = {"written": "skriftlig", "oral": "muntlig", "digital": "digitalt"}
ATTENDANCE = {"invited": "invitert", "present": "til stede", "absent": "ikke til stede", "apologies": "meldt forfall"}
SECTIONS = {"plan": "planen", "goals": "mål", "measures": "tiltak", "group": "ansvarsgruppen", "meetings": "møter",
            "evaluations": "evalueringer", "notes": "notater"}  # fmt: skip
KINDS = {"plan": "Individuell plan", "minutes": "Referat fra ansvarsgruppemøte", "handover": "Overføringsnotat"}
