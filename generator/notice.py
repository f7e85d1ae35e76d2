"""eForms notice fields for a tender: the business terms a buyer enters in the e-procurement system.

Pure functions from the validated tender case to an ordered list of fields (BT id, name, value,
where in the case file the value came from, and a note). Which fields, their labels and every
code value live in data/eforms.yaml with the eForms SDK version they were read from; this module
only resolves the case paths and applies the few derivations named there.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from .cpv import is_works
from .datafiles import EformsField, EformsFile, load_routes, read
from .errors import DocgenError
from .findings import Finding
from .library import load_library
from .output import OutputSet, case_key, case_record, case_stem
from .render import money
from .resources import data_file
from .rules import facts_from_case
from .rules.eu_threshold import eu_threshold
from .rules.procedure import decide
from .tree import parse
from .writers import write

STEM = "notice-fields"


@lru_cache(maxsize=2)
def load_spec(path: str | None = None) -> EformsFile:
    return read("eforms.yaml", path)


@dataclass
class NoticeField:
    field: str
    bt: str
    level: str
    name_sv: str
    name_en: str
    value: Any
    source: str | None
    status: str                      # filled | fixed | missing | national | guidance
    note: str = ""
    case_value: Any = None
    attribute: dict | None = None
    code_list: str | None = None
    code_label: str | None = None
    legal_basis: dict | None = None
    guidance: dict | None = None

    def as_json(self) -> dict:
        out: dict[str, Any] = {"field": self.field, "bt": self.bt, "level": self.level,
                               "name_sv": self.name_sv, "name_en": self.name_en, "value": self.value}
        if self.attribute:
            out["attribute"] = dict(self.attribute)
        if self.code_list:
            out["code_list"] = self.code_list
        if self.code_label:
            out["code_label_sv"] = self.code_label
        if self.legal_basis:
            out["legal_basis"] = dict(self.legal_basis)
        out["source"] = self.source
        if self.case_value is not None and self.case_value != self.value:
            out["case_value"] = self.case_value
        out["status"] = self.status
        out["note"] = self.note
        if self.guidance:
            out["guidance"] = dict(self.guidance)
        return out


@dataclass
class Notice:
    route: str
    fields: list[NoticeField]
    subtype: list[str]
    warnings: list[str] = field(default_factory=list)


# --- resolving a source path in the case -------------------------------------------------------

_STEP = re.compile(r"^(?P<name>[a-z_]+)(?:\[(?P<index>\d+)(?P<slice>:)?\])?$")


def _lookup(model: Any, path: str) -> tuple[list[tuple[str, Any]], bool]:
    """Rows (dotted path, value) for one path; the flag says whether the path selects many rows."""
    current: Any = model
    done: list[str] = []
    for step in path.split("."):
        m = _STEP.match(step)
        if m is None:
            raise DocgenError(f"ogiltig källa {path!r} i eForms-datafilen", where=str(data_file("eforms.yaml")))
        current = getattr(current, m["name"])
        done.append(m["name"])
        if m["index"] is not None:
            start = int(m["index"])
            base = ".".join(done)
            if m["slice"]:
                return [(f"{base}[{i}]", v) for i, v in enumerate(current) if i >= start], True
            if start >= len(current):
                return [(f"{base}[{start}]", None)], False
            return [(f"{base}[{start}]", current[start])], False
    return [(".".join(done), current)], False


def resolve(model: Any, source: str) -> tuple[list[tuple[str, Any]], bool]:
    """``a.b``, ``a.b[0]``, ``a.b[1:]`` or ``a + b`` (integers summed)."""
    if "+" in source:
        parts = [p.strip() for p in source.split("+")]
        values = [_lookup(model, p)[0][0][1] for p in parts]
        return [(" + ".join(parts), sum(values))], False
    return _lookup(model, source)


# --- derivations named in the data file ---------------------------------------------------------

def cpv_code(code: str) -> str:
    """eForms writes a CPV code without its check digit: 85311100-3 -> 85311100."""
    return code.split("-")[0]


def contract_nature(code: str) -> str | None:
    """BT-23 from the main CPV code, by the SDK rules BR-BT-00262-0202/-0205/-0208."""
    digits = cpv_code(code)
    if is_works(digits):
        return "works"
    if digits[0] in "0123" or digits[:2] in ("40", "41", "42", "43", "44", "48"):
        return "supplies"
    if digits.startswith("49") or digits[0] in "56789":
        return "services"
    return None


# --- the fields ---------------------------------------------------------------------------------

def _text(template: str, **values: Any) -> str:
    return " ".join(str(template).split()).format(**values)


def _route_eforms(route: str):
    """The route's eForms data (BT-71-Lot and the notice subtypes) from data/routes.yaml."""
    return load_routes().route(route).eforms


def _reserved(route: str, spec: EformsFile, base: EformsField, case) -> tuple[NoticeField, list[str]]:
    entry = _route_eforms(route).reserved
    code = entry.code
    warnings: list[str] = []
    note = _text(entry.note)
    guidance = None
    if code is None:
        status = "national"
        guidance = {"field": entry.guidance.field, "text": _text(entry.guidance.text)}
        warnings.append(_text(spec.missing_warning, field=base.field, name=base.sv,
                              note=f"{note} {guidance['text']}"))
    else:
        status = "filled"
    if code == "res-pub-ser":
        main = cpv_code(case.procurement.main_code)
        if main not in spec.res_pub_ser_cpv:
            warnings.append(_text(spec.res_pub_ser_cpv_warning, cpv=case.procurement.main_code))
    legal = {k: getattr(entry, k) for k in ("basis", "directive") if getattr(entry, k)} or None
    label = _text(spec.reserved_participation.codes[code]) if code else None
    nf = NoticeField(base.field, base.bt, base.level, base.sv, base.en, code, "route", status,
                     note, case_value=route, code_list=base.code_list, code_label=label,
                     legal_basis=legal, guidance=guidance)
    return nf, warnings


def build_notice(case, spec: EformsFile | None = None) -> Notice:
    """The ordered eForms fields for a validated tender case (generator.case.TenderCase)."""
    spec = spec or load_spec()
    p = case.procurement
    fields: list[NoticeField] = []
    warnings: list[str] = []
    for base in spec.fields:
        common = dict(field=base.field, bt=base.bt, level=base.level, name_sv=base.sv, name_en=base.en,
                      attribute=base.attribute, code_list=base.code_list)
        note = _text(base.note or "", term=p.term_months, extension=p.extension_months)
        derive = base.derive
        if derive == "reserved_participation":
            nf, more = _reserved(case.route, spec, base, case)
            fields.append(nf)
            warnings.extend(more)
            also = _route_eforms(case.route).reserved.also
            if also:
                fields.append(NoticeField(also.field, also.bt, also.level, also.sv, also.en, None,
                                          None, "guidance", _text(also.text), code_list=also.code_list))
            continue
        if "preset" in base.model_fields_set:
            fields.append(NoticeField(**common, value=base.preset, source=None, status="fixed", note=note))
            continue
        rows, many = resolve(case, base.source)
        if many and not rows and base.optional:
            continue
        for source, raw in rows:
            status, row_note = "filled", note
            value: Any = raw
            if derive == "cpv_code":
                value = cpv_code(raw)
            elif derive == "contract_nature":
                value = contract_nature(raw)
            elif derive == "amount" and raw == 0:
                value = None
            elif derive == "renewals":
                periods = case.procurement.extension_periods
                if raw == 0:
                    value, row_note = 0, _text(base.note_none)
                elif periods is not None:
                    value, source = periods, "procurement.extension_periods"
                    row_note = _text(base.note_given, extension=raw, periods=periods)
                else:
                    value, row_note = None, _text(base.note_missing, extension=raw)
            if value in (None, ""):
                value = None
                status = "missing"
                if not row_note or derive != "renewals":
                    row_note = " ".join(x for x in (row_note, _text(spec.empty_source_note, source=source)) if x)
                warnings.append(_text(spec.missing_warning, field=base.field, name=base.sv, note=row_note))
            case_value = raw if derive in ("cpv_code",) else None
            fields.append(NoticeField(**common, value=value, source=source, status=status, note=row_note,
                                      case_value=case_value))
    more, missing = _case_fact_fields(case, spec)
    fields.extend(more)
    warnings.extend(missing)
    texts = spec.notice_texts
    subtype = [_text(texts[key]) for key in _route_eforms(case.route).notice]
    if not subtype:   # no notice: say what the route has instead (not "ingen förhandsannons")
        subtype = [_text(spec.notice_labels.get(case.route) or texts["none"])]
    else:
        subtype = threshold_guidance(case, texts, subtype)
    return Notice(case.route, fields, subtype, warnings)


def _add_months(day, months: int):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1

    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _case_fact_fields(case, spec: EformsFile) -> tuple[list[NoticeField], list[str]]:
    """Issue 21 part 8: the fields the case already has facts for – procedure type, deadlines, the
    contract's dates, tender validity, award criteria, place of performance and review body."""
    extra = spec.extra_fields
    if not extra:
        return [], []
    fields: list[NoticeField] = []
    warnings: list[str] = []
    p = case.procurement

    def add(key: str, value: Any, source: str | None, note: str = "", status: str | None = None,
            code_label: str | None = None, attribute: dict | None = None) -> None:
        base = extra[key]
        state = status or ("filled" if value not in (None, "") else "missing")
        fields.append(NoticeField(base["field"], base["bt"], base["level"], base["sv"], base["en"], value, source,
                                  state, _text(note or base.get("note", ""), term=p.term_months,
                                               extension=p.extension_months),
                                  attribute=attribute or base.get("attribute"), code_list=base.get("code_list"),
                                  code_label=code_label))
        if state == "missing":
            warnings.append(_text(spec.missing_warning, field=base["field"], name=base["sv"],
                                  note=fields[-1].note))

    procedure = decide(case.route, facts_from_case(case), case.authority.kind).spec
    pt = extra["procedure_type"]
    code = pt["codes"].get(procedure.id) if procedure is not None else None
    if code:
        add("procedure_type", code, "route", pt.get("note_19", "") if code == "oth-single" else "",
            code_label=pt["labels"].get(code))
    else:
        add("procedure_type", None, "route", _text(pt["note_none"], procedure=(procedure.name if procedure else "förfarandet").capitalize()),
            status="national")
    if p.tender_deadline is not None:
        add("deadline", p.tender_deadline.isoformat(), "procurement.tender_deadline")
    timetable = getattr(case, "timetable", None)
    if timetable is not None and timetable.questions_deadline is not None:
        add("questions", timetable.questions_deadline.isoformat(), "timetable.questions_deadline")
    add("start", p.start_date.isoformat(), "procurement.start_date")
    if load_routes().route(case.route).competition:   # a choice system has no contract end and no tender validity
        end = _add_months(p.start_date, p.term_months + p.extension_months) - timedelta(days=1)
        add("end", end.isoformat(), "procurement.start_date + procurement.term_months + procurement.extension_months")
        validity = (case.clauses.get("admin/submission") or {}).get("validity_months") or _clause_default(
            "admin/submission", "validity_months")
        add("validity", validity, "clauses.admin/submission.validity_months")
    evaluation = getattr(case, "evaluation", None)
    if evaluation is not None:
        rows = []
        if evaluation.basis != "fast-pris" and evaluation.price_weight:
            rows.append(("price", "Pris", "Utvärderingspriset enligt prisbilagan.", evaluation.price_weight))
        rows += [("quality", c.name, " ".join(c.assessed.split()), c.weight) for c in evaluation.criteria]
        labels = extra["criterion_type"]["labels"]
        for number, (kind, name, described, weight) in enumerate(rows, 1):
            where = "evaluation.price_weight" if kind == "price" else f"evaluation.criteria[{number - 1 - (rows[0][0] == 'price')}]"
            add("criterion_type", kind, where, code_label=labels[kind])
            add("criterion_name", name, where)
            add("criterion_description", described, where)
            add("criterion_weight", weight, where)
    place = getattr(case, "place", None)
    nuts = extra["nuts"]
    if place is not None:
        add("nuts", place.nuts, "place.nuts", code_label=nuts["codes"].get(place.nuts))
    else:
        add("nuts", None, "place.nuts", nuts["note_missing"])
    body = getattr(case, "review_body", None)
    review = extra["review_body"]
    add("review_body", body, "review_body", review["note"] if body else review["note_missing"])
    return fields, warnings


def _clause_default(clause_id: str, name: str) -> Any:
    """A clause variable's default, read from the clause library (the notice states what the document says)."""
    return load_library().get(clause_id).meta.variables[name].default


def threshold_guidance(case, texts: dict[str, Any], alternatives: list[str]) -> list[str]:
    """The notice subtype in words (``texts``: eforms.yaml's ``notice:``): above or below the EU threshold in force, or both alternatives
    with the reason when docgen cannot tell."""
    found = eu_threshold(case)
    value = case.procurement.estimated_value_sek
    if found.annex2 is None and found.lookup is None:
        # bilaga 2 status unknown: a value under both thresholds it could be measured against is
        # under the EU threshold either way (said against the lower, the one for other services)
        both = [eu_threshold(case, unknown_annex2=flag) for flag in (False, True)]
        known = [b for b in both if b.lookup is not None and b.lookup.threshold is not None]
        if len(known) == 2 and all(value < b.lookup.threshold.amount_sek for b in known):
            found = min(known, key=lambda b: b.lookup.threshold.amount_sek)
    why = [found.annex2_reason] if found.annex2_reason else []   # issue 21: why (not) bilaga 2, as routes says it
    if found.lookup is None or found.lookup.threshold is None:
        return [_text(texts["unknown"], reason=found.reason), *why, *alternatives]
    t = found.lookup.threshold
    values = dict(value=money(value), threshold=money(t.amount_sek), kind=texts["kinds"].get(t.kind, t.kind),
                  period=t.period, subtype=texts["subtypes"]["annex2" if found.annex2 else "other"],
                  note=texts["annex2_note"] if found.annex2 else "")
    return [_text(texts["above" if value >= t.amount_sek else "below"], **values), *why]


# --- outputs ------------------------------------------------------------------------------------

def notice_json(notice: Notice, case_file: str, case_sha256: str, spec: EformsFile | None = None) -> bytes:
    spec = spec or load_spec()
    sdk, texts = spec.sdk, spec.notice_texts
    data = {
        "eforms_sdk": {"name": sdk.name, "version": sdk.version,   # each source with the keys the file gives
                       "sources": [{k: " ".join(str(v).split()) for k, v in s.model_dump(exclude_unset=True).items()}
                                   for s in sdk.sources]},
        "case": {"file": case_file, "sha256": case_sha256},
        "route": notice.route,
        "notice_subtype": {"field": texts["field"], "name_sv": texts["sv"],
                           "name_en": texts["en"], "guidance": notice.subtype},
        "fields": [f.as_json() for f in notice.fields],
        "warnings": notice.warnings,
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!~&])")


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", text) or "–"


def _value_text(f: NoticeField) -> str:
    if f.value is None:
        return "–"
    shown = f"{f.value:,}".replace(",", " ") if isinstance(f.value, int) and not isinstance(f.value, bool) \
        and f.bt == "BT-27" else str(f.value)
    if f.attribute:
        shown += f" ({f.attribute['field']}: {f.attribute['value']})"
    return shown


def notice_markdown(notice: Notice, spec: EformsFile | None = None) -> str:
    spec = spec or load_spec()
    table = spec.table_texts
    levels = spec.levels
    lines = [f"# {_cell(table['title'])}", "", _cell(_text(table["intro"], version=spec.sdk.version)), "",
             f"## {_cell(table['notice_heading'])}", ""]
    lines += [f"- {_cell(text)}" for text in notice.subtype] + [""]
    lines.append("| " + " | ".join(_cell(c) for c in table["columns"]) + " |")
    lines.append("|" + "---|" * len(table["columns"]))
    for f in notice.fields:
        note = f.note
        if f.guidance:
            note = f"{note} {f.guidance['text']}"
        if f.legal_basis:
            note = f"{note} Rättslig grund: {f.legal_basis['basis']}" + (
                f" ({f.legal_basis['directive']})." if f.legal_basis.get("directive") else ".")
        cells = [f.field, f.name_sv, levels[f.level], _value_text(f), f.source, table["status"][f.status], note]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines.append("")
    if notice.warnings:
        lines += [f"## {_cell(table['warnings_heading'])}", ""]
        lines += [f"- {_cell(w)}" for w in notice.warnings] + [""]
    return "\n".join(lines)


@dataclass(frozen=True)
class NoticeDocument:
    """What the Markdown and HTML writers read about the document they write."""

    title: str
    subtitle: str
    authority_name: str
    reference: str
    doc_date: date
    kind: str = "notice"
    output_stem: str = STEM
    legal_bases: tuple[str, ...] = ()


def notice_stem(loaded) -> str:
    """``notice-fields-<diarienummer>``: one name per case, as the documents have."""
    return case_stem(STEM, case_key(loaded.model.procurement.reference, loaded.source))


def notice_files(loaded, formats: list[str]) -> tuple[dict[str, bytes], list[str]]:
    """The files --notice writes: JSON always, Markdown always, HTML when html is among the formats."""
    spec = load_spec()
    case = loaded.model
    notice = build_notice(case, spec)
    stem = notice_stem(loaded)
    files = {f"{stem}.json": notice_json(notice, Path(loaded.source).name, loaded.sha256, spec)}
    markdown = notice_markdown(notice, spec)
    doc = NoticeDocument(spec.table_texts["title"], case.procurement.title, case.authority.name,
                         case.procurement.reference, case.date, output_stem=stem)
    tree = parse(markdown)
    for fmt in ("md", "html"):
        if fmt == "md" or fmt in formats:
            files[f"{stem}.{fmt}"] = write(fmt, tree, doc)
    return files, notice.warnings


def notice_outputs(loaded, formats: list[str]) -> tuple[list, list]:
    """The notice files as one output set (with its manifest record) for ``output.save_outputs``, written
    with the documents in one atomic step, and the notice's findings."""
    files, warnings = notice_files(loaded, formats)
    case_file = Path(loaded.source).name
    record = {"document": "notice-fields", "eforms_sdk": load_spec().sdk.version,
              "case": case_record(loaded.model, loaded.source, loaded.sha256)}
    return ([OutputSet(notice_stem(loaded), files, record, "", case_file)],
            [Finding("warning", "notice-warning", w, file=loaded.source) for w in warnings])
