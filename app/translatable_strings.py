"""Every English text GradLens passes through Qt's translation, found in the source, and the
zh_CN file's coverage of them.

Literal texts are read from tr() / QCoreApplication.translate() / QT_TRANSLATE_NOOP() calls (and the
report figures' figure_tr()) by an
AST walk; texts that reach tr() through a variable come from the tables they are kept in: the
training schema (core/training/trainconfig.py), the form's (setter, text) and tooltip tables
(ui/training/form_*.py, train_form.py) and the few functions that return untranslated messages.
Every `tr(variable)` call site must be listed in DYNAMIC_SITES with where its texts come from, so
a new one is noticed (tests/app/test_translation_complete.py). Torch-free.

    python -m app.translatable_strings               # translated/total and the missing texts
    python -m app.translatable_strings --merge DIR   # append DIR/*.tsv pairs the .ts lacks
"""
from __future__ import annotations

import argparse
import ast
import re
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS_FILE = ROOT / "resources" / "i18n" / "gradlens_zh_CN.ts"
SOURCE_DIRS = ("app", "ui", "core")
# call -> index of its text; figure_tr: the report's figures' words (core/reporting/figure_text.py)
TR_NAMES = {"tr": 0, "translate": 1, "QT_TR_NOOP": 0, "QT_TRANSLATE_NOOP": 1, "figure_tr": 0}
TABLE_ATTRS = {"texts", "_texts", "tips", "_tips"}  # the training form's (setter, text) and tooltip tables
# Module-level tables whose texts the code passes through tr() later.
TABLES = {"ui/training/train_form.py": ("GROUP_TITLES",), "ui/training/form_extras.py": ("WEIGHTS_TEXT",)}
# Functions returning an untranslated message that their caller translates.
RETURNING = {"ui/training/weights_settings_dialog.py": ("mirror_problem",)}
# Calls whose argument at that index is a text shown translated later: the architectures' descriptions.
CALL_ARGS = {"core/models/registry.py": {"_arch": 3}}

# tr(<not a literal>) call sites: (file, the call as written) -> where its texts come from.
DYNAMIC_SITES = {
    ("ui/training/form_extras.py", "tr(WEIGHTS_TEXT['torchvision'][0])"): "WEIGHTS_TEXT",
    ("ui/training/form_extras.py", "tr(WEIGHTS_TEXT['torchvision'][1])"): "WEIGHTS_TEXT",
    ("ui/training/problem_text.py", "tr(template)"): "TEMPLATES (QT_TRANSLATE_NOOP)",
    ("ui/training/problem_text.py", "tr(COUNTED[template], None, int(count))"): "COUNTED (QT_TRANSLATE_NOOP)",
    ("ui/training/problem_text.py", "tr(part)"): "problem_text.PARTS (the schema's names and rules, split names, metrics)",
    ("ui/training/problem_text.py", "tr(message)"): "TrainConfig.problems()' whole sentences and form_checks",
    ("ui/training/train_form.py", "self.tr(tip)"): "the form's tooltip tables and the schema's help",
    ("ui/training/train_form.py", "self.tr(text)"): "the form's text tables and the schema",
    ("ui/training/weights_settings_dialog.py", "self.tr(problem)"): "mirror_problem()",
    ("ui/training/form_running.py", "self.tr(SETTINGS[key].option.label)"): "the schema's labels",
    ("ui/training/train_form.py", "self.tr(arch.get('description', ''))"): "the registry's descriptions (CALL_ARGS)",
    ("ui/file_problem_text.py", "QCoreApplication.translate('FileProblem', text)"): "TEMPLATES (QT_TRANSLATE_NOOP)",
    ("ui/viewer/cam_controls.py", "QCoreApplication.translate('CamControls', METHODS[name][1])"):
        "METHODS (QT_TRANSLATE_NOOP)",
}


def _python_files():
    for folder in SOURCE_DIRS:
        yield from sorted((ROOT / folder).rglob("*.py"))


def _text(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _call_name(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


def _strings(node, names: dict | None = None) -> list[str]:
    """The whole texts in a table expression: literals, tuple items, dict values, both sides of an
    if-else, a name assigned a literal (`tip = "…"`); not dict keys, indexes, f-strings or the
    arguments of other calls (getattr(x, "name"))."""
    names = names or {}
    if _text(node) is not None:
        return [node.value]
    if isinstance(node, ast.Name):
        return names.get(node.id, [])
    if isinstance(node, ast.Dict):
        return [text for value in node.values for text in _strings(value, names)]
    if isinstance(node, (ast.Tuple, ast.List)):
        return [text for item in node.elts for text in _strings(item, names)]
    if isinstance(node, ast.IfExp):
        return _strings(node.body, names) + _strings(node.orelse, names)
    return []


def _is_table(node) -> bool:
    """`x.texts` / `x._tips` / `x.tips[...]` / `x.tips.update`: one of the form's text tables."""
    while isinstance(node, (ast.Subscript, ast.Attribute)):
        if isinstance(node, ast.Attribute) and node.attr in TABLE_ATTRS:
            return True
        node = node.value
    return False


def scan(path: Path, root: Path = ROOT) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """({text: "file:line"}, [(file, call) for each tr() of a non-literal]) for one source file."""
    relative = path.relative_to(root).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    dynamic = []
    names: dict[str, list[str]] = {}  # name -> the literals assigned to it anywhere in the file
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _text(node.value) is not None:
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names.setdefault(target.id, []).append(node.value.value)

    def add(texts, node):
        for text in texts:
            if text.strip():
                found.setdefault(text, f"{relative}:{node.lineno}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            index = TR_NAMES.get(_call_name(node))
            if index is not None and len(node.args) > index:
                if isinstance(node.func, ast.Attribute) and _call_name(node) == "translate" and not (
                        isinstance(node.func.value, ast.Name) and node.func.value.id == "QCoreApplication"):
                    continue  # QPainter.translate(dx, dy)
                text = _text(node.args[index])
                if text is not None:
                    add([text], node)
                else:
                    dynamic.append((relative, ast.unparse(node)))
            elif _call_name(node) in CALL_ARGS.get(relative, {}):
                at = CALL_ARGS[relative][_call_name(node)]
                add([_text(node.args[at])] if len(node.args) > at and _text(node.args[at]) else [], node)
            elif isinstance(node.func, ast.Attribute) and _is_table(node.func.value):
                add([t for arg in node.args for t in _strings(arg, names)], node)  # texts.append((setter, "…"))
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(_is_table(t) for t in targets):
                add(_strings(node.value, names), node)
            assigned = [t.id for t in targets if isinstance(t, ast.Name)]
            if any(name in TABLES.get(relative, ()) for name in assigned):
                add(_strings(node.value), node)
        elif isinstance(node, ast.FunctionDef) and node.name in RETURNING.get(relative, ()):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and inner.value is not None:
                    add(_strings(inner.value), inner)
    return found, dynamic


def schema_texts() -> dict[str, str]:
    """The training options' texts the form translates: labels, help, choices, placeholders, the
    messages TrainConfig.problems() gives as whole sentences and the option names and rules the
    messages with values in them are made of (ui/training/problem_text.py)."""
    from core.training.trainconfig import SETTINGS

    where = "core/training/trainconfig.py"
    found = {}
    for setting in SETTINGS.values():
        opt = setting.option
        if not opt.group:
            continue  # mean and std: kept in the file, not shown
        for text in (opt.label, opt.help, opt.special, opt.text, opt.placeholder):
            if text:
                found.setdefault(text, where)
        for text, tip in opt.choice_text.values():
            found.setdefault(text, where)
            if tip:
                found.setdefault(tip, where)
        if opt.widget == "folder":  # form_fields.TextField's Browse… tooltip
            found.setdefault("Choose the " + opt.name, "ui/training/form_fields.py")
    from ui.training.problem_text import PARTS  # the parts of the messages with values in them
    for text in sorted(PARTS):
        found.setdefault(text, "ui/training/problem_text.py")
    tree = ast.parse((ROOT / where).read_text(encoding="utf-8"))
    for node in ast.walk(tree):  # problems()' add(key, ok, "a whole sentence")
        if isinstance(node, ast.Call) and _call_name(node) == "add" and len(node.args) == 3:
            text = _text(node.args[2])
            if text:
                found.setdefault(text, f"{where}:{node.lineno}")
    return found


def extract() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """({every translatable text: where it is first found}, [unlisted tr(variable) call sites])."""
    texts: dict[str, str] = {}
    dynamic = []
    for path in _python_files():
        found, calls = scan(path)
        for text, where in found.items():
            texts.setdefault(text, where)
        dynamic += calls
    for text, where in schema_texts().items():
        texts.setdefault(text, where)
    unlisted = [site for site in dynamic if site not in DYNAMIC_SITES]
    return texts, unlisted


def untranslated(texts: dict[str, str], known: dict[str, str]) -> list[str]:
    """`file:line: 'text'` for each text the translation lacks."""
    return [f"{where}: {text!r}" for text, where in texts.items() if text not in known]


def translations(path: Path = TS_FILE) -> dict[str, str]:
    """{source: translation} of the .ts's finished messages (the first of each source, as the app uses)."""
    table: dict[str, str] = {}
    for message in ElementTree.parse(path).getroot().iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") in ("unfinished", "obsolete") or not translation.text:
            continue
        table.setdefault(message.findtext("source", ""), translation.text)
    return table


_FIELD = re.compile(r"\{[^{}]*\}")  # str.format fields: {0}, {1:.1f}, {name}
_QT_ARG = re.compile(r"%(?:n|L?\d+)")  # %n, %1, %L1
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")


def accelerator(text: str) -> bool:
    """Whether the text marks a keyboard shortcut: a single & before a character (&& is a plain &)."""
    return bool(re.search(r"(?<!&)&(?!&)\S", text.replace("&&", "")))


def placeholder_problems(source: str, translation: str) -> list[str]:
    """What the translation drops or adds of the source's placeholders, HTML tags and shortcut mark."""
    problems = []
    for name, pattern in (("format fields", _FIELD), ("Qt arguments", _QT_ARG), ("HTML tags", _TAG)):
        if sorted(pattern.findall(source)) != sorted(pattern.findall(translation)):
            problems.append(f"{name} {sorted(pattern.findall(source))} != {sorted(pattern.findall(translation))}")
    if accelerator(source) != accelerator(translation):
        problems.append("keyboard shortcut (&) " + ("missing" if accelerator(source) else "added"))
    return problems


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def append_messages(pairs: list[tuple[str, str]], path: Path = TS_FILE, note: str = "") -> int:
    """Append (source, translation) pairs the .ts lacks, in a new @default context at its end; the count added."""
    known = translations(path)
    new = [(s, t) for s, t in dict(pairs).items() if s and t and s not in known]
    if not new:
        return 0
    body = "".join(f"    <message>\n        <source>{_escape(s)}</source>\n"
                   f"        <translation>{_escape(t)}</translation>\n    </message>\n" for s, t in new)
    comment = f"<!-- {note} -->\n" if note else ""
    text = path.read_text(encoding="utf-8")
    end = text.rindex("</TS>")
    text = text[:end] + f"{comment}<context>\n    <name>@default</name>\n{body}</context>\n" + text[end:]
    ElementTree.fromstring(text.encode("utf-8"))  # still valid XML, or nothing is written
    tmp = path.with_suffix(".ts.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return len(new)


def read_pairs(folder: Path) -> list[tuple[str, str]]:
    """`source<TAB>translation` lines of every .tsv in `folder`; \\n written as backslash-n means a newline."""
    pairs = []
    for tsv in sorted(Path(folder).glob("*.tsv")):
        for number, line in enumerate(tsv.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) != 2 or not parts[0] or not parts[1].strip():
                print(f"{tsv.name}:{number}: skipped, not source<TAB>translation", file=sys.stderr)
                continue
            source, translation = (p.replace("\\n", "\n") for p in parts)
            problems = placeholder_problems(source, translation)
            if problems:
                print(f"{tsv.name}:{number}: skipped, {'; '.join(problems)}", file=sys.stderr)
                continue
            pairs.append((source, translation.strip()))
    return pairs


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--merge", metavar="DIR", help="append the pairs in DIR/*.tsv that the .ts lacks")
    args = parser.parse_args(argv)
    if args.merge:
        added = append_messages(read_pairs(Path(args.merge)), note=f"merged from {Path(args.merge).name}/*.tsv")
        print(f"added {added} translations to {TS_FILE.relative_to(ROOT)}")
    texts, unlisted = extract()
    known = translations()
    missing = untranslated(texts, known)
    print(f"translated {len(texts) - len(missing)}/{len(texts)}")
    for line in missing:
        print(f"missing: {line}")
    for site in unlisted:
        print(f"tr() of a variable not in DYNAMIC_SITES: {site[0]}: {site[1]}")
    return 1 if missing or unlisted else 0


if __name__ == "__main__":
    sys.exit(main())
