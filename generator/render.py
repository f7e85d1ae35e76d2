"""Jinja2 rendering in a sandbox: Swedish filters, StrictUndefined, errors mapped to file:line."""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from pathlib import Path
from types import CodeType
from typing import Any, Callable

import jinja2
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError, nodes
from jinja2.sandbox import SandboxedEnvironment, SecurityError, safe_range
from jinja2.utils import missing
from markupsafe import Markup

from . import cpv as cpvmod
from .errors import DocgenError
from .resources import cache_root

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december")

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!~&])")
_LINE_START = re.compile(r"(?m)^(\s*)([-+=]|\d+[.)])(\s)")


class BlankValue(Exception):
    """A ``{{ }}`` expression produced no value: never leave a blank in a legal document."""

    def __init__(self, message: str, filter_name: str = ""):
        super().__init__(message)
        self.filter_name = filter_name


def _blank_expressions(source: str, line: int | None, filter_name: str) -> list[str]:
    """The expressions on ``line`` of ``source`` piped into ``filter_name`` (to name what is missing)."""
    if not line or not filter_name:
        return []
    lines = source.split("\n")
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return re.findall(r"\{\{-?\s*([\w.]+(?:\[[^\]]+\])*)\s*\|\s*" + re.escape(filter_name) + r"\b", text)


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def money(value: Any) -> str:
    """1800000 -> '1 800 000 kr'; 1234.5 -> '1 234,50 kr'."""
    if value is None:
        raise BlankValue("belopp saknas", "money")
    amount = Decimal(str(value))
    if amount == amount.to_integral_value():
        return f"{_thousands(int(amount))} kr"
    whole, _, cents = f"{amount:.2f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{_thousands(abs(int(whole)))},{cents} kr"


def number(value: Any) -> str:
    """Plain Swedish number with space as thousands separator: 48000 -> '48 000'."""
    return money(value)[:-3]


def datum(value: Any) -> str:
    """date(2027, 3, 1) -> '1 mars 2027'."""
    if isinstance(value, datetime):
        value = value.date()
    if value is None:
        raise BlankValue("datum saknas", "datum")
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if not isinstance(value, date):
        raise ValueError(f"{value!r} är inget datum")
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def procent(value: Any) -> str:
    """30 -> '30 %'; 12.5 -> '12,5 %'."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{str(value).replace('.', ',')} %"


def cpv_label(code: Any) -> str:
    """'85311100-3' -> '85311100-3 Äldreomsorg'."""
    code = str(code)
    name = cpvmod.name_of(code)
    return f"{code} {name}" if name else code


NUMBER_WORDS = ("noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv")
ORDINAL_WORDS = ("nollte", "första", "andra", "tredje", "fjärde", "femte", "sjätte", "sjunde", "åttonde", "nionde",
                 "tionde", "elfte", "tolfte")


def in_words(value: Any, gender: str = "n") -> str:
    """Swedish style writes small numbers in words: 2 -> 'två'; 1 -> 'en' ('ett' with gender 't'); 13 -> '13'."""
    number_ = int(value)
    if 0 <= number_ < len(NUMBER_WORDS):
        word = NUMBER_WORDS[number_]
        return "ett" if word == "en" and gender == "t" else word
    return str(number_)


def ordinal(value: Any) -> str:
    """3 -> 'tredje' (as in 'vart tredje år'); 13 -> '13:e'."""
    number_ = int(value)
    return ORDINAL_WORDS[number_] if 0 <= number_ < len(ORDINAL_WORDS) else f"{number_}:e"


def every_years(value: Any) -> str:
    """1 -> 'varje år'; 2 -> 'vartannat år'; 3 -> 'vart tredje år'."""
    number_ = int(value)
    return "varje år" if number_ == 1 else "vartannat år" if number_ == 2 else f"vart {ordinal(number_)} år"


def months_text(value: Any) -> str:
    """36 -> '36 månader'; 1 -> '1 månad'."""
    return f"{value} månad" if int(value) == 1 else f"{value} månader"


def swedish_list(values: Any, conjunction: str = "och") -> str:
    """['a'] -> 'a'; ['a', 'b'] -> 'a och b'; ['a', 'b', 'c'] -> 'a, b och c' (Swedish: no comma before 'och').

    ``conjunction`` may be 'eller' for alternatives. An empty list is refused like any other blank.
    """
    if values is None:
        raise BlankValue("listan saknas", "lista")
    items = [values] if isinstance(values, str) else [str(v) for v in values]
    if not items:
        raise BlankValue("listan är tom", "lista")
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def escape_markdown(text: str) -> str:
    """Make a case value inert in Markdown: no headings, links, tables or emphasis sneak in."""
    text = re.sub(r"\r\n?", "\n", text)
    text = re.sub(r"\n{2,}", "\0", text).replace("\n", " ").replace("\0", "\n\n")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)[:-1]}\\{m.group(2)[-1]}{m.group(3)}", text)


def unescape_markdown(text: str) -> str:
    """Inverse of escape_markdown for one line of plain text (titles for metadata)."""
    return re.sub(r"\\([\\`*_\[\]<>|#!~&.)+=-])", r"\1", text)


def finalize(value: Any) -> Any:
    if value is None:
        raise BlankValue("uttrycket gav inget värde")
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, date):
        return datum(value)
    if isinstance(value, (list, tuple)):
        return escape_markdown(", ".join(str(v) for v in value))
    return escape_markdown(str(value))


MAX_PRODUCT = 100_000  # longest string or list an expression may build by repetition


class UndefinedNameError(UndefinedError):
    """A name the template uses that the context does not hold, with the name kept apart."""

    def __init__(self, message: str | None = None, name: str | None = None):
        super().__init__(message)
        self.name = name


class NamedUndefined(StrictUndefined):
    """StrictUndefined whose error for a missing name carries the name (``UndefinedNameError.name``),
    so the message to the user never has to be read out of Jinja's English text."""

    __slots__ = ()

    def __init__(self, hint=None, obj=missing, name=None, exc=UndefinedError):
        super().__init__(hint, obj, name, exc)
        if hint is None and obj is missing and isinstance(name, str):
            self._undefined_exception = partial(UndefinedNameError, name=name)


class DocgenSandbox(SandboxedEnvironment):
    """The environment every clause, template title and ``when`` condition is rendered in."""

    # Repetition and powers are checked before they run: ``'x' * 10**10`` would otherwise eat memory.
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator, left, right):
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_PRODUCT:
                    raise SecurityError(f"resultatet av * blir för stort (över {MAX_PRODUCT} tecken/element)")
        if operator == "**" and isinstance(right, (int, float)) and isinstance(left, (int, float)) and abs(right) > 64:
            raise SecurityError("exponenten i ** är för stor (högst 64)")
        return super().call_binop(context, operator, left, right)

    def __init__(self) -> None:
        super().__init__(undefined=NamedUndefined, autoescape=False, finalize=finalize,
                         keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
        self.filters.update(money=money, datum=datum, procent=procent, cpv=cpv_label, antal=number,
                            manader=months_text, lista=swedish_list, ord=in_words,
                            ordningstal=ordinal, vart_ar=every_years)
        # Only the filters above plus Jinja's built-ins; no globals that reach Python objects.
        self.globals.clear()
        self.globals.update(range=safe_range)  # refuses ranges over 100 000 items


ENV = DocgenSandbox()
_CACHE: dict[tuple[str, str], Any] = {}


_TAG = re.compile(r"\{%.*?%\}")


def keep_text_line_breaks(source: str) -> str:
    """trim_blocks removes the newline after every block tag; keep it when the line also holds text.

    A line that is only ``{% if … %}`` disappears entirely (as authors expect), while
    ``Text {% if x %}a{% else %}b{% endif %}`` keeps its line break, so paragraphs never run together.
    """
    lines = source.split("\n")
    for index, line in enumerate(lines):
        stripped = line.rstrip()
        if stripped.endswith("%}") and not stripped.endswith(("-%}", "+%}")) and _TAG.sub("", stripped).strip():
            lines[index] = stripped[:-2] + "+%}" + line[len(stripped):]
    return "\n".join(lines)


def compile_template(source: str, filename: str):
    key = (filename, source)
    template = _CACHE.get(key)
    if template is None:
        code = _compiled(source, filename)
        template = ENV.template_class.from_code(ENV, code, ENV.make_globals(None), None)
        if len(_CACHE) > 2000:
            _CACHE.clear()
        _CACHE[key] = template
    return template


_COMPILED_VERSION = "2"   # bump when the key or the stored form changes
_SOURCE_DIGEST: list[str] = []


def source_digest() -> str:
    """sha256 of this module's source: the sandbox's settings, filters and ``keep_text_line_breaks`` all
    shape the compiled code, so any change here is a new key."""
    if not _SOURCE_DIGEST:

        _SOURCE_DIGEST.append(hashlib.sha256(Path(__file__).read_bytes()).hexdigest())
    return _SOURCE_DIGEST[0]


def _compiled(source: str, filename: str) -> CodeType:
    """The Python code Jinja compiles ``source`` to, kept on disk by content (``jinja/`` in docgen's
    cache folder): a new process reads the code of each clause text instead of compiling it again.
    The key holds the text, its file name (tracebacks map lines through it), this module's source (the
    sandbox's settings and filters), Jinja's and Python's versions; an unreadable or stale file is
    compiled again, so the output never depends on the cache."""

    root = cache_root()
    path = None
    if root is not None:


        key = hashlib.sha256(f"{_COMPILED_VERSION}\0{source_digest()}\0{jinja2.__version__}\0{sys.version}\0"
                             f"{filename}\0{source}"
                             .encode("utf-8", "surrogatepass")).hexdigest()
        path = root / "jinja" / key[:2] / f"{key}.bin"
        try:
            return marshal.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            pass
    code = ENV.compile(keep_text_line_breaks(source), name=filename, filename=filename)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            temp.write_bytes(marshal.dumps(code))
            os.replace(temp, path)
        except OSError:
            pass   # a cache that cannot be written only costs time
    return code


def _template_line(exc: BaseException, filename: str) -> int | None:
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


_BLOCK_TAGS = ("if", "for", "macro", "call", "filter", "block", "with", "autoescape", "raw", "trans")
_MIDDLE_TAGS = {"else": ("if", "for"), "elif": ("if",)}
_OTHER_TAGS = ("set", "include", "import", "from", "extends", "do", "break", "continue", "pluralize")


def jinja_problem_sv(source: str, expression: bool = False) -> str:  # noqa: C901 - one branch per kind of Jinja error, each its Swedish sentence
    """What is wrong with Jinja text that does not compile, in Swedish ("texten tar slut innan {% if %}
    har avslutats med {% endif %}"), never Jinja's English. Worked out from the text itself (its tokens and
    tree), not by reading Jinja's message. ``expression``: the text is a condition (a template's ``when``)."""
    if expression:
        return "uttrycket är ofullständigt eller felskrivet"
    try:
        tokens = list(ENV.lex(source))
    except TemplateSyntaxError:
        return "ett tecken i ett {{ }}- eller {% %}-uttryck kan inte stå där"
    stack: list[str] = []
    open_kind = None
    previous = None
    for index, (_line, kind, value) in enumerate(tokens):
        if kind == "whitespace":
            continue
        if kind in ("variable_begin", "block_begin"):
            open_kind, previous = kind, None
            continue
        if kind in ("variable_end", "block_end"):
            open_kind = None
            continue
        if open_kind == "block_begin" and previous is None and kind == "name":
            previous = kind
            if value.startswith("end"):
                if not stack:
                    return f"{{% {value} %}} saknar sitt inledande {{% {value[3:]} %}}"
                if stack[-1] != value[3:]:
                    return f"{{% {value} %}} står där {{% {stack[-1]} %}} först måste avslutas med {{% end{stack[-1]} %}}"
                stack.pop()
            elif value in _MIDDLE_TAGS:
                if not stack or stack[-1] not in _MIDDLE_TAGS[value]:
                    return f"{{% {value} %}} står utanför {{% if %}}"
            elif value == "set":
                rest = [t for t in tokens[index + 1:] if t[1] in ("operator", "block_end")]
                if rest and rest[0][1] == "block_end":
                    stack.append("set")   # {% set x %}…{% endset %}
            elif value in _BLOCK_TAGS:
                stack.append(value)
            elif value not in _OTHER_TAGS:
                return f"okänd tagg {{% {value} %}}"
            continue
        if open_kind == "variable_begin":
            if kind in ("name", "string", "integer", "float") and previous in ("name", "string", "integer", "float"):
                return f"{{{{ }}}} innehåller mer än ett uttryck: {value!r} väntades inte (saknas ett | eller ett komma?)"
            previous = kind
    if open_kind is not None:
        return "texten tar slut mitt i ett {{ }}- eller {% %}-uttryck"
    if stack:
        return f"texten tar slut innan {{% {stack[-1]} %}} har avslutats med {{% end{stack[-1]} %}}"
    try:
        tree = ENV.parse(source)
    except TemplateSyntaxError:
        return "ett uttryck kan inte läsas (kontrollera parenteser, citattecken och kommatecken)"
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        known = ENV.filters if isinstance(node, nodes.Filter) else ENV.tests
        if node.name not in known:
            return f"{'filtret' if isinstance(node, nodes.Filter) else 'testet'} {node.name!r} finns inte"
    return "ett uttryck kan inte läsas (kontrollera parenteser, citattecken och kommatecken)"


def render_text(source: str, context: dict[str, Any], filename: str,
                where: Callable[[int | None], str], what: str = "klausulen") -> str:
    """Render ``source`` with ``context``; any failure becomes a DocgenError at ``where(line)``."""
    try:
        template = compile_template(source, filename)
        return template.render(context)
    except DocgenError as exc:
        if exc.where == where(None):  # raised by a helper such as ref(): add the template line
            exc.where = where(_template_line(exc, filename))
        raise
    except TemplateSyntaxError as exc:
        raise DocgenError(f"Jinja-syntaxfel i {what}: {jinja_problem_sv(source)}", where=where(exc.lineno),
                          hint="kontrollera {{ }}, {% %} och att varje {% if %}/{% for %} avslutas") from None
    except UndefinedError as exc:
        name = getattr(exc, "name", None)
        detail = f"variabeln {name!r} är inte definierad" if name else f"odefinierat värde ({exc.message})"
        raise DocgenError(f"{detail} i {what}", where=where(_template_line(exc, filename)),
                          hint="deklarera den under variables: i front matter eller ange den i ärendefilen") from None
    except SecurityError as exc:
        raise DocgenError(f"otillåten operation i {what} stoppades av sandlådan: {exc}",
                          where=where(_template_line(exc, filename)),
                          hint="klausuler får bara använda variabler, filter och ref()") from None
    except BlankValue as exc:
        line = _template_line(exc, filename)
        names = _blank_expressions(source, line, exc.filter_name)
        named = f" ({', '.join(names)})" if names else ""
        hint = (f"ange {' eller '.join(names)} i ärendefilen" if names else
                "ange värdet i ärendefilen eller ge variabeln ett default")
        raise DocgenError(f"tomt värde i {what}: {exc}{named}", where=where(line), hint=hint) from None
    except (TemplateError, TypeError, ValueError, ArithmeticError, AttributeError, KeyError, IndexError,
            OverflowError, RecursionError, MemoryError) as exc:
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        raise DocgenError(f"fel när {what} skulle återges: {message}", where=where(_template_line(exc, filename)),
                          hint="kontrollera uttrycket på raden") from None


_CONDITIONS: dict[str, Any] = {}


def _condition(expression: str):
    """A template's ``when`` compiled once per process (a tender has ~40, many of them alike)."""
    compiled = _CONDITIONS.get(expression)
    if compiled is None:
        compiled = ENV.compile_expression(expression, undefined_to_none=False)
        if len(_CONDITIONS) > 2000:
            _CONDITIONS.clear()
        _CONDITIONS[expression] = compiled
    return compiled


def evaluate_condition(expression: str, context: dict[str, Any], where: str) -> bool:
    try:
        return bool(_condition(expression)(**context))
    except Exception as exc:  # noqa: BLE001 - every failure of a user expression is a user error
        message = getattr(exc, "message", None) or str(exc)
        if isinstance(exc, TemplateSyntaxError):
            message = jinja_problem_sv(expression, expression=True)
        raise DocgenError(f"villkoret {expression!r} kan inte prövas: {message}", where=where) from None
