#!/usr/bin/python3
"""Checks that a refactoring of the compiled path changed no object code.

torchvision's quantizable resnet18 and mobilenet_v2 (random weights, fixed
seed, converted by torch with the qnnpack qconfig, imported with
qnn.from_torch) are written once as MLIR into a cache directory, compiled
with `qnn-compile --target=T` for every existing target, and the sha256 of
each object is saved (--save-baseline) or compared with the saved one
(--check, the default). The IR is cached so that importer changes made
meanwhile cannot change the input.

    scripts/check-objects-identical.py --save-baseline   # before the change
    scripts/check-objects-identical.py --check           # after it

Exits 1 if any object differs from the baseline.
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
MODELS = ["resnet18", "mobilenet_v2"]
TARGETS = ["generic", "x86-64-avx2", "x86-64-avx512vnni", "aarch64-neon", "aarch64-neon-dotprod",
           "aarch64-neon-i8mm"]


def model_ir(name, cache):
    """The model's quantized IR, imported once and then read from `cache`."""
    path = cache / f"{name}.mlir"
    if path.exists():
        return path
    sys.path.insert(0, str(ROOT / "python"))
    import torch
    from torchvision.models.quantization import mobilenet_v2, resnet18

    import qnn
    torch.manual_seed(0)
    torch.set_num_threads(1)
    torch.backends.quantized.engine = "qnnpack"
    m = {"resnet18": resnet18, "mobilenet_v2": mobilenet_v2}[name](weights=None, quantize=False).eval()
    m.fuse_model()
    m.qconfig = torch.ao.quantization.get_default_qconfig("qnnpack")
    torch.ao.quantization.prepare(m, inplace=True)
    g = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for _ in range(2):
            m(torch.randn(1, 3, 224, 224, generator=g))
    torch.ao.quantization.convert(m, inplace=True)
    ir = qnn.from_torch(m, torch.randn(1, 3, 224, 224, generator=g))
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(ir)
    tmp.rename(path)
    return path


def object_sha(compiler, ir, target, workdir):
    obj = workdir / f"{ir.stem}.{target}.o"
    t = time.perf_counter()
    subprocess.run([str(compiler), str(ir), f"--target={target}", "-o", str(obj)], check=True)
    sha = hashlib.sha256(obj.read_bytes()).hexdigest()
    obj.unlink()
    return sha, time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--save-baseline", action="store_true", help="record the current objects' hashes")
    mode.add_argument("--check", action="store_true", help="compare with the recorded hashes (default)")
    ap.add_argument("--build-dir", default=os.environ.get("QNN_BUILD_DIR", str(ROOT / "build")))
    ap.add_argument("--cache-dir", default=str(ROOT / "build" / "object-identity"),
                    help="holds the models' IR and baseline.json")
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--targets", default=",".join(TARGETS))
    ap.add_argument("-j", "--jobs", type=int, default=1, help="parallel qnn-compile runs")
    args = ap.parse_args()

    cache = pathlib.Path(args.cache_dir)
    compiler = pathlib.Path(args.build_dir) / "bin" / "qnn-compile"
    baseline_path = cache / "baseline.json"
    models = args.models.split(",")
    targets = args.targets.split(",")
    irs = {m: model_ir(m, cache) for m in models}

    jobs = [(m, t) for m in models for t in targets]
    with tempfile.TemporaryDirectory() as d, concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {job: pool.submit(object_sha, compiler, irs[job[0]], job[1], pathlib.Path(d)) for job in jobs}
        hashes = {}
        for (m, t), f in futures.items():
            sha, secs = f.result()
            hashes[f"{m}/{t}"] = sha
            print(f"{m:13} {t:22} {sha[:16]}  ({secs:.1f} s)", flush=True)

    if args.save_baseline:
        old = json.loads(baseline_path.read_text()) if baseline_path.exists() else {}
        old.update(hashes)
        baseline_path.write_text(json.dumps(old, indent=1, sort_keys=True) + "\n")
        print(f"saved {len(hashes)} hashes to {baseline_path}")
        return 0
    if not baseline_path.exists():
        sys.exit(f"no baseline at {baseline_path}: run with --save-baseline first")
    baseline = json.loads(baseline_path.read_text())
    bad = [k for k, v in hashes.items() if baseline.get(k) != v]
    for k in bad:
        print(f"DIFFERS: {k} (baseline {baseline.get(k, 'missing')[:16]})")
    print("byte-identical" if not bad else f"{len(bad)} of {len(hashes)} objects differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
