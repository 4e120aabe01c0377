//===- ModelRunner.cpp - JIT execution of qnn IR ----------------*- C++ -*-===//

#include "qnn/Runtime/ModelRunner.h"
#include "qnn/Support/ToolIO.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "qnn/Pipelines/Pipelines.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Pass/Pass.h"
#include "llvm/ExecutionEngine/Orc/Mangling.h"
#include "llvm/Support/TargetSelect.h"

#include <cstdlib>
#include <cstring>

using namespace mlir;
using namespace mlir::qnn;

ModelLoader::ModelLoader() {
  DialectRegistry registry;
  registry.insert<QNNDialect, quant::QuantDialect>();
  registerReferenceLoweringDialects(registry);
  context = std::make_unique<MLIRContext>(registry);
  // Errors point at the user's IR; the lowered op a pass failed on is noise.
  context->printOpOnDiagnostic(false);
  handler =
      std::make_unique<SourceMgrDiagnosticHandler>(sourceMgr, context.get());
}

OwningOpRef<ModuleOp> ModelLoader::load(StringRef path, std::string &error) {
  auto file = openInputFile(path, &error);
  if (!file)
    return {};
  unsigned id = sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  if (failed(checkResourceBlobs(sourceMgr, id)))
    return {};
  return parseSourceFile<ModuleOp>(sourceMgr, context.get());
}

OwningOpRef<ModuleOp> ModelLoader::loadEntry(StringRef path,
                                             StringRef function,
                                             StringRef tool,
                                             func::FuncOp &entry) {
  std::string error;
  OwningOpRef<ModuleOp> module = load(path, error);
  if (!module) {
    if (!error.empty())
      toolError(tool, error);
    return {};
  }
  entry = findEntryFunction(*module, function);
  if (!entry)
    return {};
  return module;
}

func::FuncOp mlir::qnn::findEntryFunction(ModuleOp module, StringRef name) {
  SmallVector<func::FuncOp> candidates;
  for (auto f : module.getOps<func::FuncOp>())
    if (!f.isExternal() && (name.empty() || f.getSymName() == name))
      candidates.push_back(f);
  if (candidates.size() == 1)
    return candidates.front();
  if (name.empty())
    module.emitError() << "expected exactly one function with a body, found "
                       << candidates.size() << "; choose one with --function";
  else
    module.emitError() << "no function '" << name << "' with a body";
  return {};
}

FailureOr<TensorSpec> mlir::qnn::getTensorSpec(Operation *op, Type type,
                                               const Twine &what) {
  auto tensor = llvm::dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape()) {
    op->emitError() << what << " must be a statically shaped tensor, got "
                    << type;
    return failure();
  }
  TensorSpec spec;
  spec.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
  spec.elementType = tensor.getElementType();
  Type elem = spec.elementType;
  if (quant::QuantizedType q = getQuantizedElementType(tensor)) {
    spec.quant = llvm::dyn_cast<quant::UniformQuantizedType>(q);
    if (!spec.quant) {
      op->emitError() << what
                      << ": per-axis quantized tensors cannot cross "
                         "the function boundary";
      return failure();
    }
    unsigned width = q.getStorageTypeIntegralWidth();
    spec.dtype = width == 32 ? "<i4" : (q.isSigned() ? "|i1" : "|u1");
    return spec;
  }
  if (elem.isF32())
    spec.dtype = "<f4";
  else if (elem.isF64())
    spec.dtype = "<f8";
  else if (elem.isInteger(64))
    spec.dtype = "<i8";
  else if (elem.isInteger(32))
    spec.dtype = "<i4";
  else {
    op->emitError() << what << " has unsupported element type " << elem;
    return failure();
  }
  return spec;
}

namespace {
/// The bytes of a memref.global's initial value as the host lays them out,
/// or an empty ref (splats, i1, and other values LLVM stores differently).
ArrayRef<char> rawConstantData(memref::GlobalOp global) {
  auto init = global.getInitialValue();
  if (!init)
    return {};
  auto type = global.getType();
  Type elem = type.getElementType();
  if (!elem.isIntOrFloat() || elem.getIntOrFloatBitWidth() % 8 != 0)
    return {};
  int64_t bytes = type.getNumElements() * (elem.getIntOrFloatBitWidth() / 8);
  ArrayRef<char> data;
  if (auto dense = llvm::dyn_cast<DenseElementsAttr>(*init)) {
    if (dense.isSplat())
      return {};
    data = dense.getRawData();
  } else if (auto resource =
                 llvm::dyn_cast<DenseResourceElementsAttr>(*init)) {
    if (AsmResourceBlob *blob = resource.getRawHandle().getBlob())
      data = blob->getData();
  }
  return static_cast<int64_t>(data.size()) == bytes ? data : ArrayRef<char>();
}

/// Moves the large constants out of the module LLVM compiles: each
/// memref.global constant of at least kMinBytes becomes an external
/// declaration whose bytes the runner keeps and binds at JIT link time.
/// Numerically nothing changes; LLVM no longer hashes, optimizes and emits
/// megabytes of weights element by element.
struct ExternalizeConstants
    : PassWrapper<ExternalizeConstants, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(ExternalizeConstants)
  static constexpr int64_t kMinBytes = 4096;
  explicit ExternalizeConstants(std::vector<HostConstant> &out) : out(out) {}
  StringRef getArgument() const override { return "qnn-jit-host-constants"; }
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (auto global :
         llvm::make_early_inc_range(module.getOps<memref::GlobalOp>())) {
      ArrayRef<char> data = rawConstantData(global);
      if (!global.getConstant() ||
          static_cast<int64_t>(data.size()) < kMinBytes)
        continue;
      HostConstant c;
      c.name = "qnn_jit_constant_" + std::to_string(out.size());
      c.data.reset(static_cast<char *>(
          std::aligned_alloc(64, (data.size() + 63) / 64 * 64)));
      std::memcpy(c.data.get(), data.data(), data.size());
      if (failed(SymbolTable::replaceAllSymbolUses(
              global, StringAttr::get(module.getContext(), c.name), module)))
        return signalPassFailure();
      global.setSymName(c.name);
      global.removeInitialValueAttr();
      global.setPublic();
      out.push_back(std::move(c));
    }
  }
  std::vector<HostConstant> &out;
};
} // namespace

FailureOr<std::unique_ptr<ModelRunner>>
ModelRunner::create(OwningOpRef<ModuleOp> module, StringRef funcName) {
  auto func = module->lookupSymbol<func::FuncOp>(funcName);
  if (!func || func.isExternal()) {
    module->emitError() << "no function '" << funcName << "' with a body";
    return failure();
  }
  auto runner = std::unique_ptr<ModelRunner>(new ModelRunner());
  runner->funcName = funcName.str();
  for (auto [i, type] : llvm::enumerate(func.getArgumentTypes())) {
    FailureOr<TensorSpec> spec =
        getTensorSpec(func, type, "input #" + Twine(i));
    if (failed(spec))
      return failure();
    runner->inputs.push_back(*spec);
  }
  for (auto [i, type] : llvm::enumerate(func.getResultTypes())) {
    FailureOr<TensorSpec> spec =
        getTensorSpec(func, type, "result #" + Twine(i));
    if (failed(spec))
      return failure();
    runner->results.push_back(*spec);
  }
  WalkResult walk = func.walk([&](ObserveOp op) {
    ObserverAttr observer = op.getObserver();
    ObserverOutputs kind = getObserverOutputs(observer);
    if (kind == ObserverOutputs::None)
      return WalkResult::advance();
    FailureOr<TensorSpec> spec =
        getTensorSpec(op, op.getInput().getType(), "observed value");
    if (failed(spec))
      return WalkResult::interrupt();
    runner->observerNames.push_back(op.getName().str());
    if (kind == ObserverOutputs::Tensor) {
      runner->observed.push_back(*spec);
      return WalkResult::advance();
    }
    // Batch min and max: 0-d, or one value per channel.
    TensorSpec stat = *spec;
    stat.shape.clear();
    if (observer.isPerChannel()) {
      int64_t rank = spec->shape.size();
      stat.shape.push_back(spec->shape[(observer.getChAxis() + rank) %
                                       std::max<int64_t>(rank, 1)]);
    }
    runner->observed.push_back(stat);
    runner->observed.push_back(stat);
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  func->setAttr("llvm.emit_c_interface", UnitAttr::get(func.getContext()));

  PassManager pm(module->getContext());
  buildReferenceLoweringPipeline(pm, [&](OpPassManager &nested) {
    nested.addPass(std::make_unique<ExternalizeConstants>(runner->constants));
  });
  if (failed(pm.run(*module)))
    return failure();

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  auto transformer = makeOptimizingTransformer(/*optLevel=*/2,
                                               /*sizeLevel=*/0,
                                               /*targetMachine=*/nullptr);
  ExecutionEngineOptions options;
  options.transformer = transformer;
  auto engine = ExecutionEngine::create(*module, options);
  if (!engine) {
    module->emitError() << "JIT compilation failed: "
                        << llvm::toString(engine.takeError());
    return failure();
  }
  runner->engine = std::move(*engine);
  for (const HostConstant &c : runner->constants)
    runner->registerSymbol(c.name, c.data.get());
  return runner;
}

llvm::Error ModelRunner::resolve() {
  if (entry)
    return llvm::Error::success();
  auto fn = engine->lookupPacked("_mlir_ciface_" + funcName);
  if (!fn)
    return fn.takeError();
  entry = *fn;
  return llvm::Error::success();
}

void ModelRunner::registerSymbol(StringRef name, void *address) {
  engine->registerSymbols([&](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap symbols;
    symbols[interner(name)] = {llvm::orc::ExecutorAddr::fromPtr(address),
                               llvm::JITSymbolFlags::Exported};
    return symbols;
  });
}

namespace {
/// A strided memref descriptor of any rank, as the C interface lays it out:
/// {allocated, aligned, offset, sizes[rank], strides[rank]}.
struct Descriptor {
  std::vector<int64_t> words;
  Descriptor(char *data, ArrayRef<int64_t> shape) {
    words.push_back(reinterpret_cast<int64_t>(data));
    words.push_back(reinterpret_cast<int64_t>(data));
    words.push_back(0);
    llvm::append_range(words, shape);
    SmallVector<int64_t> strides(shape.size(), 1);
    for (int64_t i = (int64_t)shape.size() - 2; i >= 0; --i)
      strides[i] = strides[i + 1] * shape[i + 1];
    llvm::append_range(words, strides);
  }
};

NpyArray allocate(const TensorSpec &spec) {
  NpyArray a;
  a.dtype = spec.dtype;
  a.shape = spec.shape;
  a.data.assign(a.numElements() * NpyArray::itemSize(a.dtype), 0);
  return a;
}
} // namespace

llvm::Expected<std::vector<NpyArray>>
ModelRunner::run(ArrayRef<NpyArray> args) {
  if (args.size() != inputs.size())
    return llvm::createStringError(
        "the function takes " + std::to_string(inputs.size()) +
        " input(s), got " + std::to_string(args.size()));
  std::vector<NpyArray> in(args.begin(), args.end());
  for (auto [i, pair] : llvm::enumerate(llvm::zip_equal(in, inputs))) {
    auto &[array, spec] = pair;
    if (array.dtype != spec.dtype)
      return llvm::createStringError("input #" + std::to_string(i) +
                                     ": expected dtype " + spec.dtype +
                                     ", got " + array.dtype);
    if (ArrayRef<int64_t>(array.shape) != ArrayRef<int64_t>(spec.shape))
      return llvm::createStringError(
          "input #" + std::to_string(i) + ": expected shape " +
          formatNpyShape(spec.shape) + ", got " + formatNpyShape(array.shape));
  }
  std::vector<NpyArray> out;
  for (const TensorSpec &spec :
       llvm::concat<const TensorSpec>(results, observed))
    out.push_back(allocate(spec));

  std::vector<Descriptor> descriptors;
  for (NpyArray &a : in)
    descriptors.emplace_back(a.data.data(), a.shape);
  for (NpyArray &a : out)
    descriptors.emplace_back(a.data.data(), a.shape);
  std::vector<void *> pointers;
  for (Descriptor &d : descriptors)
    pointers.push_back(d.words.data());
  SmallVector<void *> packed;
  for (void *&p : pointers)
    packed.push_back(&p);
  if (llvm::Error err = resolve())
    return std::move(err);
  entry(packed.data());
  return out;
}
