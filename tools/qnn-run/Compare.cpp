//===- Compare.cpp - per-layer float vs quantized comparison ----*- C++ -*-===//

#include "Compare.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Support/ToolIO.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// One result of one call of a named module op.
struct Layer {
  std::string name;
  unsigned call = 0;   // the module's k-th call in the function
  unsigned result = 0; // result number of the op
  Operation *op = nullptr;
  Value value;

  std::string label() const {
    std::string s = name;
    if (result > 0)
      s += "#" + std::to_string(result);
    if (call > 0)
      s += " (call " + std::to_string(call + 1) + ")";
    return s;
  }
  std::tuple<std::string, unsigned, unsigned> key() const {
    return {name, call, result};
  }
};

/// A quantized layer and the float value it is compared with.
struct Match {
  Layer quantized;
  Value floatValue; // the end of its fused group
  Operation *floatOp = nullptr;
  std::string floatLabel;
  // Filled in after running.
  TensorSpec spec;
  double sqnr = 0, maxAbsError = 0;
  std::vector<float> floatOut, quantOut;
};

struct Skipped {
  std::string label, reason;
};

} // namespace

static int fail(const llvm::Twine &message) {
  return toolError("qnn-run", message);
}

/// Workflow ops are not layers, even when they carry a module name.
static bool isWorkflowOp(Operation *op) {
  return isa<QuantStubOp, DeQuantStubOp, ObserveOp, FakeQuantOp, QuantizeOp,
             DequantizeOp, RequantizeOp, QConstantOp>(op);
}

static StringRef moduleName(Operation *op) {
  if (isWorkflowOp(op))
    return {};
  auto name = op->getAttrOfType<StringAttr>("name");
  return name ? name.getValue() : StringRef();
}

static SmallVector<Layer> collectLayers(func::FuncOp f) {
  SmallVector<Layer> layers;
  llvm::StringMap<unsigned> calls;
  for (Operation &op : f.getBody().front()) {
    StringRef name = moduleName(&op);
    if (name.empty())
      continue;
    unsigned call = calls[name]++;
    for (OpResult r : op.getResults())
      layers.push_back({name.str(), call, r.getResultNumber(), &op, r});
  }
  return layers;
}

/// Whether `type` can be returned to the host and compared: a statically
/// shaped tensor of f32/f64 or of a per-tensor quantized type.
static bool isComparable(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return false;
  Type elem = tensor.getElementType();
  if (isa<quant::QuantizedType>(elem))
    return isa<quant::UniformQuantizedType>(elem);
  return elem.isF32() || elem.isF64();
}

/// The end of the fused group that starts at `v`'s op: follows the only use
/// while the user is a named module op absent from the quantized model (it
/// was fused away) with a single result of the same shape.
static Value fusedGroupEnd(Value v, const llvm::StringSet<> &quantizedNames,
                           llvm::SmallPtrSetImpl<Operation *> &absorbed) {
  while (v.hasOneUse()) {
    Operation *user = *v.getUsers().begin();
    StringRef name = moduleName(user);
    if (name.empty() || quantizedNames.contains(name) ||
        user->getNumResults() != 1 || user->getBlock() != v.getParentBlock())
      break;
    auto from = dyn_cast<ShapedType>(v.getType());
    auto to = dyn_cast<ShapedType>(user->getResult(0).getType());
    if (!from || !to || !from.hasRank() || !to.hasRank() ||
        from.getShape() != to.getShape())
      break;
    absorbed.insert(user);
    v = user->getResult(0);
  }
  return v;
}

/// Appends `values` to the returns of `f` (single-block body).
static void exposeValues(func::FuncOp f, ArrayRef<Value> values) {
  auto ret = cast<func::ReturnOp>(f.getBody().front().getTerminator());
  ret.getOperandsMutable().append(values);
  SmallVector<Type> types(f.getResultTypes());
  for (Value v : values)
    types.push_back(v.getType());
  ArrayAttr resAttrs = f.getAllResultAttrs();
  f.setFunctionType(
      FunctionType::get(f.getContext(), f.getArgumentTypes(), types));
  if (resAttrs) {
    SmallVector<DictionaryAttr> attrs;
    for (Attribute a : resAttrs)
      attrs.push_back(cast<DictionaryAttr>(a));
    attrs.resize(types.size(), DictionaryAttr::get(f.getContext()));
    f.setAllResultAttrs(attrs);
  }
}

/// Host values of a result: f32 as is, quantized storage dequantized as
/// torch's dequantize does, (q - zero_point) * scale in float.
static std::vector<float> toFloat(const NpyArray &a, const TensorSpec &spec) {
  int64_t n = a.numElements();
  std::vector<float> out(n);
  float scale = spec.quant ? (float)spec.quant.getScale() : 1.0f;
  int64_t zp = spec.quant ? spec.quant.getZeroPoint() : 0;
  for (int64_t i = 0; i < n; ++i) {
    if (a.dtype == "<f4")
      out[i] = a.as<float>()[i];
    else if (a.dtype == "<f8")
      out[i] = (float)a.as<double>()[i];
    else if (a.dtype == "|i1")
      out[i] = (float)(a.as<int8_t>()[i] - zp) * scale;
    else if (a.dtype == "|u1")
      out[i] = (float)(a.as<uint8_t>()[i] - zp) * scale;
    else if (a.dtype == "<i4")
      out[i] = (float)((int64_t)a.as<int32_t>()[i] - zp) * scale;
  }
  return out;
}

static std::string dtypeName(const TensorSpec &spec) {
  if (!spec.quant)
    return spec.dtype == "<f8" ? "f64" : "f32";
  if (spec.quant.getStorageTypeIntegralWidth() == 32)
    return "qint32";
  return spec.quant.isSigned() ? "qint8" : "quint8";
}

static std::string formatSqnr(double sqnr, int precision) {
  if (std::isinf(sqnr))
    return sqnr > 0 ? "inf" : "-inf";
  if (std::isnan(sqnr))
    return "nan";
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*f", precision, sqnr);
  return buffer;
}

static llvm::Error writeFloatNpy(StringRef path, ArrayRef<float> values,
                                 ArrayRef<int64_t> shape) {
  NpyArray a;
  a.dtype = "<f4";
  a.shape.assign(shape.begin(), shape.end());
  a.data.resize(values.size() * sizeof(float));
  std::memcpy(a.data.data(), values.data(), a.data.size());
  return writeNpy(path, a);
}

/// Loads `path` and finds its entry function; 0 on failure (reported).
static OwningOpRef<ModuleOp> loadModel(ModelLoader &loader, StringRef path,
                                       StringRef function, func::FuncOp &f) {
  OwningOpRef<ModuleOp> module = loader.loadEntry(path, function, "qnn-run", f);
  if (!module)
    return {};
  if (!f.getBody().hasOneBlock()) {
    f.emitError() << "--compare needs a function with a single block";
    return {};
  }
  return module;
}

int mlir::qnn::runCompare(const CompareOptions &options,
                          ArrayRef<NpyArray> args, llvm::raw_ostream &os) {
  // A loader parses one file (its source manager's main buffer).
  ModelLoader quantLoader, floatLoader;
  func::FuncOp quantFunc, floatFunc;
  OwningOpRef<ModuleOp> quantModule = loadModel(
      quantLoader, options.quantizedFile, options.function, quantFunc);
  if (!quantModule)
    return 1;
  OwningOpRef<ModuleOp> floatModule =
      loadModel(floatLoader, options.floatFile, options.function, floatFunc);
  if (!floatModule)
    return 1;
  if (floatFunc.getNumArguments() != quantFunc.getNumArguments())
    return fail("the float model takes " +
                llvm::Twine(floatFunc.getNumArguments()) +
                " input(s), the quantized model " +
                llvm::Twine(quantFunc.getNumArguments()));
  if (args.size() != quantFunc.getNumArguments())
    return fail("the models take " + llvm::Twine(quantFunc.getNumArguments()) +
                " input(s), got " + llvm::Twine(args.size()) + " --input");

  // Match the layers by name before anything is lowered.
  SmallVector<Layer> quantLayers = collectLayers(quantFunc);
  SmallVector<Layer> floatLayers = collectLayers(floatFunc);
  llvm::StringSet<> quantNames;
  for (const Layer &l : quantLayers)
    quantNames.insert(l.name);
  std::map<std::tuple<std::string, unsigned, unsigned>, const Layer *> byKey;
  for (const Layer &l : floatLayers)
    byKey.emplace(l.key(), &l);

  llvm::SmallPtrSet<Operation *, 16> absorbed;
  llvm::DenseSet<const Layer *> matchedFloat;
  std::vector<Match> matches;
  std::vector<Skipped> skipped;
  std::vector<std::string> quantOnly, floatOnly;
  for (const Layer &q : quantLayers) {
    auto it = byKey.find(q.key());
    if (it == byKey.end()) {
      quantOnly.push_back(q.label());
      continue;
    }
    const Layer &f = *it->second;
    matchedFloat.insert(&f);
    Value end = f.value;
    if (f.op->getNumResults() == 1)
      end = fusedGroupEnd(f.value, quantNames, absorbed);
    Match m;
    m.quantized = q;
    m.floatValue = end;
    m.floatOp = end == f.value ? f.op : end.getDefiningOp();
    m.floatLabel = end == f.value ? f.label() : moduleName(m.floatOp).str();
    auto qt = dyn_cast<ShapedType>(q.value.getType());
    auto ft = dyn_cast<ShapedType>(end.getType());
    if (!isComparable(q.value.getType()) || !isComparable(end.getType())) {
      std::string s;
      llvm::raw_string_ostream(s) << "cannot be compared: " << q.value.getType()
                                  << " vs " << end.getType();
      skipped.push_back({q.label(), s});
      continue;
    }
    if (qt.getShape() != ft.getShape()) {
      skipped.push_back({q.label(), "shapes differ: quantized " +
                                        formatNpyShape(qt.getShape()) +
                                        ", float " +
                                        formatNpyShape(ft.getShape())});
      continue;
    }
    matches.push_back(std::move(m));
  }
  for (const Layer &f : floatLayers)
    if (!matchedFloat.contains(&f) && !absorbed.contains(f.op))
      floatOnly.push_back(f.label());
  if (matches.empty())
    return fail("no layer of " + options.quantizedFile +
                " matches a layer of " + options.floatFile +
                " by module name (the ops' `name`)");

  // Expose the matched values as extra results and run both models.
  unsigned quantResults = quantFunc.getNumResults();
  unsigned floatResults = floatFunc.getNumResults();
  SmallVector<Value> quantValues, floatValues;
  for (const Match &m : matches) {
    quantValues.push_back(m.quantized.value);
    floatValues.push_back(m.floatValue);
  }
  exposeValues(quantFunc, quantValues);
  exposeValues(floatFunc, floatValues);
  std::string quantName = quantFunc.getSymName().str();
  std::string floatName = floatFunc.getSymName().str();
  // The matches keep only what survives lowering: labels and op names.
  std::vector<std::string> quantOpNames, floatOpNames;
  for (const Match &m : matches) {
    quantOpNames.push_back(m.quantized.op->getName().getStringRef().str());
    floatOpNames.push_back(m.floatOp->getName().getStringRef().str());
  }

  auto floatRunner = ModelRunner::create(std::move(floatModule), floatName);
  if (failed(floatRunner))
    return 1;
  auto quantRunner = ModelRunner::create(std::move(quantModule), quantName);
  if (failed(quantRunner))
    return 1;
  auto floatOutputs = (*floatRunner)->run(args);
  if (!floatOutputs)
    return fail("float model: " + llvm::toString(floatOutputs.takeError()));
  auto quantOutputs = (*quantRunner)->run(args);
  if (!quantOutputs)
    return fail("quantized model: " + llvm::toString(quantOutputs.takeError()));

  ArrayRef<TensorSpec> quantSpecs = (*quantRunner)->getResults();
  ArrayRef<TensorSpec> floatSpecs = (*floatRunner)->getResults();
  size_t worst = 0;
  for (auto [i, m] : llvm::enumerate(matches)) {
    m.spec = quantSpecs[quantResults + i];
    m.quantOut = toFloat((*quantOutputs)[quantResults + i], m.spec);
    m.floatOut = toFloat((*floatOutputs)[floatResults + i],
                         floatSpecs[floatResults + i]);
    double signal = 0, noise = 0, maxErr = 0;
    for (auto [x, y] : llvm::zip_equal(m.floatOut, m.quantOut)) {
      double d = (double)x - (double)y;
      signal += (double)x * x;
      noise += d * d;
      maxErr = std::max(maxErr, std::abs(d));
    }
    // torch.ao.ns's compute_sqnr: 20 log10(||x|| / ||x - y||).
    if (noise == 0)
      m.sqnr = std::numeric_limits<double>::infinity();
    else
      m.sqnr = 20 * std::log10(std::sqrt(signal) / std::sqrt(noise));
    m.maxAbsError = maxErr;
    if (!std::isnan(m.sqnr) &&
        (std::isnan(matches[worst].sqnr) || m.sqnr < matches[worst].sqnr))
      worst = i;
  }

  // The table, in model order.
  size_t nameWidth = 5, floatWidth = 12, opWidth = 2;
  for (auto [i, m] : llvm::enumerate(matches)) {
    nameWidth = std::max(nameWidth, m.quantized.label().size());
    floatWidth = std::max(floatWidth, m.floatLabel.size());
    opWidth = std::max(opWidth, quantOpNames[i].size());
  }
  os << "per-layer comparison of " << options.quantizedFile << " against "
     << options.floatFile << " (SQNR = 20 log10(|float| / |float - "
     << "dequantized|))\n";
  os << llvm::right_justify("#", 3) << "  "
     << llvm::left_justify("layer", nameWidth) << "  "
     << llvm::left_justify("float output", floatWidth) << "  "
     << llvm::left_justify("op", opWidth) << "  "
     << llvm::right_justify("SQNR (dB)", 9) << "  "
     << llvm::right_justify("max abs err", 11) << "  "
     << llvm::left_justify("dtype", 6) << "  "
     << llvm::right_justify("scale", 11) << "  "
     << llvm::right_justify("zero_point", 10) << "\n";
  for (auto [i, m] : llvm::enumerate(matches)) {
    os << llvm::right_justify(std::to_string(i), 3) << "  "
       << llvm::left_justify(m.quantized.label(), nameWidth) << "  "
       << llvm::left_justify(m.floatLabel, floatWidth) << "  "
       << llvm::left_justify(quantOpNames[i], opWidth) << "  "
       << llvm::right_justify(formatSqnr(m.sqnr, 2), 9) << "  "
       << llvm::format("%11.5g", m.maxAbsError) << "  "
       << llvm::left_justify(dtypeName(m.spec), 6) << "  ";
    if (m.spec.quant)
      os << llvm::format("%11.6g", m.spec.quant.getScale()) << "  "
         << llvm::format("%10lld", (long long)m.spec.quant.getZeroPoint());
    else
      os << llvm::right_justify("-", 11) << "  "
         << llvm::right_justify("-", 10);
    os << "\n";
  }
  const Match &w = matches[worst];
  os << "worst layer: " << w.quantized.label() << " (" << quantOpNames[worst]
     << "): SQNR " << formatSqnr(w.sqnr, 2) << " dB, max abs error "
     << llvm::format("%.5g", w.maxAbsError) << "\n";
  if (!floatOnly.empty())
    os << "unmatched, float model only: " << llvm::join(floatOnly, ", ")
       << "\n";
  if (!quantOnly.empty())
    os << "unmatched, quantized model only: " << llvm::join(quantOnly, ", ")
       << "\n";
  for (const Skipped &s : skipped)
    os << "not compared: " << s.label << ": " << s.reason << "\n";

  if (options.outputDir.empty())
    return 0;

  // compare.json and the per-layer outputs.
  if (std::error_code ec = llvm::sys::fs::create_directories(options.outputDir))
    return fail("cannot create " + options.outputDir + ": " + ec.message());
  for (auto [i, m] : llvm::enumerate(matches)) {
    for (auto [suffix, values] :
         {std::pair<const char *, const std::vector<float> *>{"float",
                                                              &m.floatOut},
          {"quantized", &m.quantOut}}) {
      llvm::SmallString<128> path(options.outputDir);
      llvm::sys::path::append(path, "layer" + std::to_string(i) + "_" + suffix +
                                        ".npy");
      if (llvm::Error err = writeFloatNpy(path, *values, m.spec.shape))
        return fail(llvm::toString(std::move(err)));
    }
  }
  llvm::SmallString<128> jsonPath(options.outputDir);
  llvm::sys::path::append(jsonPath, "compare.json");
  std::error_code ec;
  llvm::raw_fd_ostream file(jsonPath, ec);
  if (ec)
    return fail("cannot write " + jsonPath + ": " + ec.message());
  auto number = [](llvm::json::OStream &j, double v) {
    // Python's json reads Infinity and NaN.
    if (std::isnan(v))
      j.rawValue("NaN");
    else if (std::isinf(v))
      j.rawValue(v > 0 ? "Infinity" : "-Infinity");
    else
      j.rawValue(llvm::formatv("{0:e16}", v).str());
  };
  llvm::json::OStream j(file, 1);
  j.object([&] {
    j.attribute("float_model", options.floatFile);
    j.attribute("quantized_model", options.quantizedFile);
    j.attributeArray("layers", [&] {
      for (size_t i = 0; i < matches.size(); ++i) {
        const Match &m = matches[i];
        j.object([&] {
          j.attribute("index", (int64_t)i);
          j.attribute("name", m.quantized.name);
          j.attribute("label", m.quantized.label());
          j.attribute("call", (int64_t)m.quantized.call + 1);
          j.attribute("result", (int64_t)m.quantized.result);
          j.attribute("op", quantOpNames[i]);
          j.attribute("float_output", m.floatLabel);
          j.attribute("float_op", floatOpNames[i]);
          j.attributeArray("shape", [&] {
            for (int64_t d : m.spec.shape)
              j.value(d);
          });
          j.attribute("dtype", dtypeName(m.spec));
          j.attributeBegin("sqnr_db");
          number(j, m.sqnr);
          j.attributeEnd();
          j.attributeBegin("max_abs_error");
          number(j, m.maxAbsError);
          j.attributeEnd();
          if (m.spec.quant) {
            j.attributeBegin("scale");
            number(j, m.spec.quant.getScale());
            j.attributeEnd();
            j.attribute("zero_point", (int64_t)m.spec.quant.getZeroPoint());
          } else {
            j.attribute("scale", nullptr);
            j.attribute("zero_point", nullptr);
          }
          j.attribute("float_file", "layer" + std::to_string(i) + "_float.npy");
          j.attribute("quantized_file",
                      "layer" + std::to_string(i) + "_quantized.npy");
        });
      }
    });
    j.attribute("worst", (int64_t)worst);
    j.attributeArray("unmatched_float", [&] {
      for (const std::string &s : floatOnly)
        j.value(s);
    });
    j.attributeArray("unmatched_quantized", [&] {
      for (const std::string &s : quantOnly)
        j.value(s);
    });
    j.attributeArray("not_compared", [&] {
      for (const Skipped &s : skipped)
        j.object([&] {
          j.attribute("label", s.label);
          j.attribute("reason", s.reason);
        });
    });
  });
  file << "\n";
  return 0;
}
