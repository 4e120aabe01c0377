//===- QNNAttrs.cpp - qnn attributes ----------------------------*- C++ -*-===//
//
// #qnn.observer and #qnn.qconfig: parsing with PyTorch's per-class defaults,
// printing that omits defaults, verification, and the qconfig presets of
// torch.ao.quantization 1.13.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNAttrs.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qnn;

#include "qnn/Dialect/QNN/IR/QNNEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "qnn/Dialect/QNN/IR/QNNAttrs.cpp.inc"

void QNNDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "qnn/Dialect/QNN/IR/QNNAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// ObserverAttr
//===----------------------------------------------------------------------===//

namespace {
/// The constructor arguments of one observer, initialized to the defaults of
/// its PyTorch class. Parsing, printing and the presets all go through this.
struct ObserverFields {
  ObserverKind kind;
  QDType dtype = QDType::quint8;
  QScheme qscheme = QScheme::per_tensor_affine;
  bool reduceRange = false;
  std::optional<int64_t> quantMin, quantMax;
  double averagingConstant = 0.01;
  int64_t chAxis = 0;
  int64_t bins = 2048;
  // torch.finfo(torch.float32).eps
  double eps = 1.1920928955078125e-07;
  bool isDynamic = false;

  explicit ObserverFields(ObserverKind kind) : kind(kind) {
    switch (kind) {
    case ObserverKind::per_channel_minmax:
    case ObserverKind::moving_average_per_channel_minmax:
      qscheme = QScheme::per_channel_affine;
      break;
    case ObserverKind::noop:
      dtype = QDType::float16;
      break;
    case ObserverKind::placeholder:
      dtype = QDType::float32;
      break;
    default:
      break;
    }
  }

  explicit ObserverFields(ObserverAttr attr)
      : kind(attr.getKind()), dtype(attr.getDtype()),
        qscheme(attr.getQscheme()), reduceRange(attr.getReduceRange()),
        quantMin(attr.getQuantMin()), quantMax(attr.getQuantMax()),
        averagingConstant(attr.getAveragingConstant().convertToDouble()),
        chAxis(attr.getChAxis()), bins(attr.getBins()),
        eps(attr.getEps().convertToDouble()), isDynamic(attr.getIsDynamic()) {}

  ObserverAttr get(MLIRContext *context) const {
    return ObserverAttr::get(context, kind, dtype, qscheme, reduceRange,
                             quantMin, quantMax, llvm::APFloat(averagingConstant),
                             chAxis, bins, llvm::APFloat(eps), isDynamic);
  }
  ObserverAttr getChecked(function_ref<InFlightDiagnostic()> emitError,
                          MLIRContext *context) const {
    return ObserverAttr::getChecked(
        emitError, context, kind, dtype, qscheme, reduceRange, quantMin,
        quantMax, llvm::APFloat(averagingConstant), chAxis, bins,
        llvm::APFloat(eps), isDynamic);
  }
};
} // namespace
ObserverAttr ObserverAttr::get(MLIRContext *context, ObserverKind kind) {
  return ObserverFields(kind).get(context);
}

static bool isQuantizingDType(QDType dtype) {
  return dtype == QDType::quint8 || dtype == QDType::qint8 ||
         dtype == QDType::qint32 || dtype == QDType::quint4x2;
}

static bool isPerChannelScheme(QScheme qscheme) {
  return qscheme == QScheme::per_channel_affine ||
         qscheme == QScheme::per_channel_symmetric ||
         qscheme == QScheme::per_channel_affine_float_qparams;
}

static bool isPerChannelKind(ObserverKind kind) {
  return kind == ObserverKind::per_channel_minmax ||
         kind == ObserverKind::moving_average_per_channel_minmax;
}

/// Storage range of a quantizing dtype.
static std::pair<int64_t, int64_t> dtypeRange(QDType dtype) {
  switch (dtype) {
  case QDType::quint8:
    return {0, 255};
  case QDType::quint4x2:
    return {0, 15};
  case QDType::qint8:
    return {-128, 127};
  case QDType::qint32:
    return {std::numeric_limits<int32_t>::min(),
            std::numeric_limits<int32_t>::max()};
  default:
    return {0, 0};
  }
}

/// torch.ao.quantization.utils.calculate_qmin_qmax.
static std::pair<int64_t, int64_t>
calculateQMinQMax(QDType dtype, bool reduceRange, std::optional<int64_t> qmin,
                  std::optional<int64_t> qmax) {
  if (qmin && qmax) {
    // A customized range is still halved by reduce_range (floor division).
    if (!reduceRange)
      return {*qmin, *qmax};
    auto floorDiv2 = [](int64_t v) { return v >= 0 ? v / 2 : -((-v + 1) / 2); };
    return {floorDiv2(*qmin), floorDiv2(*qmax)};
  }
  switch (dtype) {
  case QDType::qint8:
    return reduceRange ? std::make_pair<int64_t, int64_t>(-64, 63)
                       : std::make_pair<int64_t, int64_t>(-128, 127);
  case QDType::quint8:
    return reduceRange ? std::make_pair<int64_t, int64_t>(0, 127)
                       : std::make_pair<int64_t, int64_t>(0, 255);
  case QDType::qint32:
    return dtypeRange(QDType::qint32);
  default:
    return {0, 15};
  }
}

std::pair<int64_t, int64_t> ObserverAttr::getQuantRange() const {
  return calculateQMinQMax(getDtype(), getReduceRange(), getQuantMin(),
                           getQuantMax());
}

bool ObserverAttr::isPerChannel() const {
  return isPerChannelScheme(getQscheme());
}

bool ObserverAttr::isSymmetric() const {
  return getQscheme() == QScheme::per_tensor_symmetric ||
         getQscheme() == QScheme::per_channel_symmetric;
}

bool ObserverAttr::recordsStatistics() const {
  return getKind() != ObserverKind::noop &&
         getKind() != ObserverKind::placeholder && !hasFixedQParams();
}

bool ObserverAttr::hasFixedQParams() const {
  return getKind() == ObserverKind::fixed_qparams;
}

ObserverAttr ObserverAttr::withKind(ObserverKind kind) const {
  ObserverFields fields(*this);
  fields.kind = kind;
  return fields.get(getContext());
}

LogicalResult ObserverAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   ObserverKind kind, QDType dtype,
                                   QScheme qscheme, bool reduceRange,
                                   std::optional<int64_t> quantMin,
                                   std::optional<int64_t> quantMax,
                                   llvm::APFloat averagingConstant,
                                   int64_t chAxis, int64_t bins,
                                   llvm::APFloat eps, bool isDynamic) {
  StringRef kindName = stringifyObserverKind(kind);
  bool records = kind != ObserverKind::noop && kind != ObserverKind::placeholder;
  if (records && !isQuantizingDType(dtype))
    return emitError() << "observer '" << kindName
                       << "' needs dtype quint8, qint8, qint32 or quint4x2, got "
                       << stringifyQDType(dtype);
  if (records && dtype == QDType::quint4x2 &&
      qscheme != QScheme::per_channel_affine_float_qparams)
    return emitError() << "quint4x2 is only supported with qscheme "
                          "per_channel_affine_float_qparams (embedding tables)";
  if (records && isPerChannelKind(kind) != isPerChannelScheme(qscheme))
    return emitError() << "observer '" << kindName << "' does not support qscheme "
                       << stringifyQScheme(qscheme);
  if (kind == ObserverKind::histogram && isPerChannelScheme(qscheme))
    return emitError() << "histogram observer is per-tensor only";
  if (qscheme == QScheme::per_tensor_symmetric && reduceRange &&
      dtype == QDType::quint8)
    return emitError()
           << "cannot reduce range for symmetric quantization for quint8";
  if (quantMin.has_value() != quantMax.has_value())
    return emitError() << "quant_min and quant_max must be given together";
  if (quantMin) {
    if (!(*quantMin <= 0 && 0 <= *quantMax))
      return emitError() << "user-specified quantization range ["
                         << *quantMin << ", " << *quantMax
                         << "] must include 0";
    if (*quantMin >= *quantMax)
      return emitError() << "quant_min must be strictly less than quant_max";
    if (isQuantizingDType(dtype)) {
      auto [lo, hi] = dtypeRange(dtype);
      if (*quantMin < lo || *quantMax > hi)
        return emitError() << "quantization range [" << *quantMin << ", "
                           << *quantMax << "] exceeds the range of "
                           << stringifyQDType(dtype) << " [" << lo << ", "
                           << hi << "]";
    }
  }
  double c = averagingConstant.convertToDouble();
  if (!(c > 0.0 && c <= 1.0))
    return emitError() << "averaging_constant must be in (0, 1], got " << c;
  if (bins <= 0)
    return emitError() << "bins must be positive, got " << bins;
  double e = eps.convertToDouble();
  if (!(e > 0.0) || !std::isfinite(e))
    return emitError() << "eps must be positive and finite, got " << e;
  (void)chAxis;
  (void)isDynamic;
  return success();
}

/// Parses `true` or `false`.
static ParseResult parseBool(AsmParser &parser, bool &value) {
  StringRef keyword;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseKeyword(&keyword))
    return failure();
  if (keyword != "true" && keyword != "false")
    return parser.emitError(loc, "expected 'true' or 'false'");
  value = keyword == "true";
  return success();
}

/// Parses an enum keyword with `symbolize`, naming `what` on error.
template <typename EnumT>
static ParseResult
parseEnumKeyword(AsmParser &parser, EnumT &value,
                 std::optional<EnumT> (*symbolize)(llvm::StringRef),
                 StringRef what) {
  StringRef keyword;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseKeyword(&keyword))
    return failure();
  std::optional<EnumT> parsed = symbolize(keyword);
  if (!parsed)
    return parser.emitError(loc) << "unknown " << what << " '" << keyword
                                 << "'";
  value = *parsed;
  return success();
}

Attribute ObserverAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess())
    return {};
  ObserverKind kind;
  if (parseEnumKeyword(parser, kind, symbolizeObserverKind, "observer kind"))
    return {};
  ObserverFields fields(kind);
  llvm::StringSet<> seen;
  while (succeeded(parser.parseOptionalComma())) {
    StringRef key;
    SMLoc keyLoc = parser.getCurrentLocation();
    if (parser.parseKeyword(&key) || parser.parseEqual())
      return {};
    if (!seen.insert(key).second) {
      parser.emitError(keyLoc) << "duplicate observer field '" << key << "'";
      return {};
    }
    ParseResult result = success();
    if (key == "dtype") {
      result = parseEnumKeyword(parser, fields.dtype, symbolizeQDType, "dtype");
    } else if (key == "qscheme") {
      result = parseEnumKeyword(parser, fields.qscheme, symbolizeQScheme,
                                "qscheme");
    } else if (key == "reduce_range") {
      result = parseBool(parser, fields.reduceRange);
    } else if (key == "is_dynamic") {
      result = parseBool(parser, fields.isDynamic);
    } else if (key == "quant_min" || key == "quant_max") {
      int64_t v;
      result = parser.parseInteger(v);
      (key == "quant_min" ? fields.quantMin : fields.quantMax) = v;
    } else if (key == "ch_axis") {
      result = parser.parseInteger(fields.chAxis);
    } else if (key == "bins") {
      result = parser.parseInteger(fields.bins);
    } else if (key == "averaging_constant") {
      result = parser.parseFloat(fields.averagingConstant);
    } else if (key == "eps") {
      result = parser.parseFloat(fields.eps);
    } else {
      parser.emitError(keyLoc) << "unknown observer field '" << key << "'";
      return {};
    }
    if (failed(result))
      return {};
  }
  if (parser.parseGreater())
    return {};
  return fields.getChecked([&] { return parser.emitError(loc); },
                           parser.getContext());
}

void ObserverAttr::print(AsmPrinter &printer) const {
  ObserverFields defaults(getKind());
  ObserverFields fields(*this);
  printer << '<' << stringifyObserverKind(getKind());
  if (fields.dtype != defaults.dtype)
    printer << ", dtype = " << stringifyQDType(fields.dtype);
  if (fields.qscheme != defaults.qscheme)
    printer << ", qscheme = " << stringifyQScheme(fields.qscheme);
  if (fields.reduceRange)
    printer << ", reduce_range = true";
  if (fields.quantMin)
    printer << ", quant_min = " << *fields.quantMin
            << ", quant_max = " << *fields.quantMax;
  if (fields.averagingConstant != defaults.averagingConstant) {
    printer << ", averaging_constant = ";
    printer.printFloat(getAveragingConstant());
  }
  if (fields.chAxis != defaults.chAxis)
    printer << ", ch_axis = " << fields.chAxis;
  if (fields.bins != defaults.bins)
    printer << ", bins = " << fields.bins;
  if (fields.eps != defaults.eps) {
    printer << ", eps = ";
    printer.printFloat(getEps());
  }
  if (fields.isDynamic)
    printer << ", is_dynamic = true";
  printer << '>';
}

//===----------------------------------------------------------------------===//
// QConfigAttr
//===----------------------------------------------------------------------===//

namespace {
struct Preset {
  StringRef name;
  QConfigAttr (*build)(MLIRContext *);
};
} // namespace

static ObserverAttr histogram(MLIRContext *ctx, bool reduceRange) {
  ObserverFields f(ObserverKind::histogram);
  f.reduceRange = reduceRange;
  return f.get(ctx);
}

/// default_per_channel_weight_observer / default_weight_observer.
static ObserverAttr weightObserver(MLIRContext *ctx, bool perChannel) {
  ObserverFields f(perChannel ? ObserverKind::per_channel_minmax
                              : ObserverKind::minmax);
  f.dtype = QDType::qint8;
  f.qscheme = perChannel ? QScheme::per_channel_symmetric
                         : QScheme::per_tensor_symmetric;
  return f.get(ctx);
}

/// FusedMovingAvgObsFakeQuantize(MovingAverageMinMaxObserver, 0, 255, ...).
static ObserverAttr qatActivation(MLIRContext *ctx, bool reduceRange) {
  ObserverFields f(ObserverKind::moving_average_minmax);
  f.quantMin = 0;
  f.quantMax = 255;
  f.reduceRange = reduceRange;
  return f.get(ctx);
}

/// default_fused_per_channel_wt_fake_quant / default_fused_wt_fake_quant.
static ObserverAttr qatWeight(MLIRContext *ctx, bool perChannel) {
  ObserverFields f(perChannel ? ObserverKind::moving_average_per_channel_minmax
                              : ObserverKind::moving_average_minmax);
  f.dtype = QDType::qint8;
  f.qscheme = perChannel ? QScheme::per_channel_symmetric
                         : QScheme::per_tensor_symmetric;
  f.quantMin = -128;
  f.quantMax = 127;
  return f.get(ctx);
}

static ObserverAttr dynamicActivation(MLIRContext *ctx, QDType dtype) {
  ObserverFields f(ObserverKind::placeholder);
  f.dtype = dtype;
  f.isDynamic = true;
  return f.get(ctx);
}

static const Preset kPresets[] = {
    {"fbgemm",
     [](MLIRContext *c) {
       return QConfigAttr::get(c, histogram(c, true), weightObserver(c, true),
                               false);
     }},
    {"qnnpack",
     [](MLIRContext *c) {
       return QConfigAttr::get(c, histogram(c, false),
                               weightObserver(c, false), false);
     }},
    {"onednn",
     [](MLIRContext *c) {
       return QConfigAttr::get(c, histogram(c, false), weightObserver(c, true),
                               false);
     }},
    {"x86",
     [](MLIRContext *c) {
       return QConfigAttr::get(c, histogram(c, true), weightObserver(c, true),
                               false);
     }},
    {"fbgemm_qat",
     [](MLIRContext *c) {
       return QConfigAttr::get(c, qatActivation(c, true), qatWeight(c, true),
                               true);
     }},
    {"qnnpack_qat",
     [](MLIRContext *c) {
       return QConfigAttr::get(c, qatActivation(c, false), qatWeight(c, false),
                               true);
     }},
    {"onednn_qat",
     [](MLIRContext *c) {
       return QConfigAttr::get(c, qatActivation(c, false), qatWeight(c, true),
                               true);
     }},
    {"x86_qat",
     [](MLIRContext *c) {
       return QConfigAttr::get(c, qatActivation(c, true), qatWeight(c, true),
                               true);
     }},
    {"dynamic",
     [](MLIRContext *c) {
       return QConfigAttr::get(c, dynamicActivation(c, QDType::quint8),
                               weightObserver(c, false), false);
     }},
    {"float16_dynamic",
     [](MLIRContext *c) {
       ObserverFields weight(ObserverKind::placeholder);
       weight.dtype = QDType::float16;
       return QConfigAttr::get(c, dynamicActivation(c, QDType::float16),
                               weight.get(c), false);
     }},
    {"none",
     [](MLIRContext *c) {
       return QConfigAttr::get(c, ObserverAttr(), ObserverAttr(), false);
     }},
};

QConfigAttr QConfigAttr::getPreset(MLIRContext *context, StringRef name) {
  for (const Preset &preset : kPresets)
    if (preset.name == name)
      return preset.build(context);
  return {};
}

ArrayRef<StringRef> QConfigAttr::getPresetNames() {
  static const SmallVector<StringRef> names = [] {
    SmallVector<StringRef> result;
    for (const Preset &preset : kPresets)
      result.push_back(preset.name);
    return result;
  }();
  return names;
}

std::optional<StringRef> QConfigAttr::getPresetName() const {
  for (const Preset &preset : kPresets)
    if (preset.build(getContext()) == *this)
      return preset.name;
  return std::nullopt;
}

LogicalResult QConfigAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  ObserverAttr activation, ObserverAttr weight,
                                  bool fakeQuant) {
  if (activation.operator bool() != weight.operator bool())
    return emitError() << "a qconfig needs both an activation and a weight "
                          "observer, or neither (qconfig None)";
  if (fakeQuant && !activation)
    return emitError() << "fake_quant needs activation and weight observers";
  if (weight && weight.isPerChannel() && weight.getChAxis() != 0 &&
      weight.getChAxis() != 1)
    return emitError() << "weight observers quantize along axis 0 or 1, got "
                       << weight.getChAxis();
  return success();
}

Attribute QConfigAttr::parse(AsmParser &parser, Type) {
  MLIRContext *context = parser.getContext();
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess())
    return {};
  StringRef keyword;
  SMLoc keyLoc = parser.getCurrentLocation();
  if (parser.parseKeyword(&keyword))
    return {};
  if (keyword != "activation") {
    QConfigAttr preset = getPreset(context, keyword);
    if (!preset) {
      auto diag = parser.emitError(keyLoc)
                  << "unknown qconfig preset '" << keyword << "'; expected "
                  << "'activation = ...' or one of: ";
      llvm::interleaveComma(getPresetNames(), diag);
      return {};
    }
    if (parser.parseGreater())
      return {};
    return preset;
  }
  ObserverAttr activation, weight;
  bool fakeQuant = false;
  auto parseObserver = [&](ObserverAttr &result) -> ParseResult {
    SMLoc attrLoc = parser.getCurrentLocation();
    Attribute attr;
    if (parser.parseEqual() || parser.parseAttribute(attr))
      return failure();
    result = llvm::dyn_cast<ObserverAttr>(attr);
    if (!result)
      return parser.emitError(attrLoc, "expected a #qnn.observer attribute");
    return success();
  };
  if (parseObserver(activation) || parser.parseComma() ||
      parser.parseKeyword("weight") || parseObserver(weight))
    return {};
  if (succeeded(parser.parseOptionalComma())) {
    if (parser.parseKeyword("fake_quant"))
      return {};
    fakeQuant = true;
  }
  if (parser.parseGreater())
    return {};
  return getChecked([&] { return parser.emitError(loc); }, context, activation,
                    weight, fakeQuant);
}

void QConfigAttr::print(AsmPrinter &printer) const {
  if (std::optional<StringRef> preset = getPresetName()) {
    printer << '<' << *preset << '>';
    return;
  }
  printer << "<activation = ";
  printer.printAttribute(getActivation());
  printer << ", weight = ";
  printer.printAttribute(getWeight());
  if (getFakeQuant())
    printer << ", fake_quant";
  printer << '>';
}
