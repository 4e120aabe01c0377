//===- FakeQuantCalibration.cpp - fake-quant forward on the host -*- C++ -*-===//
//
// FakeQuantize.forward and fused_moving_avg_obs_fake_quant of PyTorch 1.13:
// the moving-average update (Calibration.cpp), the qparams
// (calculate_qparams, or ChooseQuantizationParams for the fused module) and
// the CPU fake_quantize kernels:
//   q = int64(zp + nearbyint(x * (1.0f / scale)));
//   y = (min(max(q, qmin), qmax) - zp) * scale.
//
//===----------------------------------------------------------------------===//

#include "qnn/Runtime/FakeQuantCalibration.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ExecutionEngine/Orc/Mangling.h"

#include <algorithm>
#include <cmath>

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;

bool mlir::qnn::needsHostForward(FakeQuantOp op) {
  return op.getObserverEnabled() && op.getObserver().recordsStatistics();
}

FakeQuantState FakeQuantState::fromOp(FakeQuantOp op) {
  FakeQuantState s;
  s.stats.observer = op.getObserver();
  if (op.getMinVal() && op.getMaxVal()) {
    s.stats.minVal.assign(op.getMinVal()->begin(), op.getMinVal()->end());
    s.stats.maxVal.assign(op.getMaxVal()->begin(), op.getMaxVal()->end());
  }
  s.fused = op.getFused();
  s.observerEnabled = op.getObserverEnabled();
  s.fakeQuantEnabled = op.getFakeQuantEnabled();
  if (auto scale = op.getScale()) {
    s.qparams.scales.assign(scale->begin(), scale->end());
    s.qparams.zeroPoints.assign(op.getZeroPoint()->begin(),
                                op.getZeroPoint()->end());
  }
  return s;
}

void FakeQuantState::store(FakeQuantOp op) const {
  Builder b(op.getContext());
  if (stats.initialized()) {
    op.setMinValAttr(b.getDenseF32ArrayAttr(stats.minVal));
    op.setMaxValAttr(b.getDenseF32ArrayAttr(stats.maxVal));
  }
  if (!qparams.scales.empty()) {
    op.setScaleAttr(b.getDenseF32ArrayAttr(qparams.scales));
    op.setZeroPointAttr(b.getDenseI64ArrayAttr(qparams.zeroPoints));
  }
}

llvm::Error FakeQuantState::forward(llvm::ArrayRef<float> x,
                                    llvm::ArrayRef<int64_t> shape,
                                    llvm::MutableArrayRef<float> out) {
  ObserverAttr observer = stats.observer;
  auto [qmin, qmax] = observer.getQuantRange();
  if (observerEnabled) {
    if (llvm::Error err = stats.update(x, shape))
      return err;
    // FakeQuantize recomputes its qparams whenever it observes; the fused
    // kernel only when it also fake-quantizes.
    if (!fused) {
      qparams = calculateQParams(observer, stats.minVal, stats.maxVal);
    } else if (fakeQuantEnabled) {
      qparams = {};
      for (auto [lo, hi] : llvm::zip_equal(stats.minVal, stats.maxVal)) {
        auto [scale, zp] = chooseQuantizationParams(lo, hi, qmin, qmax,
                                                    observer.isSymmetric());
        qparams.scales.push_back(scale);
        qparams.zeroPoints.push_back(zp);
      }
    }
  }
  if (!fakeQuantEnabled) {
    std::copy(x.begin(), x.end(), out.begin());
    return llvm::Error::success();
  }
  if (qparams.scales.empty())
    return llvm::createStringError(
        "no scale/zero_point to fake-quantize with (the observer has seen "
        "no data)");
  int64_t channels = qparams.scales.size(), inner = 1;
  if (observer.isPerChannel()) {
    int64_t axis = observer.getChAxis();
    if (axis < 0)
      axis += static_cast<int64_t>(shape.size());
    for (size_t d = axis + 1; d < shape.size(); ++d)
      inner *= shape[d];
  }
  for (size_t i = 0; i < x.size(); ++i) {
    int64_t c = channels == 1 ? 0 : (static_cast<int64_t>(i) / inner) % channels;
    float scale = qparams.scales[c];
    int64_t zp = qparams.zeroPoints[c];
    float inv = 1.0f / scale;
    float r = x[i] * inv;
    // zp + nearbyint(...) in float, then clamped (before the int64
    // conversion, which only matters where torch's would overflow).
    float q = static_cast<float>(zp) + std::nearbyint(r);
    double clamped = std::clamp(static_cast<double>(q), static_cast<double>(qmin),
                                static_cast<double>(qmax));
    if (std::isnan(q))
      clamped = static_cast<double>(qmin);
    int64_t v = static_cast<int64_t>(clamped);
    out[i] = static_cast<float>(static_cast<double>(v - zp) * scale);
  }
  return llvm::Error::success();
}

void mlir::qnn::prepareFakeQuantCalibration(ModuleOp module,
                                            func::FuncOp func) {
  OpBuilder b(module.getContext());
  int64_t slot = 0;
  func.walk([&](FakeQuantOp op) {
    if (needsHostForward(op))
      op->setAttr(kCalibrationSlotAttrName, b.getI64IntegerAttr(slot++));
  });
  if (module.lookupSymbol(kCalibrationHookName))
    return;
  b.setInsertionPointToStart(module.getBody());
  Type unranked = UnrankedMemRefType::get(b.getF32Type(), 0);
  SmallVector<Type> inputs = {b.getI64Type(), unranked, unranked};
  auto decl = func::FuncOp::create(b, module.getLoc(), kCalibrationHookName,
                                   b.getFunctionType(inputs, {}));
  decl.setPrivate();
}

namespace {
FakeQuantHook *activeHook = nullptr;

/// An unranked memref as the default calling convention passes it: the
/// rank, then {allocated, aligned, offset, sizes[rank], strides[rank]}.
struct StridedView {
  float *data;
  std::vector<int64_t> shape, strides;
  StridedView(int64_t rank, void *descriptor) {
    auto *words = static_cast<int64_t *>(descriptor);
    data = reinterpret_cast<float *>(words[1]) + words[2];
    shape.assign(words + 3, words + 3 + rank);
    strides.assign(words + 3 + rank, words + 3 + 2 * rank);
  }
  int64_t size() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
  /// Visits every element in C order.
  template <typename Fn> void forEach(Fn fn) const {
    std::vector<int64_t> index(shape.size(), 0);
    for (int64_t i = 0, n = size(); i < n; ++i) {
      int64_t offset = 0;
      for (size_t d = 0; d < shape.size(); ++d)
        offset += index[d] * strides[d];
      fn(i, data[offset]);
      for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
        if (++index[d] < shape[d])
          break;
        index[d] = 0;
      }
    }
  }
};
} // namespace

extern "C" void qnnCalibrateFakeQuantHook(int64_t slot, int64_t inRank,
                                          void *inDesc, int64_t outRank,
                                          void *outDesc) {
  StridedView in(inRank, inDesc), out(outRank, outDesc);
  std::vector<float> x(in.size()), y(in.size());
  in.forEach([&](int64_t i, float &v) { x[i] = v; });
  FakeQuantHook *hook = activeHook;
  bool ok = hook && !hook->error && slot >= 0 &&
            slot < static_cast<int64_t>(hook->states.size());
  if (ok) {
    if (llvm::Error err = hook->states[slot].forward(x, in.shape, y)) {
      hook->error = std::make_pair(slot, llvm::toString(std::move(err)));
      ok = false;
    }
  }
  if (!ok)
    y = x;
  out.forEach([&](int64_t i, float &v) { v = y[i]; });
}

FakeQuantHook::FakeQuantHook(ModelRunner &runner,
                             std::vector<FakeQuantState> &states)
    : states(states) {
  runner.registerSymbol(kCalibrationHookName,
                        reinterpret_cast<void *>(&qnnCalibrateFakeQuantHook));
  activeHook = this;
}

FakeQuantHook::~FakeQuantHook() { activeHook = nullptr; }

llvm::Error FakeQuantHook::takeError(int64_t &slot) {
  if (!error)
    return llvm::Error::success();
  slot = error->first;
  auto message = error->second;
  error.reset();
  return llvm::createStringError(message);
}
