//===- ModelRunner.h - JIT execution of qnn IR ------------------*- C++ -*-===//
//
// Lowers one function of a qnn module with the reference pipeline
// (qnn-to-linalg ... LLVM), JIT-compiles it with MLIR's ExecutionEngine, and
// runs it on host arrays. Shared by qnn-run and qnn-calibrate.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_RUNTIME_MODELRUNNER_H
#define QNN_RUNTIME_MODELRUNNER_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/SourceMgr.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"
#include "qnn/Runtime/Npy.h"

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace mlir::qnn {

/// What a tool needs to load a model: a context with qnn and the reference
/// lowering's dialects, and diagnostics printed with source locations.
class ModelLoader {
public:
  ModelLoader();
  MLIRContext &getContext() { return *context; }
  /// Parses `path`. On failure, a file error is returned in `error`; a parse
  /// error has already been printed.
  OwningOpRef<ModuleOp> load(StringRef path, std::string &error);
  /// load, then findEntryFunction(module, function) into `entry`. Null if
  /// either fails, every error printed (a file error as toolError(tool)).
  OwningOpRef<ModuleOp> loadEntry(StringRef path, StringRef function,
                                  StringRef tool, func::FuncOp &entry);

private:
  std::unique_ptr<MLIRContext> context;
  llvm::SourceMgr sourceMgr;
  std::unique_ptr<SourceMgrDiagnosticHandler> handler;
};

/// The function `name`, or with an empty name the only function with a
/// body; emits an error on the module and returns null otherwise.
func::FuncOp findEntryFunction(ModuleOp module, StringRef name);

/// One argument or result of the entry function, before lowering.
struct TensorSpec {
  SmallVector<int64_t> shape;
  Type elementType;            // f32, or the quantized type
  std::string dtype;           // numpy dtype of its host array
  quant::UniformQuantizedType quant; // per-tensor qparams, if quantized
};

/// The spec of a tensor crossing the entry function's boundary, or an error
/// on `op` naming `what` (dynamic shapes, per-axis types, other elements).
FailureOr<TensorSpec> getTensorSpec(Operation *op, Type type,
                                    const Twine &what);

/// A constant the JIT module declares external, and its bytes.
struct HostConstant {
  struct Free {
    void operator()(char *p) const { std::free(p); }
  };
  std::string name;
  std::unique_ptr<char, Free> data;
};

class ModelRunner {
public:
  /// Lowers and JIT-compiles `funcName` of `module` (consumed). Errors are
  /// reported as diagnostics on the module.
  static FailureOr<std::unique_ptr<ModelRunner>>
  create(OwningOpRef<ModuleOp> module, StringRef funcName);

  ArrayRef<TensorSpec> getInputs() const { return inputs; }
  ArrayRef<TensorSpec> getResults() const { return results; }
  /// Names of the observers whose batch statistics follow the results, in
  /// order (see ObserverOutputs: min and max, or the observed tensor).
  ArrayRef<std::string> getObserverNames() const { return observerNames; }

  /// Makes the external function `name` the model calls resolve to
  /// `address` (before the first run).
  void registerSymbol(StringRef name, void *address);

  /// Links the model (the JIT compiles on first lookup) and finds its entry
  /// point; run() does it on first use. After it, run() may be called from
  /// several threads at once.
  llvm::Error resolve();

  /// Runs on `args` (checked against the input specs). Returns the results
  /// followed by each observer's outputs.
  llvm::Expected<std::vector<NpyArray>> run(ArrayRef<NpyArray> args);

private:
  std::unique_ptr<ExecutionEngine> engine;
  void (*entry)(void **) = nullptr;
  std::string funcName;
  SmallVector<TensorSpec> inputs, results, observed;
  SmallVector<std::string> observerNames;
  /// The module's large constants, kept out of LLVM (see ModelRunner.cpp).
  std::vector<HostConstant> constants;
};

} // namespace mlir::qnn

#endif // QNN_RUNTIME_MODELRUNNER_H
