//===- Compare.h - per-layer float vs quantized comparison ------*- C++ -*-===//
//
// qnn-run --compare: runs a float model and its quantized version on the
// same inputs with every named op's result exposed, matches the ops by their
// module path (`name`), and reports per layer the SQNR of the quantized
// (dequantized) output against the float one, the max abs error and the
// quantized op's output qparams -- what torch.ao.ns's numeric suite
// (compare_model_outputs) reports for eager-mode models.
//
// Matching: the k-th call of module `name` (and its result #i) in the
// quantized model is matched with the k-th call of `name` in the float
// model. Fusion leaves only the first module of a fused group in the
// quantized model (conv1 stands for conv1 + bn1 + relu), so the float value
// compared is the end of the group: from the float op named `name`, follow
// the single use of its result while the user is a named module op whose
// name does not occur in the quantized model and keeps the shape. Stubs,
// (de)quantize, observers and unnamed ops are not layers.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_TOOLS_QNN_RUN_COMPARE_H
#define QNN_TOOLS_QNN_RUN_COMPARE_H

#include "qnn/Runtime/ModelRunner.h"

namespace mlir::qnn {

struct CompareOptions {
  std::string floatFile, quantizedFile;
  std::string function;  // entry function of both models (empty: the only)
  std::string outputDir; // compare.json and per-layer .npy, if not empty
};

/// Runs the comparison and prints the table to `os`. Returns the exit code;
/// errors are printed as diagnostics or `qnn-run: error:` lines.
int runCompare(const CompareOptions &options, ArrayRef<NpyArray> args,
               llvm::raw_ostream &os);

} // namespace mlir::qnn

#endif // QNN_TOOLS_QNN_RUN_COMPARE_H
