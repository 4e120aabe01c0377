//===- FakeQuantCalibration.h - fake-quant forward on the host --*- C++ -*-===//
//
// qnn-calibrate's forward of a qnn.fake_quant with its observer enabled, as
// torch's FakeQuantize.forward / fused_moving_avg_obs_fake_quant (1.13) run
// it: observe the batch, recompute the qparams, fake-quantize with them. The
// JIT-compiled model calls back into the host at each such fake-quant (the
// reference lowering of a fake-quant with a calibration slot), so the ops
// after it see this batch's fake-quantized values.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_RUNTIME_FAKEQUANTCALIBRATION_H
#define QNN_RUNTIME_FAKEQUANTCALIBRATION_H

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QParams.h"
#include "qnn/Runtime/Calibration.h"
#include "qnn/Runtime/ModelRunner.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir::qnn {

/// The state of one fake-quant: its observer's and its current qparams.
struct FakeQuantState {
  ObserverState stats;
  bool fused = false, observerEnabled = true, fakeQuantEnabled = true;
  QParams qparams; // empty until known

  /// The state `op` holds.
  static FakeQuantState fromOp(FakeQuantOp op);
  /// torch's forward on a C-ordered float32 batch of `shape` into `out`
  /// (same size). An error where torch's forward raises or where there are
  /// no qparams to fake-quantize with.
  llvm::Error forward(llvm::ArrayRef<float> x, llvm::ArrayRef<int64_t> shape,
                      llvm::MutableArrayRef<float> out);
  /// Writes min_val/max_val/scale/zero_point back to `op`.
  void store(FakeQuantOp op) const;
};

/// Whether qnn-calibrate runs `op`'s forward on the host: its observer is
/// enabled and records statistics.
bool needsHostForward(FakeQuantOp op);

/// Declares the hook function the lowering calls (kCalibrationHookName) in
/// `module`, and gives each fake-quant of `func` that needsHostForward its
/// slot number, in walk order.
void prepareFakeQuantCalibration(ModuleOp module, func::FuncOp func);

/// Routes the hook calls of `runner`'s model to `states` (indexed by slot)
/// while it lives. One at a time per process.
class FakeQuantHook {
public:
  FakeQuantHook(ModelRunner &runner, std::vector<FakeQuantState> &states);
  ~FakeQuantHook();
  /// The first error a forward reported since the last call (the hook
  /// copies its input through after an error), with its slot.
  llvm::Error takeError(int64_t &slot);

  std::vector<FakeQuantState> &states;
  std::optional<std::pair<int64_t, std::string>> error;
};

} // namespace mlir::qnn

#endif // QNN_RUNTIME_FAKEQUANTCALIBRATION_H
