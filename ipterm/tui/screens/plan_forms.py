"""Forms for the plan itself: goals, measures and evaluations, new or edited."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from ipterm.domain.dates import format_date
from ipterm.domain.models import ALL_KINDS, CaseFile, EvaluationOutcome, GoalStatus, InfoKind, Measure, MeasureStatus
from ipterm.domain.text import clean_for_terminal
from ipterm.domain.validation import check_period
from ipterm.i18n import _, label
from ipterm.services import Services
from ipterm.tui.screens.form_screen import AREA, BACKWARD, CHECK, DATE, SELECT, TEXT, Field, FormScreen

UNCLEAR = -1


def _short(text: str, width: int = 60) -> str:
    return clean_for_terminal(text, single_line=True)[:width]


def _measure(cf: CaseFile, measure_id: int | None) -> Measure:
    return next(m for m in cf.measures if m.id == measure_id)


def status_field(value: str, choices: type[StrEnum]) -> Field:
    return Field("status", _("Status"), SELECT, value, required=True,
                 options=[(label(s), s.value) for s in choices])  # fmt: skip


class GoalForm(FormScreen):
    """A main goal or a sub-goal, preferably in the person's own words. Returns the goal's id."""

    def __init__(self, services: Services, case_id: int, goal_id: int | None = None) -> None:
        super().__init__()
        self.services = services
        self.case_id = case_id
        self.goal = next(g for g in services.case_file(case_id).goals if g.id == goal_id) if goal_id else None
        self.title_text = _("Endre mål") if self.goal else _("Nytt mål")

    def draft_args(self) -> dict[str, Any]:
        return {"goal_id": self.goal.id if self.goal else None}

    def fields(self) -> list[Field]:
        cf = self.services.case_file(self.case_id)
        numbers = cf.goal_numbers()
        mains = [
            (f"#{numbers[g.id]} {_short(g.text)}", g.id)
            for g in cf.goals
            if g.parent_id is None and (self.goal is None or g.id != self.goal.id)
        ]
        goal = self.goal
        fields = [
            Field("text", _("Mål"), AREA, goal.text if goal else "", required=True,
                  hint=_("Gjerne med personens egne ord")),
            Field("is_own_words", _("Personens egne ord"), CHECK,
                  goal.is_own_words if goal else True),
            Field("parent_id", _("Delmål av"), SELECT, goal.parent_id if goal else None,
                  options=mains, placeholder=_("Hovedmål (ingen)")),
            Field("evaluate_by", _("Evalueres"), DATE, format_date(goal.evaluate_by) if goal else ""),
            kind_field(goal.info_kind if goal else None, _("for alle som får se målene")),
        ]  # fmt: skip
        if goal:
            fields.append(status_field(goal.status.value, GoalStatus))
        return fields

    def save(self, values: dict[str, Any]) -> int:
        if self.goal is None:
            goal = self.services.add_goal(
                self.case_id, values["text"], parent_id=values["parent_id"],
                is_own_words=values["is_own_words"], evaluate_by=values["evaluate_by"],
                info_kind=chosen_kind(values["info_kind"]),
            )  # fmt: skip
        else:
            goal = self.services.update_goal(
                self.goal.id, expected=self.goal, text=values["text"], parent_id=values["parent_id"],
                is_own_words=values["is_own_words"], evaluate_by=values["evaluate_by"],
                status=GoalStatus(values["status"]), info_kind=chosen_kind(values["info_kind"]),
            )  # fmt: skip
        return goal.id


def kind_field(current: InfoKind | None, default: str) -> Field:
    """The item's kind of information, for extracts: as its default says (empty), or one set here."""
    return Field("info_kind", _("Opplysningstype"), SELECT, current.value if current else "",
                 options=[(default, ""), *[(label(k), k.value) for k in ALL_KINDS]],
                 hint=_("Bestemmer hvilke mottakere som får se det (samtykket sier hvilke typer)"))  # fmt: skip


def chosen_kind(value: Any) -> InfoKind | None:
    return InfoKind(value) if value else None


class MeasureForm(FormScreen):
    """What is done, how much, how, towards which goal, by whom, when. Returns the measure's id."""

    def __init__(self, services: Services, case_id: int, measure_id: int | None = None) -> None:
        super().__init__()
        self.services = services
        self.case_id = case_id
        self.measure = _measure(services.case_file(case_id), measure_id) if measure_id else None
        self.title_text = _("Endre tiltak") if self.measure else _("Nytt tiltak")

    def draft_args(self) -> dict[str, Any]:
        return {"measure_id": self.measure.id if self.measure else None}

    def fields(self) -> list[Field]:
        cf = self.services.case_file(self.case_id)
        numbers = cf.goal_numbers()
        goals = [(f"#{numbers[g.id]} {_short(g.text)}", g.id) for g in cf.goals]
        members = [(_short(f"{m.name} ({m.role})"), m.id) for m in cf.members if m.active]
        members.append((_("Uavklart ansvar"), UNCLEAR))
        m = self.measure
        responsible = (m.responsible_member_id or UNCLEAR) if m else None
        fields = [
            Field("what", _("Tiltak"), TEXT, m.what if m else "", required=True),
            Field("scope", _("Omfang"), TEXT, m.scope if m else "",
                  placeholder=_("f.eks. 2 t/uke")),
            Field("how", _("Hvordan"), TEXT, m.how if m else ""),
            Field("goal", _("Mål"), SELECT, m.goal_ids[0] if m and m.goal_ids else None, options=goals,
                  placeholder=_("Velg mål"), aliases=("goal_ids",)),
            Field("responsible", _("Ansvarlig"), SELECT, responsible, options=members,
                  placeholder=_("Velg ansvarlig"), aliases=("responsible_member_id",)),
            Field("from_date", _("Fra"), DATE, format_date(m.from_date) if m else ""),
            Field("to_date", _("Til"), DATE, format_date(m.to_date) if m else ""),
            Field("evaluate_by", _("Evalueres"), DATE, format_date(m.evaluate_by) if m else ""),
            kind_field(m.info_kind if m else None, _("som den ansvarlige tjenesten")),
        ]  # fmt: skip
        if m:
            fields.append(status_field(m.status.value, MeasureStatus))
        return fields

    def check(self, values: dict[str, Any]) -> None:
        check_period(values["from_date"], values["to_date"])

    def save(self, values: dict[str, Any]) -> int:
        responsible = values["responsible"]
        fields: dict[str, Any] = dict(
            scope=values["scope"], how=values["how"], from_date=values["from_date"], to_date=values["to_date"],
            evaluate_by=values["evaluate_by"], info_kind=chosen_kind(values["info_kind"]),
            responsible_member_id=responsible if isinstance(responsible, int) and responsible != UNCLEAR else None,
        )  # fmt: skip
        goal_ids = [values["goal"]] if isinstance(values["goal"], int) else []
        if self.measure is None:
            return self.services.add_measure(self.case_id, values["what"], goal_ids=goal_ids, **fields).id
        if goal_ids and goal_ids[0] in self.measure.goal_ids:
            goal_ids = list(self.measure.goal_ids)  # a measure serving several goals keeps the others
        return self.services.update_measure(
            self.measure.id,
            expected=self.measure,
            what=values["what"],
            goal_ids=goal_ids,
            status=MeasureStatus(values["status"]),
            **fields,
        ).id


class EvaluationForm(FormScreen):
    """How a goal or a measure is going, and when to look at it next. Returns the evaluation's id."""

    def __init__(self, services: Services, case_id: int, *, goal_id: int | None = None,
                 measure_id: int | None = None) -> None:  # fmt: skip
        super().__init__()
        self.services = services
        self.case_id = case_id
        self.goal_id = goal_id
        self.measure_id = measure_id
        cf = services.case_file(case_id)
        subject = next(g.text for g in cf.goals if g.id == goal_id) if goal_id else _measure(cf, measure_id).what
        self.title_text = _("Evaluering: ") + _short(subject, 70)

    def draft_args(self) -> dict[str, Any]:
        return {"goal_id": self.goal_id, "measure_id": self.measure_id}

    def fields(self) -> list[Field]:
        return [
            Field("evaluated_on", _("Dato"), DATE, format_date(self.services.today()), required=True,
                  looks=BACKWARD),
            Field("outcome", _("Resultat"), SELECT, None, required=True,
                  options=[(_outcome(o), o.value) for o in EvaluationOutcome]),
            Field("comment", _("Kommentar"), AREA, ""),
            Field("next_evaluate_by", _("Neste evaluering"), DATE, "",
                  hint=_("Tomt: ingen ny dato")),
        ]  # fmt: skip

    def save(self, values: dict[str, Any]) -> int:
        evaluation = self.services.add_evaluation(
            outcome=EvaluationOutcome(values["outcome"]), goal_id=self.goal_id, measure_id=self.measure_id,
            comment=values["comment"], next_evaluate_by=values["next_evaluate_by"],
            evaluated_on=values["evaluated_on"],
        )  # fmt: skip
        return evaluation.id


def _outcome(outcome: EvaluationOutcome) -> str:
    return {
        EvaluationOutcome.ACHIEVED: _("Nådd"),
        EvaluationOutcome.PARTLY_ACHIEVED: _("Delvis nådd"),
        EvaluationOutcome.CONTINUE: _("Fortsetter"),
        EvaluationOutcome.CHANGE: _("Endres"),
        EvaluationOutcome.STOP: _("Avsluttes"),
    }[outcome]
