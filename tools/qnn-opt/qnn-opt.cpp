//===- qnn-opt.cpp - qnn pass driver ----------------------------*- C++ -*-===//
//
// MlirOptMain with the qnn dialect and only the upstream dialects and passes
// the project uses. The input is checked before MLIR parses it (see
// qnn/Support/ToolIO.h).
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"
#include "qnn/Pipelines/Pipelines.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Support/ToolIO.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  DialectRegistry registry;
  registry.insert<qnn::QNNDialect, quant::QuantDialect, func::FuncDialect,
                  arith::ArithDialect, tensor::TensorDialect>();
  qnn::registerReferenceLoweringDialects(registry);
  registerCanonicalizerPass();
  registerCSEPass();
  registerSymbolDCEPass();
  qnn::registerQNNPassesAndPipelines();
  qnn::registerQNNLoweringPassesAndPipelines();

  auto [inputFilename, outputFilename] = registerAndParseCLIOptions(
      argc, argv, "qnn optimizer driver\n", registry);
  MlirOptMainConfig config = MlirOptMainConfig::createFromCLOptions();
  if (config.shouldShowDialects() || config.shouldListPasses())
    return asMainReturnCode(
        MlirOptMain(argc, argv, inputFilename, outputFilename, registry));

  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file =
      openInputFile(inputFilename, &error);
  if (!file) {
    llvm::errs() << error << "\n";
    return 1;
  }
  {
    llvm::SourceMgr sourceMgr;
    unsigned id = sourceMgr.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBuffer(file->getMemBufferRef()),
        llvm::SMLoc());
    if (failed(qnn::checkResourceBlobs(sourceMgr, id)))
      return 1;
  }
  if (llvm::Error e = qnn::writeFile(
          outputFilename, [&](llvm::raw_pwrite_stream &os) -> llvm::Error {
            if (failed(MlirOptMain(os, std::move(file), registry, config)))
              return llvm::createStringError("");
            return llvm::Error::success();
          })) {
    // An empty message: MlirOptMain has reported the errors itself.
    std::string message = toString(std::move(e));
    if (!message.empty())
      llvm::errs() << "qnn-opt: error: " << message << "\n";
    return 1;
  }
  return 0;
}
