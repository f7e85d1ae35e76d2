"""`docgen clauses list` and `docgen clauses show ID`: what the clause library offers a buyer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import DocgenError
from .options import RouteChoice


def _applies(clause, route: str | None) -> bool:
    return route is None or "all" in clause.meta.routes or route in clause.meta.routes


def kind_label(kind: str) -> str:
    """``general`` → ``allmän (general)``: the Swedish word, and the id that --kind and front matter use."""
    from ..library import KIND_LABELS

    label = KIND_LABELS.get(kind, kind)
    return label if label == kind else f"{label} ({kind})"


def clause_rows(library, kind: str | None = None, route: str | None = None) -> list[dict[str, str]]:
    """One row per clause, filtered by kind and route, in id order."""
    rows = []
    for clause in sorted(library, key=lambda c: c.id):
        if kind and clause.meta.kind != kind:
            continue
        if not _applies(clause, route):
            continue
        rows.append({"id": clause.id, "kind": clause.meta.kind, "kind_label": kind_label(clause.meta.kind),
                     "routes": ",".join(clause.meta.routes),
                     "key": f"clauses.{clause.params_key}", "levels": ",".join(clause.meta.levels) or "–",
                     "review": str(len(clause.meta.review)), "title": clause.meta.title})
    return rows


def _placeholder(name: str, spec) -> Any:
    """An example value for a required variable the sample does not give, visibly a placeholder."""
    kind = spec.type
    if kind == "choice":
        return spec.choices[0]
    if kind in ("integer", "money", "percent"):
        return {"integer": 3, "money": 10000, "percent": 50}[kind]
    if kind == "bool":
        return True
    if kind == "list":
        return [f"‹{name} 1›", f"‹{name} 2›"]
    if kind == "date":
        return "2027-01-01"
    if kind == "cpv":
        return "90910000-9"
    if kind == "time":
        return "12.00"
    return f"‹{name}›"


def _template_clause_ids(spec) -> set[str]:
    from ..plan import walk_template

    return {entry.clause for entry in walk_template(spec) if entry.clause}


def _template_files() -> list[Path]:
    """The bundled templates, then those of kinds with their own folder (a plugin kind's)."""
    from ..kinds import DOCUMENT_KINDS
    from ..resources import resource_dir

    folders = [resource_dir("templates")] + [f for k in DOCUMENT_KINDS.values() if (f := k.own_folder("templates"))]
    return [path for folder in dict.fromkeys(folders) for path in sorted(folder.glob("*.yaml"))]


def _templates_using(clause) -> list[tuple[str, str]]:
    """(template, case kind) of the templates that use the clause; if none does, those of the kinds whose
    family the clause's front-matter kind belongs to (``kinds.family_of``: iop, policy, else tender)."""
    from ..kinds import family_of, kind_of_template
    from ..plan import load_template

    family_kinds = {k.key for k in family_of(clause.meta.kind)}
    using, family = [], []
    for path in _template_files():
        kind = kind_of_template(path.stem)
        if kind is None:
            continue
        spec, _path = load_template(path.stem, path.parent)
        if clause.id in _template_clause_ids(spec):
            using.append((path.stem, kind.key))
        if kind.key in family_kinds:
            family.append((path.stem, kind.key))
    return using or family


def _sample_files() -> list[Path]:
    from ..kinds import DOCUMENT_KINDS
    from ..resources import resource_dir

    folders = [resource_dir("samples")] + [f for k in DOCUMENT_KINDS.values() if (f := k.own_folder("samples"))]
    return [path for folder in dict.fromkeys(folders) for path in sorted(folder.glob("*.yaml"))]


def _samples_for(clause, library) -> list:
    """The samples and templates to show the clause with, best first: a sample of a document kind whose
    template uses the clause (and whose route the clause allows), preferring one for which the template
    picks the clause (its build's plan), then one that gives the clause's variables. [(loaded, template), …]"""
    from ..build import Build
    from ..kinds import load_case

    samples = []
    for path in _sample_files():
        try:
            samples.append(load_case(path))
        except DocgenError:
            continue
    scored = []
    for order, (template, case_kind) in enumerate(_templates_using(clause)):
        for index, loaded in enumerate(samples):
            model = loaded.model
            if model.document != case_kind or not _applies(clause, getattr(model, "route", None)):
                continue
            try:
                picked = clause.id in {c.id for c in Build(case_kind, loaded, library).plan(template).clauses()}
            except DocgenError:
                continue
            scored.append(((not picked, clause.params_key not in model.clauses, order, index), loaded, template))
    return [(loaded, template) for _score, loaded, template in sorted(scored, key=lambda s: s[0])]


def example_case(clause, loaded, level: str | None):
    """The sample case with the clause's own values as ``clauses show`` shows them: the sample's values
    that suit the clause (a value of another mode of the same family is dropped), a placeholder for a
    required variable without a default, the clause's ``mode`` and ``level``. Which value wins after that
    is assemble's rule (the case, the level's default, the default)."""
    from ..case import LoadedCase
    from ..library import LEVELS, coerce
    from ..values import chosen_level, level_defaults

    supplied = loaded.model.clauses.get(clause.params_key, {}) or {}
    own: dict[str, Any] = {}
    for name, var in clause.meta.variables.items():
        if name in supplied:
            try:
                coerce(var, supplied[name])
                own[name] = supplied[name]
                continue
            except ValueError:  # the sample chose another mode of the same family
                pass
        if name == "mode" and var.choices:   # the mode that picks this clause
            own[name] = var.default if var.default in var.choices else var.choices[0]
    chosen = None
    if clause.meta.levels:
        chosen = level or chosen_level(clause, loaded) or LEVELS[0]
        own["level"] = chosen
    by_level = level_defaults(clause, chosen)
    for name, var in clause.meta.variables.items():
        if name not in own and name not in by_level and var.default is None and var.required:
            own[name] = _placeholder(name, var)
    clauses = {**loaded.model.clauses, clause.params_key: {**{k: v for k, v in supplied.items() if k == "motiv"}, **own}}
    return LoadedCase(loaded.model.model_copy(update={"clauses": clauses}), loaded.lines, "", loaded.source)


def render_example(clause, library, level: str | None = None) -> tuple[str, str, str]:
    """The clause rendered with a bundled sample case (its values, else the level's defaults, else defaults,
    else placeholders) at ``level`` (default: the sample's level for the clause, else the first level), in
    the document of a template that uses it, built as ``docgen`` builds it: (text, sample file name, template)."""
    from ..build import Build
    from ..kinds import get_kind

    kind = None
    for loaded, template in _samples_for(clause, library):
        kind = get_kind(loaded.model.document)
        example = example_case(clause, loaded, level)
        example.sha256 = loaded.sha256
        try:
            built = Build(kind, example, library).render(
                [], template=None if template == kind.template else template, companions=False)
        except DocgenError:
            continue   # e.g. a "Motiv till ställda krav" for a sample without criteria: try the next sample
        text = built.main.document.bodies.get(clause.id)
        if text is not None:
            return text, Path(loaded.source).name, template
    raise DocgenError(f"inget inbyggt exempelärende (docgen exempel) passar klausulen {clause.id}",
                      hint="lägg till ett exempel för någon av vägarna " + ", ".join(clause.meta.routes))


def criteria_lines(meta) -> list[str]:
    """The criteria form as `clauses show` prints it: krav, verifikat (when) and motiv, per level if any."""
    from ..criteria import proof_times

    if meta.criteria is False:
        return ["", "Kriterier: inga (klausulen ställer inget krav)"]
    if meta.criteria is None:
        return []
    out = ["", "Kriterier (krav · verifikat · motiv; {{ }} fylls i från ärendet):"]
    for level in meta.levels or [None]:
        form = meta.criteria_at(level)
        if level:
            defaults = meta.levels[level].defaults
            shown = ", ".join(f"{k}: {v}" for k, v in defaults.items())
            out.append(f"  Nivå {level}" + (f" (standardvärden: {shown})" if shown else "") + ":")
        indent = "    " if level else "  "
        out += _labelled(f"{indent}krav:      ", form.krav, variables=meta.variables)
        out += _labelled(f"{indent}verifikat: ", form.verifikat, f" (lämnas {proof_times(form.when)})", meta.variables)
        out += _labelled(f"{indent}motiv:     ", form.motiv, variables=meta.variables)
    return out


def _labelled(label: str, text: str, tail: str = "", variables=None) -> list[str]:
    """``krav: text``, or with conditions ``krav:`` and one indented "Om …:" line per case."""
    lines = readable(text, variables)
    if len(lines) == 1:
        return [f"{label}{lines[0]}{tail}"]
    pad = " " * len(label)
    return [label.rstrip() + tail] + [f"{pad}{line}" for line in lines]


@click.group()
def clauses() -> None:
    """Visa klausulbiblioteket: vilka klausuler och villkor som finns och hur de anges."""


@clauses.command("list")
@click.option("--kind", "kind", default=None, help="Visa bara klausuler av denna typ (t.ex. employment, labour-law, social).")
@click.option("--route", "route", type=RouteChoice(), default=None, help="Visa bara klausuler som gäller för vägen.")
@click.option("--clauses", "clauses_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Annat klausulbibliotek än det inbyggda.")
@click.option("--wide", is_flag=True, help="En rad per klausul i en bred tabell (för breda terminaler och skript).")
def list_clauses(kind: str | None, route: str | None, clauses_dir: Path | None, wide: bool = False) -> None:
    """Lista klausulerna (id, typ, vägar, nyckel i ärendefilen, nivåer, antal punkter att granska, rubrik).

    Utan --wide ryms listan i terminalens bredd: rubriken på första raden, resten indraget under.
    """
    from ..library import CLAUSE_KINDS, KIND_LABELS, load_library

    by_label = {label.lower(): key for key, label in KIND_LABELS.items()}
    kind = by_label.get(kind.lower(), kind) if kind is not None else None   # --kind allmän works too
    if kind is not None and kind not in CLAUSE_KINDS:
        import difflib

        close = difflib.get_close_matches(kind, CLAUSE_KINDS, n=1)
        valid = "giltiga typer: " + ", ".join(f"{k} ({KIND_LABELS[k]})" if KIND_LABELS[k] != k else k for k in sorted(CLAUSE_KINDS))
        raise DocgenError(f"okänd klausultyp {kind!r}", where="--kind",
                          hint=f"menade du {close[0]!r}? {valid}" if close else valid)
    rows = clause_rows(load_library(clauses_dir), kind, route)
    if not rows:
        click.echo("Inga klausuler matchar.")
        return
    if wide:
        click.echo(wide_table(rows))
    else:
        import shutil

        click.echo(narrow_list(rows, shutil.get_terminal_size((100, 24)).columns))


def wide_table(rows: list[dict[str, str]]) -> str:
    # GRANSKA: how many cited paragraphs or facts a lawyer has yet to confirm (front matter review:). TYP is the
    # kind id (one word, for scripts); the narrow list gives it in Swedish
    header = {"id": "ID", "kind": "TYP", "routes": "VÄGAR", "key": "ANGES UNDER", "levels": "NIVÅER", "review": "GRANSKA",
              "title": "RUBRIK"}
    columns = ("id", "kind", "routes", "key", "levels", "review")
    widths = {k: max(len(header[k]), *(len(r[k]) for r in rows)) for k in columns}
    return "\n".join("  ".join(row[k].ljust(widths[k]) for k in columns) + "  " + row["title"]
                     for row in [header, *rows])


def narrow_list(rows: list[dict[str, str]], width: int) -> str:
    """Each clause as ``id – rubrik`` and an indented line of the rest, wrapped to ``width`` columns."""
    import textwrap

    width = max(width, 40)
    out = []
    for row in rows:
        out += textwrap.wrap(f"{row['id']} – {row['title']}", width, subsequent_indent="    ", break_on_hyphens=False)
        levels = row["levels"].replace(",", ", ")
        details = f"typ {row['kind_label']} · vägar {row['routes'].replace(',', ', ')} · nivåer {levels} · anges under {row['key']}"
        out += textwrap.wrap(details, width, initial_indent="    ", subsequent_indent="    ", break_on_hyphens=False)
    return "\n".join(out)


@clauses.command("show")
@click.argument("clause_id")
@click.option("--clauses", "clauses_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Annat klausulbibliotek än det inbyggda.")
def show_clause(clause_id: str, clauses_dir: Path | None) -> None:
    """Visa en klausul: front matter, variabler, rättslig grund, uppföljning och ett återgivet exempel."""
    from ..kinds import all_clauses
    from ..library import load_library

    library = all_clauses(load_library(clauses_dir))   # and the clauses of kinds with their own (plugins)
    clause = library.get(clause_id, where="docgen clauses show")
    meta = clause.meta
    out = [f"{meta.id} – {meta.title}",
           f"  fil:             {clause.path}",
           f"  typ:             {kind_label(meta.kind)}",
           f"  vägar:           {', '.join(meta.routes)}",
           f"  version:         {meta.version} (gäller från {meta.valid_from.isoformat()})",
           f"  rättslig grund:  {'; '.join(b if isinstance(b, str) else f'{b.basis} (om {b.when})' for b in meta.legal_basis) or '–'}",
           f"  anges under:     clauses.{clause.params_key} i ärendefilen", "", "Variabler:"]
    if not meta.variables:
        out.append("  (inga)")
    for name, var in meta.variables.items():
        if meta.levels and all(name in level.defaults for level in meta.levels.values()):
            status = "standard enligt nivå: " + ", ".join(f"{k} {v.defaults[name]}" for k, v in meta.levels.items())
        elif var.required:
            status = "obligatorisk"
        elif var.default is not None:
            shown = str(var.default).lower() if isinstance(var.default, bool) else var.default
            status = f"standard: {shown}"
        else:
            status = "frivillig"
        choices = f" [{' | '.join(map(str, var.choices))}]" if var.choices else ""
        out.append(f"  {name} ({var.type}{choices}; {status}): {var.description}")
    if meta.follow_up:
        out += ["", "Uppföljning (vad – när – underlag):"]
        for row in meta.follow_up:
            lines = readable(f"{row.what} – {row.when} – {row.evidence}", meta.variables)
            out.append(f"  - {lines[0]}" if len(lines) == 1 else "  -")
            out += [f"    {line}" for line in lines] if len(lines) > 1 else []
    if meta.changes:
        out += ["", "Ändringar (senaste först):"] + [f"  - {note.text()}" for note in meta.changes]
    out += criteria_lines(meta)
    from ..resources import resource_dir

    text, sample, template = render_example(clause, library)
    stem = Path(sample).stem
    bundled = (resource_dir("samples") / sample).is_file()   # else a plugin kind's own sample
    source = f"exemplet {stem}, se docgen exempel {stem}" if bundled else f"samples/{sample}"
    out += ["", f"Exempel (mallen {template}, värden från {source}; ‹…› = uppgift som ska anges):", "", text]
    click.echo("\n".join(out))


COMMANDS = [clauses]


# --- lawyer-readable conditions: "{% if punkt == '2' %}…{% else %}…{% endif %}" as "Om punkt är 2: …" lines ---

_MAX_VARIANTS = 12


def _condition_values(text: str, variables) -> dict[str, list]:
    """The values worth trying for each variable an ``{% if %}`` tests: the clause's choices, else the
    literals the text compares it with plus one other value, else true/false."""
    import re

    tests = " ".join(re.findall(r"{%-?\s*(?:el)?if\b(.*?)-?%}", text, re.S))
    names = [n for n in dict.fromkeys(re.findall(r"\b([A-Za-z_]\w*)\b", re.sub(r"(['\"]).*?\1", "", tests)))
             if n not in ("and", "or", "not", "in", "is", "true", "false", "True", "False", "none", "None", "defined")]
    values: dict[str, list] = {}
    for name in names:
        var = variables.get(name) if variables else None
        literals = list(dict.fromkeys(re.findall(rf"\b{name}\s*(?:==|!=)\s*['\"]([^'\"]*)['\"]", tests)))
        if var is not None and var.choices:
            values[name] = list(var.choices)
        elif literals:
            values[name] = literals + ["‹annat›"]
        else:
            values[name] = [True, False]
    return values


def _word(name: str, value) -> str:
    if value is True:
        return f"{name} är true"
    if value is False:
        return f"{name} är false"
    return f'{name} är "{value}"' if " " in str(value) else f"{name} är {value}"


def readable(text: str, variables=None) -> list[str]:
    """A clause text as a lawyer reads it: unchanged without conditions, else one "Om …:" line per
    outcome (values giving the same text joined with "eller"); ``{{ … }}`` stay as they are."""
    import itertools
    import re

    import jinja2

    if "{%" not in text:
        return [text]
    kept: list[str] = []

    def keep(match) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    protected = re.sub(r"{{.*?}}", keep, text, flags=re.S)
    values = _condition_values(protected, variables)
    combos = list(itertools.product(*values.values()))
    if not values or len(combos) > _MAX_VARIANTS:
        return [text]
    try:
        template = jinja2.Environment(autoescape=False).from_string(protected)
    except jinja2.TemplateError:
        return [text]
    outcomes: dict[str, list[str]] = {}
    for combo in combos:
        try:
            body = template.render(dict(zip(values, combo)))
        except jinja2.TemplateError:
            return [text]
        body = re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], " ".join(body.split()))
        words = " och ".join(_word(n, v) for n, v in zip(values, combo))
        outcomes.setdefault(body, []).append(words)
    if len(outcomes) == 1:
        return [next(iter(outcomes))]
    return [f"Om {' eller '.join(conds)}: {body}" for body, conds in outcomes.items()]
