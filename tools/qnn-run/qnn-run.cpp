//===- qnn-run.cpp - run qnn IR on .npy data --------------------*- C++ -*-===//
//
//   qnn-run model.mlir --input x.npy [--input ...] --output-dir DIR
//
// JIT-compiles the model through the reference lowering (qnn-to-linalg) and
// writes each result as DIR/result<i>.npy. Quantized results are written as
// their integer storage (uint8 for quint8, int8 for qint8, int32 for qint32)
// with DIR/result<i>.json holding {"dtype", "scale", "zero_point"}.
//
//   qnn-run quantized.mlir --compare float.mlir --input x.npy [--output-dir D]
//
// Per-layer accuracy report (torch.ao.ns numeric-suite style): runs both
// models on the same inputs with every named op's result exposed, matches
// the ops by module path (`name`) and prints, in model order, the SQNR of
// the quantized (dequantized) output against the float one, the max abs
// error and the quantized op's output scale and zero point, then the worst
// layer. With --output-dir, also writes D/compare.json and each layer's
// outputs as D/layer<i>_float.npy and D/layer<i>_quantized.npy. Matching
// rules are in Compare.h.
//
//===----------------------------------------------------------------------===//

#include "Compare.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "qnn/Runtime/ModelRunner.h"
#include "qnn/Support/ToolIO.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::qnn;
namespace cl = llvm::cl;

static cl::OptionCategory toolOptions("qnn-run options");
static cl::opt<std::string> inputFile(cl::Positional, cl::cat(toolOptions),
                                      cl::desc("<model.mlir>"), cl::Required);
static cl::list<std::string> inputs("input", cl::cat(toolOptions),
                                    cl::desc("Input .npy, in order"),
                                    cl::value_desc("file.npy"));
static cl::opt<std::string> outputDir("output-dir", cl::cat(toolOptions),
                                      cl::desc("Directory for the results"),
                                      cl::value_desc("dir"));
static cl::opt<std::string> function("function", cl::cat(toolOptions),
                                     cl::desc("Function to run (default: the "
                                              "only function with a body)"));
static cl::opt<bool>
    writeObservers("observers", cl::cat(toolOptions),
                   cl::desc("Also write each observer's input as "
                            "observer<i>.npy"));
static cl::opt<std::string>
    compareWith("compare", cl::cat(toolOptions),
                cl::desc("Per-layer accuracy report: compare the model's "
                         "named ops with this float model's"),
                cl::value_desc("float.mlir"));

static int fail(const llvm::Twine &message) {
  return toolError("qnn-run", message);
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // LLVM's and MLIR's own options stay accepted but are not listed.
  cl::HideUnrelatedOptions(toolOptions);
  cl::ParseCommandLineOptions(argc, argv, "qnn-run: run qnn IR on .npy data\n");

  if (compareWith.empty() && outputDir.empty())
    return fail("--output-dir is required (unless --compare)");

  std::vector<NpyArray> args;
  auto readInputs = [&]() -> bool {
    for (const std::string &path : inputs) {
      auto array = readNpy(path);
      if (!array) {
        fail(llvm::toString(array.takeError()));
        return false;
      }
      args.push_back(std::move(*array));
    }
    return true;
  };

  if (!compareWith.empty()) {
    if (!readInputs())
      return 1;
    return runCompare({compareWith, inputFile, function, outputDir}, args,
                      llvm::outs());
  }

  ModelLoader loader;
  func::FuncOp entry;
  OwningOpRef<ModuleOp> module =
      loader.loadEntry(inputFile, function, "qnn-run", entry);
  if (!module)
    return 1;
  std::string name = entry.getSymName().str();
  if (!readInputs())
    return 1;

  auto runner = ModelRunner::create(std::move(module), name);
  if (failed(runner))
    return 1;
  auto outputs = (*runner)->run(args);
  if (!outputs)
    return fail(llvm::toString(outputs.takeError()));

  if (std::error_code ec = llvm::sys::fs::create_directories(outputDir))
    return fail("cannot create " + outputDir + ": " + ec.message());
  ArrayRef<TensorSpec> results = (*runner)->getResults();
  for (auto [i, array] : llvm::enumerate(*outputs)) {
    bool isResult = i < results.size();
    if (!isResult && !writeObservers)
      break;
    std::string stem =
        isResult ? "result" + std::to_string(i)
                 : "observer" + std::to_string(i - results.size());
    llvm::SmallString<128> path(outputDir);
    llvm::sys::path::append(path, stem + ".npy");
    if (llvm::Error err = writeNpy(path, array))
      return fail(llvm::toString(std::move(err)));
    if (isResult && results[i].quant) {
      quant::UniformQuantizedType q = results[i].quant;
      llvm::SmallString<128> json(outputDir);
      llvm::sys::path::append(json, stem + ".json");
      std::error_code ec;
      llvm::raw_fd_ostream os(json, ec);
      if (ec)
        return fail("cannot write " + json + ": " + ec.message());
      os << llvm::format("{\"dtype\": \"%s\", \"scale\": %.17g, "
                         "\"zero_point\": %lld}\n",
                         q.getStorageTypeIntegralWidth() == 32
                             ? "qint32"
                             : (q.isSigned() ? "qint8" : "quint8"),
                         q.getScale(), (long long)q.getZeroPoint());
    }
  }
  return 0;
}
