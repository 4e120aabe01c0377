//===- BatchNormFolding.cpp - fuse_conv_bn_weights --------------*- C++ -*-===//

#include "qnn/Dialect/QNN/Transforms/BatchNormFolding.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include <cmath>

// Each PyTorch tensor op rounds to float32; no FMA contraction.
#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;

FailureOr<BatchNormParams>
mlir::qnn::getBatchNormParams(Value mean, Value var, Value weight, Value bias,
                              double eps, bool defaultAffine) {
  auto m = getConstantFloats(mean);
  auto v = getConstantFloats(var);
  if (failed(m) || failed(v))
    return failure();
  BatchNormParams p{*m, *v, {}, {}, static_cast<float>(eps)};
  size_t channels = p.mean.size();
  for (auto [value, out, fill] : {std::make_tuple(weight, &p.weight, 1.0f),
                                  std::make_tuple(bias, &p.bias, 0.0f)}) {
    if (!value) {
      if (!defaultAffine)
        return failure();
      out->assign(channels, fill);
      continue;
    }
    auto data = getConstantFloats(value);
    if (failed(data))
      return failure();
    *out = *data;
  }
  return p;
}

void mlir::qnn::foldBatchNorm(MutableArrayRef<float> weight,
                              ArrayRef<int64_t> shape, int64_t axis,
                              MutableArrayRef<float> bias,
                              const BatchNormParams &bn, bool linear) {
  int64_t channels = bn.mean.size();
  SmallVector<float> scale(channels);
  for (int64_t c = 0; c < channels; ++c) {
    // bn_var_rsqrt = torch.rsqrt(bn_rv + bn_eps)
    float v = bn.var[c] + bn.eps;
    float rsqrt = 1.0f / std::sqrt(v);
    float s = bn.weight[c] * rsqrt;
    scale[c] = s;
    float centered = bias[c] - bn.mean[c];
    float scaled;
    if (linear) {
      // (linear_b - bn_rm) * bn_scale + bn_b
      scaled = centered * s;
    } else {
      // (conv_b - bn_rm) * bn_var_rsqrt * bn_w + bn_b
      scaled = centered * rsqrt;
      scaled = scaled * bn.weight[c];
    }
    bias[c] = scaled + bn.bias[c];
  }
  int64_t inner = 1;
  for (int64_t d = axis + 1, e = shape.size(); d < e; ++d)
    inner *= shape[d];
  for (size_t i = 0, e = weight.size(); i < e; ++i)
    weight[i] = weight[i] * scale[(static_cast<int64_t>(i) / inner) % channels];
}
