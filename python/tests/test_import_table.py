"""docs/UserGuide.md's table of what imports is the importer's registry:
scripts/gen-import-table.py regenerates it; every handler says in its
docstring which qnn ops it emits."""
import importlib.util
import inspect
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))
from qnn.importer import registry  # noqa: E402

_spec = importlib.util.spec_from_file_location("gen_import_table",
                                               ROOT / "scripts" / "gen-import-table.py")
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)


def _handlers():
    hs = {h for handlers in registry._FUNCTION_HANDLERS.values() for h in handlers}
    return hs | {h for _, h in registry._MODULE_HANDLERS + registry._OP_MODULES}


def test_every_handler_names_the_ops_it_emits():
    missing = [f"{h.__module__}.{h.__name__}" for h in _handlers()
               if "qnn." not in (inspect.getdoc(h) or "").split("\n\n")[0]
               and not (inspect.getdoc(h) or "").startswith("no op")]
    assert not missing, f"handlers whose docstring's first paragraph names no qnn op: {missing}"


def test_user_guide_import_table_is_current():
    text = gen.DOC.read_text()
    assert gen.splice(text, gen.render()) == text, \
        "docs/UserGuide.md's import table is stale: run scripts/gen-import-table.py"


def test_table_lists_every_registered_form():
    table = gen.render()
    for fn in registry._FUNCTION_HANDLERS:
        name = fn if isinstance(fn, str) else fn.__name__
        assert f"{name}`" in table, name
    for types, _ in registry._MODULE_HANDLERS + registry._OP_MODULES:
        for t in types:
            assert f".{t.__qualname__}`" in table, t
