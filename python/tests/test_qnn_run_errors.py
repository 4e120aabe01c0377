"""qnn-run rejects bad inputs with clear messages and a non-zero exit."""
import subprocess

import numpy as np

from conftest import tool

IR = """
func.func @f(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = qnn.relu %x {name = "r"} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}"""


def run(tmp_path, *inputs, raw=None):
    model = tmp_path / "m.mlir"
    model.write_text(IR)
    args = [tool("qnn-run"), str(model), "--output-dir", str(tmp_path / "out")]
    for i, x in enumerate(inputs):
        p = tmp_path / f"in{i}.npy"
        np.save(p, x)
        args += ["--input", str(p)]
    if raw is not None:
        p = tmp_path / "raw.npy"
        p.write_bytes(raw)
        args += ["--input", str(p)]
    return subprocess.run(args, capture_output=True, text=True)


def test_ok(tmp_path):
    x = np.arange(6, dtype=np.float32).reshape(2, 3) - 3
    proc = run(tmp_path, x)
    assert proc.returncode == 0, proc.stderr
    np.testing.assert_array_equal(np.load(tmp_path / "out" / "result0.npy"), np.maximum(x, 0))


def test_wrong_dtype(tmp_path):
    proc = run(tmp_path, np.zeros((2, 3), dtype=np.float64))
    assert proc.returncode == 1 and "input #0: expected dtype <f4, got <f8" in proc.stderr


def test_wrong_shape(tmp_path):
    proc = run(tmp_path, np.zeros((3, 2), dtype=np.float32))
    assert proc.returncode == 1 and "expected shape (2, 3), got (3, 2)" in proc.stderr


def test_wrong_count(tmp_path):
    x = np.zeros((2, 3), dtype=np.float32)
    proc = run(tmp_path, x, x)
    assert proc.returncode == 1 and "takes 1 input(s), got 2" in proc.stderr


def test_truncated(tmp_path):
    p = tmp_path / "full.npy"
    np.save(p, np.zeros((2, 3), dtype=np.float32))
    proc = run(tmp_path, raw=p.read_bytes()[:-5])
    assert proc.returncode == 1 and "truncated data" in proc.stderr


def test_not_npy(tmp_path):
    proc = run(tmp_path, raw=b"hello world")
    assert proc.returncode == 1 and "not a .npy file" in proc.stderr


def test_fortran_order(tmp_path):
    proc = run(tmp_path, np.asfortranarray(np.zeros((2, 3), dtype=np.float32)))
    assert proc.returncode == 1 and "C-ordered" in proc.stderr


def test_missing_file(tmp_path):
    model = tmp_path / "m.mlir"
    model.write_text(IR)
    proc = subprocess.run([tool("qnn-run"), str(model), "--input", str(tmp_path / "nope.npy"),
                           "--output-dir", str(tmp_path / "o")], capture_output=True, text=True)
    assert proc.returncode == 1 and "nope.npy: cannot open" in proc.stderr


def test_unsupported_op_is_located(tmp_path):
    model = tmp_path / "m.mlir"
    model.write_text("""
func.func @f(%x: tensor<1x1x4x4x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x1x4x4x!quant.uniform<u8:f32, 0.1:128>> {
  %w = qnn.qconstant dense<1> : tensor<1x1x1x1xi8> -> tensor<1x1x1x1x!quant.uniform<i8:f32, 0.1>>
  %p = arith.constant dense<1.0> : tensor<1xf32>
  %y = qnn.conv_bn2d %x, %w, bn(%p, %p, %p, %p) : (tensor<1x1x4x4x!quant.uniform<u8:f32, 0.1:128>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 0.1>>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x4x4x!quant.uniform<u8:f32, 0.1:128>>
  return %y : tensor<1x1x4x4x!quant.uniform<u8:f32, 0.1:128>>
}""")
    np.save(tmp_path / "x.npy", np.zeros((1, 1, 4, 4), dtype=np.uint8))
    proc = subprocess.run([tool("qnn-run"), str(model), "--input", str(tmp_path / "x.npy"),
                           "--output-dir", str(tmp_path / "o")], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "m.mlir:5:8: error: 'qnn.conv_bn2d' op qnn-to-linalg: quantized conv_bn" in proc.stderr
