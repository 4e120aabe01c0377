//===- FuzzCommon.cpp - shared helpers of the qnn fuzz targets --*- C++ -*-===//

#include "FuzzCommon.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "qnn/Pipelines/Pipelines.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Support/ToolIO.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>
#include <string>

using namespace mlir;

namespace {
DialectRegistry makeLoweringRegistry() {
  DialectRegistry registry;
  qnn::registerReferenceLoweringDialects(registry);
  return registry;
}

DialectRegistry makeInputRegistry() {
  DialectRegistry registry;
  registry.insert<qnn::QNNDialect, quant::QuantDialect, func::FuncDialect,
                  arith::ArithDialect, tensor::TensorDialect>();
  const char *all = std::getenv("QNN_FUZZ_ALL_DIALECTS");
  if (all && *all && *all != '0')
    qnn::registerReferenceLoweringDialects(registry);
  return registry;
}
} // namespace

const DialectRegistry &qnn_fuzz::inputRegistry() {
  static const DialectRegistry registry = makeInputRegistry();
  return registry;
}

const DialectRegistry &qnn_fuzz::loweringRegistry() {
  static const DialectRegistry registry = makeLoweringRegistry();
  return registry;
}

qnn_fuzz::FuzzContext::FuzzContext()
    : context(inputRegistry(), MLIRContext::Threading::DISABLED) {
  handler = context.getDiagEngine().registerHandler(
      [](Diagnostic &) { return success(); });
}

qnn_fuzz::FuzzContext::~FuzzContext() {
  context.getDiagEngine().eraseHandler(handler);
}

OwningOpRef<ModuleOp> qnn_fuzz::parseInput(MLIRContext &context,
                                           const uint8_t *data, size_t size) {
  // The lexer expects a NUL-terminated buffer: copy the input.
  auto buffer = llvm::MemoryBuffer::getMemBufferCopy(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "input");
  llvm::SourceMgr sourceMgr;
  sourceMgr.setDiagHandler([](const llvm::SMDiagnostic &, void *) {});
  unsigned id = sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  // What every qnn tool checks before handing its input to MLIR's parser.
  if (failed(qnn::checkResourceBlobs(sourceMgr, id)))
    return nullptr;
  ParserConfig config(&context, /*verifyAfterParse=*/true);
  return parseSourceFile<ModuleOp>(sourceMgr, config);
}

bool qnn_fuzz::hasHugeShapes(ModuleOp module, int64_t maxElements) {
  bool huge = false;
  AttrTypeWalker walker;
  walker.addWalk([&](ShapedType type) {
    if (!type.hasRank())
      return WalkResult::advance();
    int64_t n = 1;
    for (int64_t d : type.getShape()) {
      if (ShapedType::isDynamic(d))
        continue;
      if (d > maxElements || (d && n > maxElements / d)) {
        huge = true;
        return WalkResult::interrupt();
      }
      n *= d;
    }
    return WalkResult::advance();
  });
  module->walk([&](Operation *op) {
    if (walker.walk(op->getAttrDictionary()).wasInterrupted())
      return WalkResult::interrupt();
    for (Type t : op->getResultTypes())
      if (walker.walk(t).wasInterrupted())
        return WalkResult::interrupt();
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (Type t : block.getArgumentTypes())
          if (walker.walk(t).wasInterrupted())
            return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return huge;
}

void qnn_fuzz::checkRoundTrip(ModuleOp module, bool generic) {
  std::string text;
  llvm::raw_string_ostream os(text);
  OpPrintingFlags flags;
  if (generic)
    flags.printGenericOpForm();
  module->print(os, flags);
  MLIRContext *context = module->getContext();
  auto buffer = llvm::MemoryBuffer::getMemBufferCopy(text, "printed");
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  ParserConfig config(context, /*verifyAfterParse=*/true);
  OwningOpRef<ModuleOp> reparsed = parseSourceFile<ModuleOp>(sourceMgr, config);
  if (!reparsed) {
    // Re-parse with diagnostics on stderr for the report.
    ScopedDiagnosticHandler show(context, [](Diagnostic &diag) {
      llvm::errs() << diag << "\n";
      return success();
    });
    llvm::SourceMgr again;
    again.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text), {});
    (void)parseSourceFile<ModuleOp>(again, config);
    llvm::errs() << "qnn-fuzz: a verified module does not round-trip ("
                 << (generic ? "generic" : "custom") << " form):\n"
                 << text << "\n";
    std::abort();
  }
}
