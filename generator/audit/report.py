"""The audit's outputs: the Swedish table for the terminal, the JSON, the HTML report a lawyer attaches
to a tjänsteskrivelse, and the cover note of a re-issued document. Formatting only: the findings come
from ``audit.run_audit``."""

from __future__ import annotations

import html
import json
from datetime import date

from .. import __version__
from ..legal_changes import LegalChange, kronor
from . import Audit, DocumentAudit, threshold_text

EVENTS = {"upphävd": "upphävd", "ändrad": "ändrad", "införd": "införd"}
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")


def long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def change_line(change: LegalChange) -> str:
    replaced = f"; ersätts av {change.replacement}" if change.replacement and not change.threshold_kind else ""
    return f"{change.provision} {EVENTS.get(change.event, change.event)} {change.date.isoformat()}{replaced}"


def rebuilt_text(doc: DocumentAudit) -> str:
    if doc.rebuilt.changed is None:
        return "okänt"
    if doc.rebuilt.changed == 0:
        return "oförändrat"
    return f"{doc.rebuilt.changed} av {doc.rebuilt.total} stycken"


def reasons(doc: DocumentAudit) -> list[str]:
    """Why a document is affected, one sentence each, with its source."""
    out = []
    seen: set[tuple] = set()
    for item in doc.bases:
        key = (item.change.provision, item.change.date)
        if key in seen:
            continue
        seen.add(key)
        cited = sorted({b.citation for b in doc.bases if (b.change.provision, b.change.date) == key})
        out.append(f"{change_line(item.change)} (dokumentet hänvisar till {', '.join(cited)}). "
                   f"{item.change.what} Källa: {item.change.source}.")
    for item in doc.thresholds:
        out.append(f"Tröskelvärde {threshold_text(item)}. Källa: {item.sources}.")
    for item in doc.clauses:
        if item.new_version is None:
            out.append(f"Klausulen {item.clause_id} (version {item.old_version}) finns inte längre i klausulbiblioteket.")
            continue
        line = f"Klausulen {item.clause_id} {item.status}."
        for note in item.notes:
            line += f" Version {note.text()}"
        out.append(line)
    return out


def review_points(doc: DocumentAudit) -> list[str]:
    points = []
    for item in doc.bases:
        points.extend(p for p in item.change.review if p not in points)
    return points


# --- terminal -------------------------------------------------------------------------------------

def table(audit: Audit) -> list[str]:
    """The summary table and, under it, each affected document's reasons."""
    header = ("DOKUMENT", "DATUM", "LAGRUM", "TRÖSKELVÄRDEN", "KLAUSULER", "NYTT DOKUMENT", "STATUS")
    rows = [header]
    for doc in audit.documents:
        rows.append((doc.name, doc.date.isoformat() if doc.date else "okänt",
                     str(len({(b.change.provision, b.change.date) for b in doc.bases})), str(len(doc.thresholds)),
                     str(len(doc.clauses)), rebuilt_text(doc), doc.status))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = [f"Granskning {audit.day.isoformat()} av {', '.join(map(str, audit.folders))}: "
             f"{count(len(audit.documents), 'dokument', 'dokument')}, {len(audit.affected)} berörs"]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    for doc in audit.affected:
        lines.append("")
        lines.append(f"{doc.name} ({doc.date.isoformat() if doc.date else 'datum okänt'}):")
        lines += [f"  - {reason}" for reason in reasons(doc)]
        if doc.rebuilt.changed is not None:
            lines.append(f"  - Byggt i dag från samma ärende skulle {rebuilt_text(doc)} skilja sig från {doc.rebuilt.compared}.")
    for doc in audit.documents:
        for note in ([doc.rebuilt.reason] if doc.rebuilt.reason else []) + doc.notes:
            lines.append(f"docgen: obs: {doc.manifest}: {note}")
    return lines


# --- JSON ------------------------------------------------------------------------------------------

def as_json(audit: Audit) -> str:
    def doc_json(doc: DocumentAudit) -> dict:
        return {
            "manifest": str(doc.manifest), "document": doc.name, "title": doc.title, "kind": doc.kind,
            "template": doc.template, "date": doc.date.isoformat() if doc.date else None,
            "case": {"file": doc.case_file, "sha256": doc.case_sha256, "found": str(doc.case_path) if doc.case_path else None},
            "affected": doc.affected, "status": doc.status,
            "legal_bases": [{"citation": b.citation, "change": b.change.as_dict()} for b in doc.bases],
            "thresholds": [{"kind": t.kind, "basis": t.basis, "used_sek": t.used_sek, "used_period": t.used_period,
                            "current_sek": t.current_sek, "current_period": t.current_period, "gap": t.gap,
                            "changes": [c.as_dict() for c in t.changes]} for t in doc.thresholds],
            "clauses": [{"id": c.clause_id, "old_version": c.old_version, "new_version": c.new_version,
                         "changes": [{"version": n.version, "date": n.date.isoformat(), "what": n.what, "why": n.why}
                                     for n in c.notes]} for c in doc.clauses],
            "rebuilt": {"paragraphs_changed": doc.rebuilt.changed, "paragraphs": doc.rebuilt.total,
                        "compared_with": doc.rebuilt.compared, "reason": doc.rebuilt.reason},
            "notes": doc.notes,
        }

    data = {"docgen_version": __version__, "audit_date": audit.day.isoformat(),
            "folders": [str(f) for f in audit.folders], "affected": len(audit.affected),
            "documents": [doc_json(d) for d in audit.documents],
            "problems": [{"where": p.where, "message": p.message} for p in audit.problems]}
    return json.dumps(data, ensure_ascii=False, indent=2)


# --- the HTML report ----------------------------------------------------------------------------------

_CSS = """
body { font-family: "Liberation Serif", "Times New Roman", serif; max-width: 50em; margin: 2em auto; line-height: 1.4; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; } h3 { font-size: 1.05em; }
table { border-collapse: collapse; width: 100%; margin: 0.8em 0; font-size: 0.95em; }
th, td { border: 1px solid #999; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #eee; } .berors { font-weight: bold; } .kalla { font-size: 0.9em; color: #333; }
@media print { body { margin: 0; max-width: none; } }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def html_report(audit: Audit) -> str:
    """A self-contained HTML page: what was audited, the summary, each affected document's reasons
    with their sources, what a lawyer still has to confirm, and what could not be audited."""
    out = ['<!DOCTYPE html>', '<html lang="sv">', "<head>", '<meta charset="utf-8">',
           f"<title>Granskning av utfärdade dokument {audit.day.isoformat()}</title>", f"<style>{_CSS}</style>",
           "</head>", "<body>", f"<h1>Granskning av utfärdade dokument mot gällande rätt {_e(long_date(audit.day))}</h1>",
           f"<p>Granskade kataloger: {_e(', '.join(map(str, audit.folders)))}. "
           f"{_e(count(len(audit.documents), 'dokument', 'dokument'))} granskades; {len(audit.affected)} berörs av "
           "ändringar i lag, tröskelvärden eller klausulbiblioteket efter dokumentets datum.</p>",
           "<p>Underlaget är docgens register över lagändringar, de daterade tröskelvärdena med sina källor "
           "och klausulbibliotekets ändringslogg. "
           f"Granskningen gjordes med docgen {_e(__version__)}.</p>",
           "<h2>Sammanställning</h2>", "<table>",
           "<tr><th>Dokument</th><th>Datum</th><th>Lagrum</th><th>Tröskelvärden</th><th>Klausuler</th>"
           "<th>Nytt dokument i dag</th><th>Status</th></tr>"]
    for doc in audit.documents:
        status = '<span class="berors">berörs</span>' if doc.affected else _e(doc.status)
        out.append(f"<tr><td>{_e(doc.title)}<br><small>{_e(doc.name)}</small></td>"
                   f"<td>{_e(doc.date.isoformat() if doc.date else 'okänt')}</td>"
                   f"<td>{len({(b.change.provision, b.change.date) for b in doc.bases})}</td><td>{len(doc.thresholds)}</td>"
                   f"<td>{len(doc.clauses)}</td><td>{_e(rebuilt_text(doc))}</td><td>{status}</td></tr>")
    out.append("</table>")
    for doc in audit.affected:
        out.append(f"<h2>{_e(doc.title)}</h2>")
        out.append(f"<p>{_e(doc.name)}, daterat {_e(long_date(doc.date) if doc.date else 'okänt datum')}"
                   f"{', byggt från ärendefilen ' + _e(doc.case_file) if doc.case_file else ''}.</p>")
        if doc.bases:
            out += ["<h3>Lagrum som har upphävts eller ändrats</h3>", "<table>",
                    "<tr><th>Dokumentet hänvisar till</th><th>Ändring</th><th>I stället</th><th>Källa</th></tr>"]
            grouped: dict[tuple, list[str]] = {}
            for b in doc.bases:   # one row per change, with every citation of the document it reaches
                grouped.setdefault((b.change.provision, b.change.date), []).append(b.citation)
            for b in doc.bases:
                cited = grouped.pop((b.change.provision, b.change.date), None)
                if cited is None:
                    continue
                out.append(f"<tr><td>{'<br>'.join(_e(c) for c in cited)}</td><td>{_e(b.change.provision)} {_e(b.change.event)} "
                           f"{_e(b.change.date.isoformat())}. {_e(b.change.what)}</td><td>{_e(b.change.replacement or '–')}</td>"
                           f'<td class="kalla">{_e(b.change.source)}</td></tr>')
            out.append("</table>")
        if doc.thresholds:
            out += ["<h3>Tröskelvärden och beloppsgränser</h3>", "<table>",
                    "<tr><th>Bestämmelse</th><th>I dokumentet</th><th>På granskningsdagen</th><th>Källa</th></tr>"]
            for t in doc.thresholds:
                now = (f"{kronor(t.current_sek)} ({t.current_period})" if t.current_sek is not None else f"okänt: {t.gap}")
                out.append(f"<tr><td>{_e(t.basis)}</td><td>{_e(kronor(t.used_sek))} ({_e(t.used_period)})</td>"
                           f'<td>{_e(now)}</td><td class="kalla">{_e(t.sources)}</td></tr>')
            out.append("</table>")
        if doc.clauses:
            out += ["<h3>Klausuler som klausulbiblioteket har ersatt</h3>", "<table>",
                    "<tr><th>Klausul</th><th>Version</th><th>Ändring och skäl</th></tr>"]
            for c in doc.clauses:
                notes = " ".join(n.text() for n in c.notes)
                if c.new_version is None:
                    notes = "Klausulen finns inte längre i biblioteket."
                out.append(f"<tr><td>{_e(c.clause_id)}</td><td>{_e(c.status)}</td><td>{_e(notes or '–')}</td></tr>")
            out.append("</table>")
        if doc.rebuilt.changed is not None:
            out.append(f"<p>Ett dokument som byggs i dag från samma ärende, daterat granskningsdagen och med dagens "
                       f"klausulbibliotek, skulle skilja sig i {_e(rebuilt_text(doc))} från {_e(doc.rebuilt.compared)}.</p>")
        elif doc.rebuilt.reason:
            out.append(f"<p>Dokumentet har inte byggts om: {_e(doc.rebuilt.reason)}.</p>")
        points = review_points(doc)
        if points:
            out.append("<p>Att kontrollera innan beslut:</p><ul>" + "".join(f"<li>{_e(p)}</li>" for p in points) + "</ul>")
    notes = [(str(d.manifest), n) for d in audit.documents for n in d.notes]
    if audit.problems or notes:
        out.append("<h2>Det som inte kunde granskas</h2><ul>")
        out += [f"<li>{_e(p.where)}: {_e(p.message)}</li>" for p in audit.problems]
        out += [f"<li>{_e(where)}: {_e(note)}</li>" for where, note in notes]
        out.append("</ul>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


# --- the cover note of a re-issued document -------------------------------------------------------

def cover_note(doc: DocumentAudit, day: date, new_name: str, redline_name: str, changed: int, case_name: str) -> str:
    """A short Markdown note: which document is replaced, why (with sources), and where the changes are."""
    lines = [f"# Följebrev: nytt {doc.title}", "",
             f"Det här dokumentet ersätter {doc.name}, daterat {long_date(doc.date) if doc.date else 'okänt datum'}. "
             f"Det nya dokumentet {new_name} är byggt den {long_date(day)} från samma ärende med det klausulbibliotek "
             f"och de tröskelvärden som gäller den dagen; ärendefilen {case_name} är densamma som förut med det nya "
             "datumet.", "", "## Skäl", ""]
    lines += [f"- {reason}" for reason in reasons(doc)]
    lines += ["", "## Ändringarna", "",
              f"{count(changed, 'stycke skiljer', 'stycken skiljer')} sig från det utfärdade dokumentet. Ändringarna "
              f"visas som spårade ändringar i {redline_name}.", ""]
    points = review_points(doc)
    if points:
        lines += ["## Att kontrollera innan beslut", ""] + [f"- {p}" for p in points] + [""]
    return "\n".join(lines)
