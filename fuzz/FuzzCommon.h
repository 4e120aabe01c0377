//===- FuzzCommon.h - shared helpers of the qnn fuzz targets ----*- C++ -*-===//
//
// Parsing a fuzzer input as qnn IR in a fresh single-threaded context with
// every diagnostic swallowed, the input dialect registry, and the size guard
// of the targets that transform the parsed module.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_FUZZ_FUZZCOMMON_H
#define QNN_FUZZ_FUZZCOMMON_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include <cstddef>
#include <cstdint>

namespace qnn_fuzz {

/// The dialects a qnn input program is written in: the ones qnn-opt inserts
/// itself (qnn, quant, func, arith, tensor). qnn-opt also registers the
/// dialects the lowering produces (linalg, memref, vector, llvm, ...) so that
/// their output parses back; their parsers are upstream code, outside what
/// these targets test, and some of them crash on malformed input (see
/// docs/Testing.md, "Fuzzing"). QNN_FUZZ_ALL_DIALECTS=1 in the environment
/// parses with the whole qnn-opt registry instead.
const mlir::DialectRegistry &inputRegistry();

/// qnn-opt's lowering dialects and interface models (bufferization models,
/// LLVM translations): appended to a context after parsing, before running a
/// pipeline that needs them.
const mlir::DialectRegistry &loweringRegistry();

/// A context over inputRegistry() with threading disabled and a diagnostic
/// handler that drops everything (parse and pass errors are expected).
class FuzzContext {
public:
  FuzzContext();
  ~FuzzContext();
  mlir::MLIRContext &get() { return context; }

private:
  mlir::MLIRContext context;
  mlir::DiagnosticEngine::HandlerID handler;
};

/// Parses (and verifies) `data` as a module; null if it does not parse.
mlir::OwningOpRef<mlir::ModuleOp> parseInput(mlir::MLIRContext &context,
                                             const uint8_t *data, size_t size);

/// Whether any static shaped type in the module (results, operands, block
/// arguments, attributes) has more than `maxElements` elements or any
/// dimension above it: the transforming targets skip such modules, whose
/// constant folding and weight packing would be timeouts, not bugs.
bool hasHugeShapes(mlir::ModuleOp module, int64_t maxElements = 1 << 20);

/// Prints `op` (custom or generic form) and parses the text back in the same
/// context: a module that verified must round-trip. Aborts otherwise.
void checkRoundTrip(mlir::ModuleOp module, bool generic);

} // namespace qnn_fuzz

#endif // QNN_FUZZ_FUZZCOMMON_H
