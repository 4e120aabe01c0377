//===- Calibration.h - PyTorch observer update rules ------------*- C++ -*-===//
//
// The state of one observer and its update with a batch, exactly as the
// forward() of PyTorch 1.13's observer classes: running min/max, moving
// averages, per-channel variants and HistogramObserver's histogram merge
// (torch.histc over [int(min), int(max)], upsampling and re-binning).
//
//===----------------------------------------------------------------------===//

#ifndef QNN_RUNTIME_CALIBRATION_H
#define QNN_RUNTIME_CALIBRATION_H

#include "qnn/Dialect/QNN/IR/QNNAttrs.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include <vector>

namespace mlir::qnn {

struct ObserverState {
  ObserverAttr observer;
  /// Empty until the first batch (PyTorch's inf/-inf or empty buffers).
  std::vector<float> minVal, maxVal, histogram;

  bool initialized() const { return !minVal.empty(); }

  /// observer.forward(batch) for a C-ordered float32 batch of `shape`. An
  /// error where torch's forward raises (HistogramObserver on an infinite or
  /// NaN range, or bounds beyond int64); the state is then unchanged. The
  /// histogram merge costs O(bins * upsample) whatever the value range.
  llvm::Error update(llvm::ArrayRef<float> batch,
                     llvm::ArrayRef<int64_t> shape);

  /// observer.forward for min/max observers, from the batch's min and max
  /// (one value, or one per channel) as the reference lowering returns them.
  void updateMinMax(llvm::ArrayRef<float> batchMin,
                    llvm::ArrayRef<float> batchMax);
};

/// torch.histc(x, bins, min, max) on float32 data (CPU kernel arithmetic).
std::vector<float> histc(llvm::ArrayRef<float> x, int64_t bins, double min,
                         double max);

} // namespace mlir::qnn

#endif // QNN_RUNTIME_CALIBRATION_H
