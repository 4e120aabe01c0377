#!/usr/bin/python3
"""Writes the table of what `qnn.from_torch` imports into docs/UserGuide.md,
between `<!-- BEGIN generated: import table -->` and `<!-- END generated:
import table -->`, from the importer's registry (python/qnn/importer/
registry.py): one row per handler, the torch module classes or functions
dispatched to it, and the first paragraph of its docstring (the qnn ops it
emits).

    scripts/gen-import-table.py           rewrite the table in place
    scripts/gen-import-table.py --check   exit 1 if the table is stale
    scripts/gen-import-table.py --print   print the table

python/tests/test_import_table.py runs --check."""
import argparse
import inspect
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "UserGuide.md"
BEGIN = "<!-- BEGIN generated: import table -->"
END = "<!-- END generated: import table -->"

# How the user spells a module class: the longest matching module prefix.
_CLASS_PREFIXES = sorted([
    ("torch.ao.nn.quantized.dynamic", "nnqd"), ("torch.nn.quantized.dynamic", "nnqd"),
    ("torch.ao.nn.quantized", "nnq"), ("torch.nn.quantized", "nnq"),
    ("torch.ao.nn.intrinsic.quantized.dynamic", "nniqd"),
    ("torch.ao.nn.intrinsic.quantized", "nniq"), ("torch.nn.intrinsic.quantized", "nniq"),
    ("torch.ao.nn.intrinsic.qat", "nniqat"), ("torch.nn.intrinsic.qat", "nniqat"),
    ("torch.ao.nn.intrinsic", "nni"), ("torch.nn.intrinsic", "nni"),
    ("torch.ao.nn.qat", "nnqat"), ("torch.nn.qat", "nnqat"),
    ("torch.ao.quantization", "torch.ao.quantization"), ("torch.nn", "nn"),
], key=lambda p: -len(p[0]))


def class_name(t):
    """`nn.Conv2d`, `nnq.Linear`, ... (markdown); a private base class is
    named with its subclasses, which dispatch to the same handler."""
    mod = getattr(t, "__module__", "") or ""
    name = t.__qualname__
    for prefix, short in _CLASS_PREFIXES:
        if mod == prefix or mod.startswith(prefix + "."):
            name = f"{short}.{name}"
            break
    else:
        name = f"{mod}.{name}" if mod else name
    return f"`{name}` and subclasses" if t.__name__.startswith("_") else f"`{name}`"


def function_name(fn):
    """How a traced call is written: `F.relu`, `torch.cat`, `Tensor.view`,
    `operator.add`, `torch.ops.quantized.conv2d`."""
    import torch
    import torch.nn.functional as F
    from qnn.importer.common import _fn_name
    short = getattr(fn, "__name__", None)
    if not isinstance(fn, str) and short:  # the spelling that is the same object
        for prefix, home in (("F.", F), ("torch.", torch)):
            if getattr(home, short, None) is fn:
                return prefix + short
    name = _fn_name(fn)
    for prefix, short in (("torch.nn.functional.", "F."), ("builtins.", "")):
        if name.startswith(prefix):
            return short + name[len(prefix):]
    return name


def summary(handler):
    """The first paragraph of the handler's docstring, on one line."""
    doc = inspect.getdoc(handler)
    if not doc:
        return "(undocumented)"
    return " ".join(doc.split("\n\n")[0].split()).replace("|", "\\|")


def _where(handler):
    code = getattr(handler, "__code__", None)
    module = getattr(handler, "__module__", "") or ""
    return (module, code.co_firstlineno if code else 0, getattr(handler, "__name__", repr(handler)))


def handler_label(handler):
    module, _, name = _where(handler)
    return f"{module.rsplit('.', 1)[-1]}.{name}"


def groups():
    """(title, column header, [(handler, [names])]) for the module tables
    and the function table, each in source order."""
    from qnn.importer import registry
    modules, functions = {}, {}
    for types, handler in list(registry._MODULE_HANDLERS) + list(registry._OP_MODULES):
        names = modules.setdefault(handler, [])
        names.extend(n for n in map(class_name, types) if n not in names)
    for target, handlers in registry._FUNCTION_HANDLERS.items():
        for handler in handlers:
            names = functions.setdefault(handler, [])
            name = f"`{function_name(target)}`"
            if name not in names:
                names.append(name)
    return [("Modules", "torch module classes", sorted(modules.items(), key=lambda kv: _where(kv[0]))),
            ("Functions and Tensor methods", "torch functions, Tensor methods",
             sorted(functions.items(), key=lambda kv: _where(kv[0])))]


def render():
    lines = [BEGIN,
             "<!-- Written by scripts/gen-import-table.py from the importer's registry; "
             "do not edit by hand. -->", ""]
    for title, column, rows in groups():
        lines += [f"#### {title}", "", f"| {column} | qnn ops | handler |", "|---|---|---|"]
        for handler, names in rows:
            forms = ", ".join(sorted(names, key=lambda n: n.replace("`", "").lower()))
            lines.append(f"| {forms} | {summary(handler)} | `{handler_label(handler)}` |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def splice(text, table):
    """`text` with the marked block replaced by `table`."""
    if text.count(BEGIN) != 1 or text.count(END) != 1 or text.index(BEGIN) > text.index(END):
        raise SystemExit(f"{DOC}: expected one '{BEGIN}' followed by one '{END}'")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return head + table + tail


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 if docs/UserGuide.md is stale")
    mode.add_argument("--print", action="store_true", help="print the table")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "python"))
    table = render()
    if args.print:
        print(table)
        return 0
    text = DOC.read_text()
    new = splice(text, table)
    if args.check:
        if new != text:
            print(f"{DOC} is stale: run scripts/gen-import-table.py", file=sys.stderr)
            return 1
        return 0
    if new != text:
        DOC.write_text(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
