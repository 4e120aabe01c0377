# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "QNN"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir"]
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]

config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.qnn_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%qnn_src_root", config.qnn_src_root))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.qnn_tools_dir, config.llvm_tools_dir]
tools = ["qnn-calibrate", "qnn-compile", "qnn-opt", "qnn-run", "mlir-runner"]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# RUN lines start `not`, `split-file` and FileCheck by name: put LLVM 22's
# tools directory on PATH (Debian does not).
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

# The MLIR runtime libraries mlir-runner loads for printing.
llvm_lib_dir = os.path.join(os.path.dirname(config.llvm_tools_dir), "lib")
config.substitutions.append(
    ("%mlir_runner_libs",
     ",".join(os.path.join(llvm_lib_dir, l)
              for l in ["libmlir_runner_utils.so", "libmlir_c_runner_utils.so"])))

# `REQUIRES: aarch64-registered-target` / `x86-registered-target`: LLVM was
# built with that backend (the tests that emit its assembly or objects).
import subprocess
_llvm_config = os.path.join(config.llvm_tools_dir, "llvm-config")
if os.path.exists(_llvm_config):
    _built = subprocess.run([_llvm_config, "--targets-built"], capture_output=True,
                            text=True).stdout.split()
    for _backend, _feature in [("AArch64", "aarch64-registered-target"),
                               ("X86", "x86-registered-target")]:
        if _backend in _built:
            config.available_features.add(_feature)
