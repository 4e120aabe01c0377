//===- ConvToGemm.cpp - quantized convs as packed GEMMs ---------*- C++ -*-===//

#include "Gemm.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::kernels;

namespace {

/// The residual add a conv's epilogue can absorb: the conv (ungrouped,
/// quint8 result) has one user, a quint8 add/add_relu of two same-shape
/// tensors with the QNNPACK parameters, and `adjacent` requires that add to
/// follow the conv directly (placeConvsBeforeResidualAdds arranges that, so
/// the residual is defined before the conv).
struct ResidualAddMatch {
  Operation *add;
  Value residual;
  ResidualEpilogue epilogue;
};
std::optional<ResidualAddMatch> matchResidualAdd(Operation *conv,
                                                 bool adjacent) {
  if (conv->getNumResults() != 1 || !conv->getResult(0).hasOneUse())
    return std::nullopt;
  if (auto groups = conv->getAttrOfType<IntegerAttr>("groups");
      groups && groups.getInt() != 1)
    return std::nullopt;
  Value result = conv->getResult(0);
  Operation *add = *result.getUsers().begin();
  if (!isa<AddOp, AddReluOp>(add) || add->getBlock() != conv->getBlock() ||
      (adjacent && conv->getNextNode() != add))
    return std::nullopt;
  Value lhs = add->getOperand(0), rhs = add->getOperand(1);
  if (lhs == rhs)
    return std::nullopt;
  std::optional<TensorQuant> a = getTensorQuant(lhs.getType());
  std::optional<TensorQuant> b = getTensorQuant(rhs.getType());
  std::optional<TensorQuant> o = getTensorQuant(add->getResult(0).getType());
  if (!a || !b || !o || a->isSigned || b->isSigned || o->isSigned ||
      a->width != 8 || b->width != 8 || o->width != 8 ||
      shapeOf(lhs) != shapeOf(rhs) ||
      shapeOf(lhs) != shapeOf(add->getResult(0)))
    return std::nullopt;
  std::optional<QuantizedAddParams> params =
      getQuantizedAddParams(*a, *b, *o, isa<AddReluOp>(add));
  if (!params)
    return std::nullopt;
  bool convIsLhs = lhs == result;
  return ResidualAddMatch{add, convIsLhs ? rhs : lhs,
                          ResidualEpilogue{*params, convIsLhs, Value()}};
}

/// A quantized convolution or transposed convolution as the direct
/// convolution the GEMM kernels run: the channels-last input is placed on a
/// canvas filled with the zero point (every `inputStride`-th position, after
/// `padLo` leading positions, `padHi` trailing ones; negative amounts crop),
/// then convolved with `stride` and `dilation`. `weightIndex(o, i, t)` is
/// the raw weight element of output channel `o`, group-local input channel
/// `i` and row-major window position `t`.
struct ConvGeometry {
  int64_t groups;
  SmallVector<int64_t> window, stride, dilation, inputStride, padLo, padHi;
  std::function<int64_t(int64_t, int64_t, int64_t)> weightIndex;
};

bool allOnes(ArrayRef<int64_t> v) {
  return llvm::all_of(v, [](int64_t x) { return x == 1; });
}

/// Rewrites `op` (input, weight and optional bias operands 0..2, adaptor
/// values in `operands`) as a GEMM over its channels-last canvas; a grouped
/// conv as one batched GEMM (one problem per group, emitted once: its loop
/// nest runs in a loop over the groups). `fused`, when given, is a residual
/// add the epilogue takes over (ungrouped only).
class ConvAsGemm {
public:
  ConvAsGemm(Operation *op, ValueRange operands, const ConvGeometry &geo,
             bool fusedRelu, std::optional<ResidualAddMatch> fused,
             KernelTarget target, bool winograd, KernelRemarks *remarks,
             ConversionPatternRewriter &rewriter);

  LogicalResult rewrite();

private:
  LogicalResult planAll();
  LogicalResult plan();
  LogicalResult layOutCanvas();
  void chooseWinograd();
  LogicalResult fuseResidual();
  Value channelsLastCopy();
  Value fillCanvas(Value x);
  Value gemm(Value x);
  GemmOperandA canvasOperand(Value x, int64_t segmentDims);
  Value implicitGemm(Value x, StringRef name);
  Value im2colGemm(Value x, StringRef name);
  Value gatherCopy(Value src, ArrayRef<int64_t> colShape,
                   ArrayRef<AffineExpr> read);
  Value paddedMatrix(Value cols, int64_t rowDims);
  GemmPlan batchedPlan() const;
  Value groupedGemm(Value x);
  Value groupedIm2col(Value x);
  void replaceWithNchw(Value c);
  LogicalResult decline(const Twine &reason) {
    return kernels::decline(remarks, rewriter, op, reason);
  }

  Operation *op;
  ValueRange operands;
  const ConvGeometry &geo;
  bool fusedRelu;
  std::optional<ResidualAddMatch> fused;
  KernelTarget target;
  bool winograd;
  KernelRemarks *remarks;
  ConversionPatternRewriter &rewriter;
  Location loc;
  MLIRContext *ctx;
  Value input, weight, bias, cBias;
  Type resultType;
  ArrayRef<int64_t> xs, os;
  int64_t rank, batch, cin, cout, groups, cinG = 0, coutG = 0, window = 0,
                                          pixels = 0, kwOp;
  /// The window the GEMM runs: the op's, or with zero-weight taps appended
  /// along the last spatial dim (plan).
  SmallVector<int64_t> win;
  std::vector<std::pair<MicroKernel, GemmProblem>> plans;
  /// The weight, its qparams and the bias, read once (planAll).
  std::optional<GemmOperands> weightOperands;
  OperandDomain domain;
  std::string whyNot;
  bool pointwise = false, dense = false, crop = false, convertTiles = false;
  // The canvas (layOutCanvas).
  SmallVector<int64_t> canvas, cropLo, cropped, nhwc;
  SmallVector<OpFoldResult> placeOffsets, placeSizes, placeStrides;
  std::optional<SmallVector<int64_t>> winogradU;
  WinogradShape wino;
  std::optional<TensorQuant> inQ;
  Type opType;
  int64_t kPadded = 0;
};

ConvAsGemm::ConvAsGemm(Operation *op, ValueRange operands,
                       const ConvGeometry &geo, bool fusedRelu,
                       std::optional<ResidualAddMatch> fused,
                       KernelTarget target, bool winograd,
                       KernelRemarks *remarks,
                       ConversionPatternRewriter &rewriter)
    : op(op), operands(operands), geo(geo), fusedRelu(fusedRelu),
      fused(std::move(fused)), target(target), winograd(winograd),
      remarks(remarks), rewriter(rewriter), loc(op->getLoc()),
      ctx(rewriter.getContext()) {
  input = op->getOperand(0);
  weight = op->getOperand(1);
  bias = op->getNumOperands() > 2 ? op->getOperand(2) : Value();
  cBias = op->getNumOperands() > 2 ? operands[2] : Value();
  resultType = op->getResult(0).getType();
  xs = shapeOf(input);
  os = shapeOf(op->getResult(0));
  rank = xs.size() - 2;
  batch = xs[0];
  cin = xs[1];
  cout = os[1];
  groups = geo.groups;
  win.assign(geo.window.begin(), geo.window.end());
  kwOp = geo.window[rank - 1];
  wino = WinogradShape{batch, 0, 0, cin, 0};
}

LogicalResult ConvAsGemm::rewrite() {
  if (failed(plan()) || failed(layOutCanvas()))
    return failure();
  chooseWinograd();
  placeOffsets.push_back(rewriter.getIndexAttr(0));
  placeSizes.push_back(rewriter.getIndexAttr(cin));
  placeStrides.push_back(rewriter.getIndexAttr(1));
  if (fused && failed(fuseResidual()))
    return failure();
  Value x = fillCanvas(channelsLastCopy());
  Value c = winogradU
                ? emitWinogradConv(rewriter, loc, op, kernelName(op),
                                   plans.front().first, plans.front().second,
                                   std::move(*winogradU), x, wino)
            : groups == 1 ? gemm(x)
                          : groupedGemm(x);
  replaceWithNchw(c);
  accepted(remarks, op);
  return success();
}

LogicalResult ConvAsGemm::planAll() {
  // im2col order is (kernel position, channel); a tap past the op's last
  // window dim is padding (weight 0, index -1).
  auto index = [&](int64_t c, int64_t kk) -> int64_t {
    int64_t t = kk / cinG, kw = win[rank - 1];
    if (t % kw >= kwOp)
      return -1;
    return geo.weightIndex(c, kk % cinG, t / kw * kwOp + t % kw);
  };
  plans.clear();
  if (!weightOperands) {
    if (llvm::Error e = checkGemmTypes(input, resultType)) {
      whyNot = toString(std::move(e));
      return failure();
    }
    llvm::Expected<GemmOperands> read =
        readGemmOperands(target, weight.getType(), weight, operands[1], bias,
                         cBias, cout, /*allowBytes=*/true);
    if (!read) {
      whyNot = toString(read.takeError());
      return failure();
    }
    weightOperands = std::move(*read);
  }
  int64_t taps = computeProduct(win);
  for (int64_t g = 0; g < groups; ++g) {
    auto plan = planGemm(target, *weightOperands, input, resultType, fusedRelu,
                         batch * pixels, coutG, cinG * taps, cout, index,
                         domain, g * coutG);
    if (!plan) {
      whyNot = toString(plan.takeError());
      return failure();
    }
    plans.push_back(std::move(*plan));
  }
  return success();
}

/// One GEMM plan per group over its cin / groups input channels.
LogicalResult ConvAsGemm::plan() {
  if (groups < 1 || cin % groups || cout % groups)
    return decline("bad groups");
  cinG = cin / groups;
  coutG = cout / groups;
  window = computeProduct(geo.window);
  pixels = computeProduct(os.drop_front(2));
  if (failed(planAll()))
    return decline(whyNot);
  // Short window rows that are not a whole number of k groups (a stem's
  // 7 x 3 channels = 21 bytes) would need an im2col: zero-weight taps make
  // them whole (7 -> 8 taps), and the conv reads its input in place.
  int64_t kg = plans.front().first.kGroup;
  bool noCrop = llvm::all_of(geo.padLo, [](int64_t v) { return v >= 0; }) &&
                llvm::all_of(geo.padHi, [](int64_t v) { return v >= 0; });
  pointwise = window == 1 && allOnes(geo.stride);
  if (groups == 1 && noCrop && !pointwise && geo.dilation[rank - 1] == 1 &&
      (kwOp * cin) % kg != 0) {
    int64_t kw = kwOp + 1;
    while ((kw * cin) % kg)
      ++kw;
    win[rank - 1] = kw;
    if (failed(planAll()))
      return decline(whyNot);
  }
  return success();
}

/// The canvas, and a check that the direct convolution over it has the
/// result's shape.
LogicalResult ConvAsGemm::layOutCanvas() {
  canvas = {batch};
  cropped = {batch};
  placeOffsets = {rewriter.getIndexAttr(0)};
  placeSizes = {rewriter.getIndexAttr(batch)};
  placeStrides = {rewriter.getIndexAttr(1)};
  for (int64_t d = 0; d < rank; ++d) {
    int64_t placed = (xs[d + 2] - 1) * geo.inputStride[d] + 1;
    int64_t lo = std::max<int64_t>(geo.padLo[d], 0),
            hi = std::max<int64_t>(geo.padHi[d], 0);
    canvas.push_back(placed + lo + hi);
    cropLo.push_back(std::max<int64_t>(-geo.padLo[d], 0));
    int64_t size =
        canvas.back() - cropLo.back() - std::max<int64_t>(-geo.padHi[d], 0);
    crop |= size != canvas.back();
    cropped.push_back(size);
    placeOffsets.push_back(rewriter.getIndexAttr(lo));
    placeSizes.push_back(rewriter.getIndexAttr(xs[d + 2]));
    placeStrides.push_back(rewriter.getIndexAttr(geo.inputStride[d]));
    int64_t span = geo.dilation[d] * (geo.window[d] - 1) + 1;
    if (size < span || (size - span) / geo.stride[d] + 1 != os[d + 2])
      return decline("inconsistent geometry");
    // Room for the zero-weight taps: more zero-point padding at the end.
    int64_t reach =
        (os[d + 2] - 1) * geo.stride[d] + geo.dilation[d] * (win[d] - 1) + 1;
    if (reach > size) {
      canvas.back() += reach - size;
      cropped.back() += reach - size;
    }
  }
  canvas.push_back(cin);
  cropped.push_back(cin);
  return success();
}

/// Winograd F(2x2, 3x3) for 3x3 stride-1 convs on the 16-bit kernels: the
/// canvas grows to whole 4x4 windows and whole vectors of channels (zeros:
/// the zero point's image in the centered domain).
void ConvAsGemm::chooseWinograd() {
  auto ones = allOnes;
  dense = ones(geo.inputStride);
  bool winogradShape =
      winograd && rank == 2 && groups == 1 &&
      geo.window == ArrayRef<int64_t>{3, 3} && win == geo.window &&
      ones(geo.stride) && ones(geo.dilation) && dense && !crop &&
      cin >= kWinogradMinChannels && cout >= kWinogradMinChannels;
  if (!winogradShape || plans.front().first.bits != 16)
    return;
  const MicroKernel &k = plans.front().first;
  wino = WinogradShape{batch, os[2], os[3], cin,
                       (int64_t)llvm::divideCeil(cin, k.lanes * k.kGroup) *
                           k.lanes * k.kGroup};
  winogradU = winogradWeights(plans.front().second, wino);
  if (winogradU) {
    canvas[1] = 2 * wino.tilesY() + 2;
    canvas[2] = 2 * wino.tilesX() + 2;
    canvas.back() = wino.cp;
  }
}

/// The residual as the GEMM's [m][n] matrix: channels-last, a layout change
/// qnn-fuse-elementwise cancels against its producer's.
LogicalResult ConvAsGemm::fuseResidual() {
  Value res =
      groups == 1 ? rewriter.getRemappedValue(fused->residual) : Value();
  if (!res)
    return decline("residual not fusable");
  SmallVector<int64_t> perm = {0}, cl = {batch};
  for (int64_t d = 0; d < rank; ++d) {
    perm.push_back(d + 2);
    cl.push_back(os[d + 2]);
  }
  perm.push_back(1);
  cl.push_back(cout);
  Value t = linalg::TransposeOp::create(
                rewriter, loc, res,
                createEmpty(rewriter, loc, cl, rewriter.getI8Type()), perm)
                .getResult()[0];
  SmallVector<ReassociationIndices> toMatrix(2);
  for (int64_t d = 0; d <= rank; ++d)
    toMatrix[0].push_back(d);
  toMatrix[1].push_back(rank + 1);
  fused->epilogue.matrix =
      tensor::CollapseShapeOp::create(rewriter, loc, t, toMatrix);
  plans.front().second.residual = fused->epilogue;
  return success();
}

/// 1. The channels-last copy in the kernel's domain: [n][spatial...][c].
/// A 16-bit pointwise GEMM whose whole B stays in L2 converts its input per
/// row tile (GemmOperandA::bytes): the channels-last copy keeps the storage
/// bytes, a pure layout change that qnn-fuse-elementwise removes.
Value ConvAsGemm::channelsLastCopy() {
  const MicroKernel &kernel = plans.front().first;
  opType = rewriter.getIntegerType(kernel.bits);
  inQ = getTensorQuant(input.getType());
  nhwc = {batch};
  for (int64_t d = 0; d < rank; ++d)
    nhwc.push_back(xs[d + 2]);
  nhwc.push_back(cin);
  SmallVector<AffineExpr> toNchw = {getAffineDimExpr(0, ctx),
                                    getAffineDimExpr(rank + 1, ctx)};
  for (int64_t d = 0; d < rank; ++d)
    toNchw.push_back(getAffineDimExpr(d + 1, ctx));
  SmallVector<AffineMap> maps = {
      AffineMap::get(rank + 2, 0, toNchw, ctx),
      AffineMap::getMultiDimIdentityMap(rank + 2, ctx)};
  SmallVector<utils::IteratorType> parallel(rank + 2,
                                            utils::IteratorType::parallel);
  int64_t nr = kernel.panelWidth();
  kPadded = llvm::divideCeil(cin, kernel.kGroup) * kernel.kGroup;
  convertTiles =
      pointwise && groups == 1 && kernel.bits == 16 && dense && !crop &&
      canvas == ArrayRef<int64_t>(nhwc) &&
      llvm::divideCeil(cout, nr) * nr * kPadded * 2 <= kConvertTilesMaxB;
  Type xType = convertTiles ? rewriter.getIntegerType(inQ->width) : opType;
  return linalg::GenericOp::create(
             rewriter, loc, TypeRange{RankedTensorType::get(nhwc, xType)},
             ValueRange{operands[0]},
             ValueRange{createEmpty(rewriter, loc, nhwc, xType)}, maps,
             parallel,
             [&](OpBuilder &nb, Location l, ValueRange a) {
               linalg::YieldOp::create(
                   nb, l,
                   convertTiles
                       ? a[0]
                       : domain.transform(nb, l, a[0], inQ->isSigned, opType));
             })
      .getResult(0);
}

/// 2. The canvas, filled with the zero point's image in the domain (a plain
/// pad, whose border alone qnn-fuse-elementwise fills, when the input is
/// placed densely without cropping).
Value ConvAsGemm::fillCanvas(Value x) {
  if (dense && !crop && canvas != ArrayRef<int64_t>(nhwc)) {
    SmallVector<OpFoldResult> lo, hi;
    for (int64_t d = 0; d < rank + 2; ++d) {
      int64_t before =
          d == 0 || d == rank + 1 ? 0 : std::max<int64_t>(geo.padLo[d - 1], 0);
      lo.push_back(rewriter.getIndexAttr(before));
      hi.push_back(rewriter.getIndexAttr(canvas[d] - nhwc[d] - before));
    }
    Value zp = arith::ConstantOp::create(
        rewriter, loc,
        rewriter.getIntegerAttr(opType, inQ->zeroPoint - domain.subtract));
    return tensor::PadOp::create(
        rewriter, loc, RankedTensorType::get(canvas, opType), x, lo, hi, zp);
  }
  if (dense && !crop)
    return x;
  Attribute zp =
      rewriter.getIntegerAttr(opType, inQ->zeroPoint - domain.subtract);
  x = tensor::InsertSliceOp::create(rewriter, loc, x,
                                    createFilled(rewriter, loc, canvas, zp),
                                    placeOffsets, placeSizes, placeStrides);
  if (!crop)
    return x;
  SmallVector<OpFoldResult> offsets = {rewriter.getIndexAttr(0)}, sizes,
                            one(rank + 2, rewriter.getIndexAttr(1));
  for (int64_t c : cropLo)
    offsets.push_back(rewriter.getIndexAttr(c));
  offsets.push_back(rewriter.getIndexAttr(0));
  for (int64_t v : cropped)
    sizes.push_back(rewriter.getIndexAttr(v));
  return tensor::ExtractSliceOp::create(
      rewriter, loc, RankedTensorType::get(cropped, opType), x, offsets, sizes,
      one);
}

/// 3. The GEMM of an ungrouped conv: row-tile conversion, an implicit GEMM
/// over the canvas, or an im2col.
Value ConvAsGemm::gemm(Value x) {
  std::string name = kernelName(op);
  if (convertTiles) {
    GemmOperandA bytesA;
    bytesA.bytes = tensor::CollapseShapeOp::create(
        rewriter, loc, x,
        ArrayRef<ReassociationIndices>{
            llvm::to_vector(llvm::seq<int64_t>(0, rank + 2))});
    bytesA.rowDims = {batch * pixels};
    bytesA.rowStrides = {kPadded};
    bytesA.segLen = kPadded;
    bytesA.bytesSigned = inQ->isSigned;
    bytesA.bytesSubtract = domain.subtract;
    return emitGemm(rewriter, loc, op, name, plans[0].first, plans[0].second,
                    bytesA);
  }
  // Implicit GEMM: when each window row of `kw * cin` elements is
  // contiguous in the canvas and a whole number of k groups, the kernel
  // reads A in place (one segment per window row) and no im2col is built.
  if (!pointwise && !crop && geo.dilation[rank - 1] == 1 &&
      (win[rank - 1] * cin) % plans.front().first.kGroup == 0)
    return implicitGemm(x, name);
  return im2colGemm(x, name);
}

/// A read in place from the canvas `x`: its flat view, one row per output
/// pixel (rows (n, out spatial...) at the canvas's strides times the conv's
/// strides), and one segment per window position of the first
/// `segmentDims` spatial dims.
GemmOperandA ConvAsGemm::canvasOperand(Value x, int64_t segmentDims) {
  SmallVector<int64_t> canvasStride(rank + 2, 1);
  for (int64_t d = rank; d >= 0; --d)
    canvasStride[d] = canvasStride[d + 1] * canvas[d + 1];
  GemmOperandA a;
  a.flat = tensor::CollapseShapeOp::create(
      rewriter, loc, x,
      ArrayRef<ReassociationIndices>{
          llvm::to_vector(llvm::seq<int64_t>(0, rank + 2))});
  a.rowDims.push_back(batch);
  a.rowStrides.push_back(canvasStride[0]);
  for (int64_t d = 0; d < rank; ++d) {
    a.rowDims.push_back(os[d + 2]);
    a.rowStrides.push_back(geo.stride[d] * canvasStride[d + 1]);
  }
  for (int64_t d = 0; d < segmentDims; ++d) {
    a.segDims.push_back(win[d]);
    a.segStrides.push_back(geo.dilation[d] * canvasStride[d + 1]);
  }
  return a;
}

Value ConvAsGemm::implicitGemm(Value x, StringRef name) {
  ArrayRef<int64_t> stride = geo.stride, dilation = geo.dilation;
  const MicroKernel &kernel = plans.front().first;
  // The last window dim's taps and the channels: one contiguous segment.
  GemmOperandA implicitA = canvasOperand(x, rank - 1);
  implicitA.segLen = win[rank - 1] * cin;
  // A 2-D canvas whose padding is 0 in the kernel's domain: window rows and
  // columns of padding are skipped.
  if (rank == 2 && dense && !crop && inQ->zeroPoint == domain.subtract) {
    auto axis = [&](int64_t d) {
      return GemmOperandA::PaddedAxis{stride[d], dilation[d],
                                      std::max<int64_t>(geo.padLo[d], 0),
                                      xs[d + 2]};
    };
    if (win[0] > 1)
      implicitA.paddingRows = axis(0);
    GemmOperandA::PaddingCols padCols{axis(1), win[1], cin / kernel.kGroup};
    // Only when some output column reads padding: the first one at its
    // first tap or the last one at its last (taps move monotonically with
    // the column).
    if (win[1] > 1 && cin % kernel.kGroup == 0 &&
        (!padCols.readsInput(0, 0) ||
         !padCols.readsInput(os[3] - 1, win[1] - 1)))
      implicitA.paddingCols = padCols;
  }
  return emitGemm(rewriter, loc, op, name, plans[0].first, plans[0].second,
                  implicitA);
}

/// im2col: [n][out spatial...][kernel...][c], a copy whose innermost
/// dimension is contiguous on both sides, then the GEMM with its fused
/// epilogue: [n * pixels][cout].
Value ConvAsGemm::im2colGemm(Value x, StringRef name) {
  ArrayRef<int64_t> stride = geo.stride, dilation = geo.dilation;
  Value cols = x;
  if (!pointwise) {
    // Without dilation along the last spatial dim, a window row of
    // `kw * cin` bytes is contiguous in the channels-last input: merge that
    // dim with the channels so the innermost copy is kw times longer (the k
    // order (kernel position, channel) is unchanged).
    bool mergeRow = dilation[rank - 1] == 1;
    int64_t kw = win[rank - 1];
    Value src = x;
    if (mergeRow) {
      SmallVector<ReassociationIndices> merge;
      for (int64_t d = 0; d < rank; ++d)
        merge.push_back({d});
      merge.push_back({rank, rank + 1});
      src = tensor::CollapseShapeOp::create(rewriter, loc, x, merge);
    }
    SmallVector<int64_t> colShape = {batch};
    for (int64_t d = 0; d < rank; ++d)
      colShape.push_back(os[d + 2]);
    for (int64_t d = 0; d < (mergeRow ? rank - 1 : rank); ++d)
      colShape.push_back(win[d]);
    colShape.push_back(mergeRow ? kw * cin : cin);
    int64_t dims = colShape.size();
    SmallVector<AffineExpr> read = {getAffineDimExpr(0, ctx)};
    for (int64_t d = 0; d < (mergeRow ? rank - 1 : rank); ++d)
      read.push_back(getAffineDimExpr(1 + d, ctx) * stride[d] +
                     getAffineDimExpr(1 + rank + d, ctx) * dilation[d]);
    if (mergeRow)
      read.push_back(getAffineDimExpr(rank, ctx) * (stride[rank - 1] * cin) +
                     getAffineDimExpr(dims - 1, ctx));
    else
      read.push_back(getAffineDimExpr(dims - 1, ctx));
    cols = gatherCopy(src, colShape, read);
  }
  return emitGemm(rewriter, loc, op, name, plans[0].first, plans[0].second,
                  denseOperandA(rewriter, loc, paddedMatrix(cols, rank + 1)));
}

/// `src` copied into a fresh tensor of `colShape`, element i from `src` at
/// `read(i)`: an im2col.
Value ConvAsGemm::gatherCopy(Value src, ArrayRef<int64_t> colShape,
                             ArrayRef<AffineExpr> read) {
  int64_t dims = colShape.size();
  SmallVector<AffineMap> maps = {AffineMap::get(dims, 0, read, ctx),
                                 AffineMap::getMultiDimIdentityMap(dims, ctx)};
  return linalg::GenericOp::create(
             rewriter, loc, TypeRange{RankedTensorType::get(colShape, opType)},
             ValueRange{src},
             ValueRange{createEmpty(rewriter, loc, colShape, opType)}, maps,
             SmallVector<utils::IteratorType>(dims,
                                              utils::IteratorType::parallel),
             [](OpBuilder &nb, Location l, ValueRange a) {
               linalg::YieldOp::create(nb, l, a[0]);
             })
      .getResult(0);
}

/// `cols` as the GEMM's A matrix: its first `rowDims` dims the rows, the
/// others K, padded to whole k groups.
Value ConvAsGemm::paddedMatrix(Value cols, int64_t rowDims) {
  int64_t colRank = shapeOf(cols).size();
  SmallVector<ReassociationIndices> toMatrix(2);
  for (int64_t d = 0; d < rowDims; ++d)
    toMatrix[0].push_back(d);
  for (int64_t d = rowDims; d < colRank; ++d)
    toMatrix[1].push_back(d);
  Value a = tensor::CollapseShapeOp::create(rewriter, loc, cols, toMatrix);
  return padColumns(rewriter, loc, a, plans.front().first.kGroup);
}

/// The groups' plans as one batched problem (GemmProblem::batch): their
/// weights, offsets and multipliers one group after the other, unchanged.
/// Every group has the same kernel (chosen from all the weight's qparams)
/// and epilogue forms, but for the rounding, which is Portable (exact
/// everywhere) where some group's multipliers need it.
GemmPlan ConvAsGemm::batchedPlan() const {
  GemmPlan batched = plans.front();
  GemmProblem &p = batched.second;
  p.batch = groups;
  for (const auto &[kernel, q] : llvm::drop_begin(plans)) {
    assert(kernel.bits == batched.first.bits && q.k == p.k &&
           "the groups of a conv share their kernel");
    llvm::append_range(p.weights, q.weights);
    llvm::append_range(p.offsets, q.offsets);
    llvm::append_range(p.multipliers, q.multipliers);
    if (q.rounding != p.rounding)
      p.rounding = Rounding::Portable;
  }
  return batched;
}

/// 3'. A grouped conv: one batched GEMM whose problem g is group g, written
/// into the [n * pixels][cout] result at columns g * cout / groups. A reads
/// the canvas in place when each group's channel run is a whole number of
/// k groups (one segment per window position, problem g at channel
/// g * cin / groups); otherwise from a group-major im2col.
Value ConvAsGemm::groupedGemm(Value x) {
  auto [kernel, p] = batchedPlan();
  GemmOperandA a;
  if (crop || cinG % kernel.kGroup) {
    a = denseOperandA(rewriter, loc, groupedIm2col(x));
    a.rowDims = {batch * pixels};
    a.batchStride = batch * pixels * a.rowStrides[0];
    return emitGemm(rewriter, loc, op, kernelName(op), kernel, p, a);
  }
  // A group's channels at each window position: one segment each.
  a = canvasOperand(x, rank);
  a.segLen = cinG;
  a.batchStride = cinG;
  return emitGemm(rewriter, loc, op, kernelName(op), kernel, p, a);
}

/// The im2col of every group, group-major: [groups][n][out spatial...]
/// [kernel...][c / groups] as the [groups * n * pixels][k] matrix (k padded
/// to whole k groups).
Value ConvAsGemm::groupedIm2col(Value x) {
  SmallVector<ReassociationIndices> split;
  for (int64_t d = 0; d <= rank; ++d)
    split.push_back({d});
  split.push_back({rank + 1, rank + 2});
  SmallVector<int64_t> splitShape(shapeOf(x));
  splitShape.back() = groups;
  splitShape.push_back(cinG);
  Value src = tensor::ExpandShapeOp::create(
      rewriter, loc, RankedTensorType::get(splitShape, opType), x, split);
  // Dims (g, n, out spatial..., kernel..., c).
  SmallVector<int64_t> colShape = {groups, batch};
  for (int64_t d = 0; d < rank; ++d)
    colShape.push_back(os[d + 2]);
  for (int64_t d = 0; d < rank; ++d)
    colShape.push_back(win[d]);
  colShape.push_back(cinG);
  int64_t dims = colShape.size();
  SmallVector<AffineExpr> read = {getAffineDimExpr(1, ctx)};
  for (int64_t d = 0; d < rank; ++d)
    read.push_back(getAffineDimExpr(2 + d, ctx) * geo.stride[d] +
                   getAffineDimExpr(2 + rank + d, ctx) * geo.dilation[d]);
  read.push_back(getAffineDimExpr(0, ctx));
  read.push_back(getAffineDimExpr(dims - 1, ctx));
  return paddedMatrix(gatherCopy(src, colShape, read), 2 + rank);
}

/// 5. Back to N x C x spatial, replacing the op (and a fused add).
void ConvAsGemm::replaceWithNchw(Value c) {
  SmallVector<int64_t> nhwcOut = {batch};
  SmallVector<ReassociationIndices> expand(2);
  expand[0].push_back(0);
  for (int64_t d = 0; d < rank; ++d) {
    nhwcOut.push_back(os[d + 2]);
    expand[0].push_back(d + 1);
  }
  nhwcOut.push_back(cout);
  expand[1].push_back(rank + 1);
  Type storage = plans.front().second.out.width == 8 ? rewriter.getI8Type()
                                                     : rewriter.getI16Type();
  Value expanded = tensor::ExpandShapeOp::create(
      rewriter, loc, RankedTensorType::get(nhwcOut, storage), c, expand);
  SmallVector<int64_t> perm = {0, rank + 1};
  for (int64_t d = 0; d < rank; ++d)
    perm.push_back(d + 1);
  Value init = createEmpty(rewriter, loc, os, storage);
  Value result =
      linalg::TransposeOp::create(rewriter, loc, expanded, init, perm)
          .getResult()[0];
  if (fused) {
    rewriter.replaceOp(fused->add, result);
    rewriter.eraseOp(op);
  } else {
    rewriter.replaceOp(op, result);
  }
}

LogicalResult rewriteConvAsGemm(Operation *op, ValueRange operands,
                                const ConvGeometry &geo, bool fusedRelu,
                                std::optional<ResidualAddMatch> fused,
                                KernelTarget target, bool winograd,
                                KernelRemarks *remarks,
                                ConversionPatternRewriter &rewriter) {
  return ConvAsGemm(op, operands, geo, fusedRelu, std::move(fused), target,
                    winograd, remarks, rewriter)
      .rewrite();
}

/// The direct convolution of a quantized conv: the weight is
/// [cout][cin / groups][kernel...].
template <typename OpTy> FailureOr<ConvGeometry> getConvGeometry(OpTy op) {
  ArrayRef<int64_t> ws = shapeOf(op.getWeight());
  ConvGeometry geo;
  geo.groups = op.getGroups();
  geo.window.assign(ws.begin() + 2, ws.end());
  geo.stride.assign(op.getStride().begin(), op.getStride().end());
  geo.dilation.assign(op.getDilation().begin(), op.getDilation().end());
  geo.inputStride.assign(geo.window.size(), 1);
  geo.padLo.assign(op.getPadding().begin(), op.getPadding().end());
  geo.padHi = geo.padLo;
  int64_t cinG = ws[1], window = computeProduct(geo.window);
  geo.weightIndex = [=](int64_t o, int64_t i, int64_t t) {
    return (o * cinG + i) * window + t;
  };
  return geo;
}

/// The direct convolution of a quantized transposed convolution
/// (per-tensor weight, as torch requires), as qnn-to-linalg's reference
/// lowering builds it: the input dilated by the stride on a zero-point
/// canvas padded by `dilation * (k - 1) - padding` (plus output_padding at
/// the end), convolved with stride 1 by the weight [cin][cout / groups]
/// [kernel...] flipped spatially with its channel dimensions swapped per
/// group (at compile time, while packing).
template <typename OpTy>
FailureOr<ConvGeometry> getTransposedConvGeometry(OpTy op) {
  ArrayRef<int64_t> ws = shapeOf(op.getWeight());
  int64_t rank = ws.size() - 2, groups = op.getGroups();
  if (!getTensorQuant(op.getWeight().getType()) || groups < 1 || ws[0] % groups)
    return failure();
  ConvGeometry geo;
  geo.groups = groups;
  geo.window.assign(ws.begin() + 2, ws.end());
  geo.stride.assign(rank, 1);
  geo.dilation.assign(op.getDilation().begin(), op.getDilation().end());
  geo.inputStride.assign(op.getStride().begin(), op.getStride().end());
  for (int64_t d = 0; d < rank; ++d) {
    int64_t lo = geo.dilation[d] * (geo.window[d] - 1) - op.getPadding()[d];
    geo.padLo.push_back(lo);
    geo.padHi.push_back(lo + op.getOutputPadding()[d]);
  }
  // w'[o][i][t] = w[(o / og) * ig + i][o % og][window - 1 - t].
  int64_t og = ws[1], ig = ws[0] / groups, window = computeProduct(geo.window);
  geo.weightIndex = [=](int64_t o, int64_t i, int64_t t) {
    return (((o / og) * ig + i) * og + o % og) * window + (window - 1 - t);
  };
  return geo;
}

/// Quantized convolution or transposed convolution as packed GEMMs (see
/// rewriteConvAsGemm). An ungrouped conv whose only user is a residual add
/// directly after it (see matchResidualAdd) takes the add into its epilogue
/// and replaces it.
template <typename OpTy> struct ConvMicroKernel : OpConversionPattern<OpTy> {
  static constexpr bool transposed =
      llvm::is_one_of<OpTy, ConvTranspose1dOp, ConvTranspose2dOp,
                      ConvTranspose3dOp>::value;

  ConvMicroKernel(const TypeConverter &converter, MLIRContext *ctx,
                  KernelTarget target, bool winograd, KernelRemarks *remarks)
      : OpConversionPattern<OpTy>(converter, ctx, /*benefit=*/2),
        target(target), winograd(winograd), remarks(remarks) {}

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if constexpr (transposed) {
      FailureOr<ConvGeometry> geo = getTransposedConvGeometry(op);
      if (failed(geo))
        return decline(remarks, rewriter, op,
                       "not a transposed conv the GEMM can run");
      return rewriteConvAsGemm(op, adaptor.getOperands(), *geo,
                               /*fusedRelu=*/false, std::nullopt, target,
                               winograd, remarks, rewriter);
    } else {
      FailureOr<ConvGeometry> geo = getConvGeometry(op);
      return rewriteConvAsGemm(
          op, adaptor.getOperands(), *geo, op.getFusedRelu(),
          matchResidualAdd(op, /*adjacent=*/true), target, winograd, remarks,
          rewriter);
    }
  }

  KernelTarget target;
  bool winograd;
  KernelRemarks *remarks;
};

} // namespace

void mlir::qnn::placeConvsBeforeResidualAdds(Operation *root) {
  // Per add, the first operand that is a matching conv (both can be, as in
  // resnet's downsample blocks; one epilogue takes the add).
  root->walk([](Operation *add) {
    if (!isa<AddOp, AddReluOp>(add))
      return;
    for (Value operand : add->getOperands()) {
      Operation *conv = operand.getDefiningOp();
      // Only convs the GEMM kernels can take (constant weights): moving
      // any other would just lengthen its operands' lifetimes.
      if (conv && isa<Conv1dOp, Conv2dOp, Conv3dOp>(conv) &&
          getConstantElements(conv->getOperand(1), Value()) &&
          matchResidualAdd(conv, /*adjacent=*/false)) {
        conv->moveBefore(add);
        return;
      }
    }
  });
}

void mlir::qnn::kernels::populateConvToGemmPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    KernelTarget target, bool winograd, KernelRemarks *remarks) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<ConvMicroKernel<Conv1dOp>, ConvMicroKernel<Conv2dOp>,
               ConvMicroKernel<Conv3dOp>, ConvMicroKernel<ConvTranspose1dOp>,
               ConvMicroKernel<ConvTranspose2dOp>,
               ConvMicroKernel<ConvTranspose3dOp>>(converter, ctx, target,
                                                   winograd, remarks);
}
