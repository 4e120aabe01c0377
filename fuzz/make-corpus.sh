#!/usr/bin/env bash
# Writes the fuzzers' seed corpora from the repository's tests:
#   OUTDIR/mlir/   every lit .mlir under test/ and examples/, split on the
#                  `// -----` separators (and split-file's `//--- name`),
#                  comment-only lines dropped, one seed per case (deduplicated)
#   OUTDIR/mlir.dict  a libFuzzer dictionary: the op, attribute and type names
#                  and keywords the seeds use
#   OUTDIR/npy/    small .npy files from numpy: every supported dtype, 0-d,
#                  empty and 4-d shapes, format versions 1-3, plus a few the
#                  reader rejects (big-endian, Fortran order, unsupported dtype)
#   fuzz/make-corpus.sh OUTDIR
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:?usage: make-corpus.sh OUTDIR}"
rm -rf "$OUT/mlir" "$OUT/npy" "$OUT/mlir.dict"
mkdir -p "$OUT/mlir" "$OUT/npy"

/usr/bin/python3 - "$ROOT" "$OUT" <<'PY'
import hashlib, pathlib, re, sys

root, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
files = sorted((root / "test").rglob("*.mlir")) + sorted((root / "examples").rglob("*.mlir"))
seeds, tokens = {}, set()
for f in files:
    cases, cur = [], []
    for line in f.read_text(errors="replace").splitlines():
        if re.match(r"^\s*// -----", line) or line.startswith("//--- "):
            cases.append(cur); cur = []
        elif not re.match(r"^\s*//", line):
            cur.append(line)
    cases.append(cur)
    for case in cases:
        text = "\n".join(case).strip() + "\n"
        if len(text) < 8:
            continue
        seeds[hashlib.sha1(text.encode()).hexdigest()[:16]] = text
        tokens.update(re.findall(r"[#!]?[a-z_]+\.[a-z_][a-z_0-9.]*", text))
        tokens.update(re.findall(r"(?<![@%\w.^])[a-z_]+(?=\s*[=<])", text))
for name, text in seeds.items():
    (out / "mlir" / f"{name}.mlir").write_text(text)
extra = ["func.func", "module", "tensor<", "!quant.uniform<", "#qnn.qconfig<",
         "#qnn.observer<", "dense<", "{", "}", "->", "%arg0", "^bb0", ":",
         "x", "?", "f32", "i8", "ui8", "i32", "i64", "f64", "loc(", "-----"]
tokens = sorted(t for t in tokens if 2 <= len(t) <= 40) + extra
(out / "mlir.dict").write_text(
    "".join('"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"\n'
            for t in dict.fromkeys(tokens)))
print(f"make-corpus: {len(seeds)} mlir seeds from {len(files)} files, "
      f"{len(tokens)} dictionary entries", file=sys.stderr)
PY

/usr/bin/python3 - "$OUT/npy" <<'PY'
import io, pathlib, sys
import numpy as np
from numpy.lib import format as npf

out = pathlib.Path(sys.argv[1])
rng = np.random.default_rng(0)
arrays = {
    "f4_1x3x4x4": rng.standard_normal((1, 3, 4, 4)).astype("<f4"),
    "f8_2x3": rng.standard_normal((2, 3)).astype("<f8"),
    "i1_5": np.arange(-2, 3, dtype="|i1"),
    "u1_2x2": np.array([[0, 255], [7, 128]], dtype="|u1"),
    "i4_3": np.array([-1, 0, 2**31 - 1], dtype="<i4"),
    "i8_2x1": np.array([[2**40], [-3]], dtype="<i8"),
    "f4_scalar": np.array(1.5, dtype="<f4"),
    "f4_empty": np.zeros((0, 3), dtype="<f4"),
    "i1_1": np.array([7], dtype="|i1"),
}
n = 0
for name, a in arrays.items():
    for version in [(1, 0), (2, 0), (3, 0)]:
        if version != (1, 0) and name not in ("f4_1x3x4x4", "i1_5"):
            continue
        buf = io.BytesIO()
        npf.write_array(buf, a, version=version, allow_pickle=False)
        (out / f"{name}_v{version[0]}.npy").write_bytes(buf.getvalue())
        n += 1
rejected = {
    "bigendian": np.arange(4, dtype=">f4"),
    "fortran": np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)),
    "u2": np.arange(3, dtype="<u2"),
}
for name, a in rejected.items():
    buf = io.BytesIO()
    npf.write_array(buf, a, allow_pickle=False)
    (out / f"reject_{name}.npy").write_bytes(buf.getvalue())
    n += 1
print(f"make-corpus: {n} npy seeds", file=sys.stderr)
PY
