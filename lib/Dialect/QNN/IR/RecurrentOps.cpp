//===- RecurrentOps.cpp - LSTM, RNN cells and attention ---------*- C++ -*-===//
//
// Weight shapes follow torch.nn.LSTM's _flat_weights and the RNNCellBase
// checks. Weights may be quantized while activations stay float: that is the
// dynamically quantized form (torch.ao.nn.quantized.dynamic).
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"

using namespace mlir;
using namespace mlir::qnn;

static int64_t dimOf(Value v, int64_t d) {
  return llvm::cast<ShapedType>(v.getType()).getDimSize(d);
}

static int64_t scaled(int64_t factor, int64_t size) {
  return ShapedType::isDynamic(size) ? ShapedType::kDynamic : factor * size;
}

/// One gate block: weight_ih (G*H x I), weight_hh (G*H x H), biases (G*H).
static LogicalResult verifyGateWeights(Operation *op, Value input, Value wih,
                                       Value whh, Value bih, Value bhh,
                                       int64_t gates, int64_t inputSize,
                                       int64_t hidden, const Twine &where) {
  int64_t rows = scaled(gates, hidden);
  std::string prefix = where.str();
  if (failed(verifyWeight(op, input, wih, prefix + "weight_ih", 0, true)) ||
      failed(verifyWeight(op, input, whh, prefix + "weight_hh", 0, true)) ||
      failed(verifyShape(op, wih, {rows, inputSize}, prefix + "weight_ih")) ||
      failed(verifyShape(op, whh, {rows, hidden}, prefix + "weight_hh")) ||
      failed(verifyOptionalShape(op, bih, {rows}, prefix + "bias_ih")) ||
      failed(verifyOptionalShape(op, bhh, {rows}, prefix + "bias_hh")))
    return failure();
  return success();
}

/// input B x I, hx B x H; results B x H.
static LogicalResult verifyCell(Operation *op, Value input, Value hx,
                                Value wih, Value whh, Value bih, Value bhh,
                                int64_t gates) {
  if (static_cast<bool>(bih) != static_cast<bool>(bhh))
    return op->emitOpError("bias_ih and bias_hh must be given together");
  if (failed(verifyRank(op, input, 2, "an input (batch x input_size)")) ||
      failed(verifyRank(op, hx, 2, "a hidden state (batch x hidden_size)")))
    return failure();
  int64_t batch = dimOf(input, 0), hidden = dimOf(hx, 1);
  if (failed(verifyShape(op, hx, {batch, hidden}, "hx")) ||
      failed(verifyGateWeights(op, input, wih, whh, bih, bhh, gates,
                               dimOf(input, 1), hidden, "")))
    return failure();
  for (Value result : op->getResults())
    if (failed(verifyShape(op, result, {batch, hidden}, "result")))
      return failure();
  return success();
}

LogicalResult LSTMCellOp::verify() {
  if (failed(verifyShape(*this, getCx(),
                         llvm::cast<ShapedType>(getHx().getType()).getShape(),
                         "cx")))
    return failure();
  return verifyCell(*this, getInput(), getHx(), getWeightIh(), getWeightHh(),
                    getBiasIh(), getBiasHh(), 4);
}

LogicalResult GRUCellOp::verify() {
  return verifyCell(*this, getInput(), getHx(), getWeightIh(), getWeightHh(),
                    getBiasIh(), getBiasHh(), 3);
}

LogicalResult RNNCellOp::verify() {
  return verifyCell(*this, getInput(), getHx(), getWeightIh(), getWeightHh(),
                    getBiasIh(), getBiasHh(), 1);
}

LogicalResult LSTMOp::verify() {
  int64_t hidden = static_cast<int64_t>(getHiddenSize());
  int64_t layers = static_cast<int64_t>(getNumLayers());
  if (hidden <= 0 || hidden > kMaxDimSize)
    return emitOpError() << "hidden_size must be positive, got " << hidden;
  if (layers <= 0 || layers > kMaxDimSize)
    return emitOpError() << "num_layers must be positive, got " << layers;
  double dropout = getDropout().convertToDouble();
  if (!(dropout >= 0.0 && dropout <= 1.0))
    return emitOpError() << "dropout should be a number in range [0, 1], got "
                         << dropout;
  if (failed(verifyRank(*this, getInput(), 3,
                        "an input (seq x batch x input_size)")))
    return failure();
  if (static_cast<bool>(getH0()) != static_cast<bool>(getC0()))
    return emitOpError("h0 and c0 must be given together");
  int64_t dirs = getBidirectional() ? 2 : 1;
  int64_t perBlock = getHasBiases() ? 4 : 2;
  __int128 expectedCount = (__int128)layers * dirs * perBlock;
  if (static_cast<__int128>(getWeights().size()) != expectedCount)
    return emitOpError() << "expects "
                         << (expectedCount > kMaxDimSize
                                 ? std::string("too many")
                                 : std::to_string((int64_t)expectedCount))
                         << " weights ("
                         << layers << " layer(s) x " << dirs
                         << " direction(s) x " << perBlock << "), got "
                         << getWeights().size();
  int64_t seq = dimOf(getInput(), getBatchFirst() ? 1 : 0);
  int64_t batch = dimOf(getInput(), getBatchFirst() ? 0 : 1);
  for (int64_t layer = 0; layer < layers; ++layer) {
    int64_t inputSize =
        layer == 0 ? dimOf(getInput(), 2) : dirs * hidden;
    for (int64_t dir = 0; dir < dirs; ++dir) {
      auto block = getWeights().slice((layer * dirs + dir) * perBlock, perBlock);
      Value bih = getHasBiases() ? block[2] : Value();
      Value bhh = getHasBiases() ? block[3] : Value();
      std::string where = "layer " + std::to_string(layer) +
                          (dir ? " (reverse) " : " ");
      if (failed(verifyGateWeights(*this, getInput(), block[0], block[1], bih,
                                   bhh, 4, inputSize, hidden, where)))
        return failure();
    }
  }
  SmallVector<int64_t> stateShape = {layers * dirs, batch, hidden};
  if (failed(verifyOptionalShape(*this, getH0(), stateShape, "h0")) ||
      failed(verifyOptionalShape(*this, getC0(), stateShape, "c0")) ||
      failed(verifyShape(*this, getHN(), stateShape, "h_n")) ||
      failed(verifyShape(*this, getCN(), stateShape, "c_n")))
    return failure();
  SmallVector<int64_t> outShape =
      getBatchFirst() ? SmallVector<int64_t>{batch, seq, dirs * hidden}
                      : SmallVector<int64_t>{seq, batch, dirs * hidden};
  return verifyShape(*this, getOutput(), outShape, "output");
}

LogicalResult MultiheadAttentionOp::verify() {
  if (failed(verifyActivationPair(*this, getQuery(), getOutput())) ||
      failed(verifyActivationPair(*this, getKey(), getOutput())) ||
      failed(verifyActivationPair(*this, getValue(), getOutput())))
    return failure();
  for (auto [value, what] :
       {std::make_pair(getQuery(), "a query (L x N x E)"),
        std::make_pair(getKey(), "a key (S x N x E)"),
        std::make_pair(getValue(), "a value (S x N x E)")})
    if (failed(verifyRank(*this, value, 3, what)))
      return failure();
  int64_t heads = static_cast<int64_t>(getNumHeads());
  if (heads <= 0 || heads > kMaxDimSize)
    return emitOpError() << "num_heads must be positive, got " << heads;
  int64_t seqDim = getBatchFirst() ? 1 : 0, batchDim = getBatchFirst() ? 0 : 1;
  int64_t embed = dimOf(getQuery(), 2);
  if (!ShapedType::isDynamic(embed) && embed % heads != 0)
    return emitOpError() << "embed_dim (" << embed
                         << ") must be divisible by num_heads (" << heads << ")";
  int64_t target = dimOf(getQuery(), seqDim), batch = dimOf(getQuery(), batchDim);
  int64_t source = dimOf(getKey(), seqDim);
  SmallVector<int64_t> kvShape(3);
  kvShape[seqDim] = source;
  kvShape[batchDim] = batch;
  kvShape[2] = embed;
  if (failed(verifyShape(*this, getKey(), kvShape, "key")) ||
      failed(verifyShape(*this, getValue(), kvShape, "value")) ||
      failed(verifyWeight(*this, getQuery(), getInProjWeight(),
                          "in_proj_weight", 0)) ||
      failed(verifyWeight(*this, getQuery(), getOutProjWeight(),
                          "out_proj_weight", 0)) ||
      failed(verifyShape(*this, getInProjWeight(), {scaled(3, embed), embed},
                         "in_proj_weight")) ||
      failed(verifyOptionalShape(*this, getInProjBias(), {scaled(3, embed)},
                                 "in_proj_bias")) ||
      failed(verifyShape(*this, getOutProjWeight(), {embed, embed},
                         "out_proj_weight")) ||
      failed(verifyOptionalShape(*this, getOutProjBias(), {embed},
                                 "out_proj_bias")) ||
      failed(verifyShape(*this, getOutput(),
                         llvm::cast<ShapedType>(getQuery().getType()).getShape(),
                         "output")))
    return failure();
  double dropout = getDropout().convertToDouble();
  if (!(dropout >= 0.0 && dropout <= 1.0))
    return emitOpError() << "dropout must be in [0, 1], got " << dropout;
  return verifyOptionalShape(*this, getAttnWeights(), {batch, target, source},
                             "attn_weights");
}
