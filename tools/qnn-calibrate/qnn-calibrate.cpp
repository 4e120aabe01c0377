//===- qnn-calibrate.cpp - fill observer statistics -------------*- C++ -*-===//
//
//   qnn-calibrate prepared.mlir --data DIR_OR_NPY [--data ...] -o out.mlir
//
// Runs the observed model (JIT, reference lowering) over every sample and
// merges each qnn.observe's statistics with its PyTorch observer's update
// rule, starting from the statistics already in the IR. Each qnn.fake_quant
// whose observer is enabled runs torch's forward within the model's
// (observe, recompute the qparams, fake-quantize with them), and its final
// statistics and qparams are written back. A sample is one .npy
// file for a one-input model; for several inputs it is a directory of .npy
// files taken in name order. A --data directory holds samples (sorted by
// name); a --data file is one sample.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/FileUtilities.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Runtime/Calibration.h"
#include "qnn/Runtime/FakeQuantCalibration.h"
#include "qnn/Runtime/ModelRunner.h"
#include "qnn/Support/ToolIO.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>

using namespace mlir;
using namespace mlir::qnn;
namespace cl = llvm::cl;

static cl::OptionCategory toolOptions("qnn-calibrate options");
static cl::opt<std::string> inputFile(cl::Positional, cl::cat(toolOptions),
                                      cl::desc("<prepared.mlir>"),
                                      cl::Required);
static cl::list<std::string> dataPaths("data", cl::cat(toolOptions),
                                       cl::desc("A sample (.npy) or a "
                                                "directory of samples"),
                                       cl::value_desc("dir|file.npy"));
static cl::opt<std::string> outputFile("o", cl::cat(toolOptions),
                                       cl::desc("Output file"),
                                       cl::value_desc("file"), cl::init("-"));
static cl::opt<std::string> function("function", cl::cat(toolOptions),
                                     cl::desc("Function to calibrate"));

static int fail(const llvm::Twine &message) {
  llvm::errs() << "qnn-calibrate: error: " << message << "\n";
  return 1;
}

static std::vector<std::string> sortedEntries(llvm::StringRef dir) {
  std::vector<std::string> entries;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec))
    entries.push_back(it->path());
  llvm::sort(entries);
  return entries;
}

/// One sample: the .npy file(s) for each model input.
struct Sample {
  std::string name;
  std::vector<std::string> files;
};

static std::vector<Sample> collectSamples(size_t numInputs,
                                          std::string &error) {
  std::vector<Sample> samples;
  auto addSample = [&](const std::string &path) {
    if (numInputs == 1) {
      samples.push_back({path, {path}});
      return;
    }
    std::vector<std::string> files;
    for (const std::string &f : sortedEntries(path))
      if (llvm::StringRef(f).ends_with(".npy"))
        files.push_back(f);
    samples.push_back({path, files});
  };
  for (const std::string &path : dataPaths) {
    if (!llvm::sys::fs::exists(path)) {
      error = "no such file or directory: " + path;
      return {};
    }
    bool isDir = llvm::sys::fs::is_directory(path);
    if (!isDir) {
      addSample(path);
      continue;
    }
    for (const std::string &entry : sortedEntries(path)) {
      bool entryIsDir = llvm::sys::fs::is_directory(entry);
      if (numInputs == 1 ? llvm::StringRef(entry).ends_with(".npy")
                         : entryIsDir)
        addSample(entry);
    }
  }
  return samples;
}

/// On a terminal, once calibration has run for more than two seconds: a bar
/// with the sample count, the elapsed time and the estimated time left.
static void progress(size_t done, size_t total, bool tty,
                     std::chrono::steady_clock::time_point start) {
  double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (!tty || (elapsed < 2.0 && done != total) || done == 0)
    return;
  const int width = 30;
  int filled = total ? static_cast<int>(width * done / total) : width;
  double left = elapsed / done * (total - done);
  llvm::errs() << "\rcalibrating [" << std::string(filled, '=')
               << std::string(width - filled, ' ') << "] " << done << "/"
               << total << llvm::format(", %.0f s, ETA %.0f s   ", elapsed, left);
  if (done == total)
    llvm::errs() << "\n";
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // LLVM's and MLIR's own options stay accepted but are not listed.
  cl::HideUnrelatedOptions(toolOptions);
  cl::ParseCommandLineOptions(argc, argv,
                              "qnn-calibrate: fill observer statistics\n");
  ModelLoader loader;
  MLIRContext &context = loader.getContext();
  std::string error;
  OwningOpRef<ModuleOp> module = loader.load(inputFile, error);
  if (!module)
    return error.empty() ? 1 : fail(error);
  func::FuncOp func = findEntryFunction(*module, function);
  if (!func)
    return 1;
  // Fake-quants whose observer is enabled run torch's forward on the host
  // (FakeQuantHook): observe, recompute the qparams, fake-quantize.
  SmallVector<FakeQuantOp> fakeQuants;
  func.walk([&](FakeQuantOp op) {
    if (needsHostForward(op))
      fakeQuants.push_back(op);
  });
  std::vector<FakeQuantState> fakeQuantStates;
  for (FakeQuantOp op : fakeQuants)
    fakeQuantStates.push_back(FakeQuantState::fromOp(op));
  SmallVector<ObserveOp> observers;
  func.walk([&](ObserveOp op) { observers.push_back(op); });
  // Observers with the same name and observer are one torch observer: a
  // module called several times (the cell of an unrolled quantizable LSTM
  // at every time step) has one activation_post_process, which sees every
  // call in order. They share one state, updated in IR (= execution) order;
  // the first one's recorded statistics are its start.
  std::vector<ObserverState> states;
  std::vector<size_t> stateOf;
  llvm::StringMap<size_t> byName;
  for (ObserveOp op : observers) {
    std::string key;
    if (auto name = op->getAttrOfType<StringAttr>("name")) {
      llvm::raw_string_ostream os(key);
      os << name.getValue() << '\0' << op.getObserver();
      auto [it, inserted] = byName.try_emplace(key, states.size());
      if (!inserted) {
        stateOf.push_back(it->second);
        continue;
      }
    }
    stateOf.push_back(states.size());
    ObserverState s{op.getObserver(), {}, {}, {}};
    if (op.hasStatistics()) {
      s.minVal.assign(op.getMinVal()->begin(), op.getMinVal()->end());
      s.maxVal.assign(op.getMaxVal()->begin(), op.getMaxVal()->end());
      if (auto h = op.getHistogram())
        s.histogram.assign(h->begin(), h->end());
    }
    states.push_back(std::move(s));
  }

  std::vector<Sample> samples = collectSamples(func.getNumArguments(), error);
  if (!error.empty())
    return fail(error);
  if (samples.empty()) {
    func.emitError("no calibration samples: --data names no .npy files");
    return 1;
  }

  // The runner consumes its own copy; statistics go into `module`.
  OwningOpRef<ModuleOp> copy = module->clone();
  prepareFakeQuantCalibration(*copy, copy->lookupSymbol<func::FuncOp>(
                                         func.getSymName()));
  auto runner = ModelRunner::create(std::move(copy), func.getSymName());
  if (failed(runner))
    return 1;
  FakeQuantHook hook(**runner, fakeQuantStates);
  size_t numResults = (*runner)->getResults().size();

  bool tty = llvm::sys::Process::StandardErrIsDisplayed();
  auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < samples.size(); ++i) {
    const Sample &sample = samples[i];
    if (sample.files.size() != func.getNumArguments())
      return fail(
          sample.name + ": expected " + std::to_string(func.getNumArguments()) +
          " .npy file(s), found " + std::to_string(sample.files.size()));
    std::vector<NpyArray> args;
    for (const std::string &path : sample.files) {
      auto array = readNpy(path);
      if (!array)
        return fail(llvm::toString(array.takeError()));
      if (array->dtype == "<f4")
        for (int64_t k = 0, n = array->numElements(); k < n; ++k)
          if (!std::isfinite(array->as<float>()[k]))
            return fail(path + ": sample contains NaN or Inf (element " +
                        std::to_string(k) + ")");
      args.push_back(std::move(*array));
    }
    auto outputs = (*runner)->run(args);
    if (!outputs)
      return fail(sample.name + ": " + llvm::toString(outputs.takeError()));
    int64_t slot = 0;
    if (llvm::Error err = hook.takeError(slot)) {
      FakeQuantOp op = fakeQuants[slot];
      InFlightDiagnostic diag = op.emitError()
                                << "calibration sample '" << sample.name
                                << "': this fake-quant cannot take it: "
                                << llvm::toString(std::move(err));
      if (!op.getName().empty())
        diag.attachNote() << "the fake-quant of '" << op.getName() << "'";
      return 1;
    }
    size_t next = numResults;
    auto floats = [&](const NpyArray &a) {
      return llvm::ArrayRef<float>(a.as<float>(), a.numElements());
    };
    for (auto [index, op] : llvm::zip_equal(stateOf, observers)) {
      ObserverState &state = states[index];
      switch (getObserverOutputs(state.observer)) {
      case ObserverOutputs::None:
        break;
      case ObserverOutputs::MinMax:
        state.updateMinMax(floats((*outputs)[next]),
                           floats((*outputs)[next + 1]));
        next += 2;
        break;
      case ObserverOutputs::Tensor:
        if (llvm::Error err = state.update(floats((*outputs)[next]),
                                           (*outputs)[next].shape)) {
          InFlightDiagnostic diag = op.emitError()
                                    << "calibration sample '" << sample.name
                                    << "': this observer cannot take it: "
                                    << llvm::toString(std::move(err));
          if (auto name = op->getAttrOfType<StringAttr>("name"))
            diag.attachNote() << "the observer of '" << name.getValue() << "'";
          return 1;
        }
        next += 1;
        break;
      }
    }
    progress(i + 1, samples.size(), tty, start);
  }
  if (!tty)
    llvm::errs() << "qnn-calibrate: " << samples.size() << " sample(s), "
                 << states.size() << " observer(s), " << fakeQuants.size()
                 << " fake-quant(s)\n";

  OpBuilder b(&context);
  for (auto [op, index] : llvm::zip_equal(observers, stateOf)) {
    const ObserverState &state = states[index];
    if (!state.initialized())
      continue;
    op.setMinValAttr(b.getDenseF32ArrayAttr(state.minVal));
    op.setMaxValAttr(b.getDenseF32ArrayAttr(state.maxVal));
    if (!state.histogram.empty())
      op.setHistogramAttr(b.getDenseF32ArrayAttr(state.histogram));
  }
  for (auto [op, state] : llvm::zip_equal(fakeQuants, fakeQuantStates))
    state.store(op);
  if (llvm::Error e = writeFile(
          outputFile, [&](llvm::raw_pwrite_stream &os) -> llvm::Error {
            module->print(os);
            os << "\n";
            return llvm::Error::success();
          }))
    return fail(toString(std::move(e)));
  return 0;
}
