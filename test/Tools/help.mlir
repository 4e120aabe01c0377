// The tools' --help lists their own options; LLVM's and MLIR's stay
// accepted but unlisted.
// RUN: qnn-compile --help | FileCheck %s --check-prefix=COMPILE
// RUN: qnn-run --help | FileCheck %s --check-prefix=RUNTOOL
// RUN: qnn-calibrate --help | FileCheck %s --check-prefix=CALIBRATE

// COMPILE: qnn-compile options:
// COMPILE: --target=
// COMPILE: --winograd
// COMPILE-NOT: --x86-asm-syntax
// COMPILE-NOT: --mlir-

// RUNTOOL: qnn-run options:
// RUNTOOL: --input=
// RUNTOOL-NOT: --x86-asm-syntax

// CALIBRATE: qnn-calibrate options:
// CALIBRATE: --data=
// CALIBRATE-NOT: --x86-asm-syntax

