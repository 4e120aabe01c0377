//===- qnn-calibrate.cpp - fill observer statistics -------------*- C++ -*-===//
//
//   qnn-calibrate prepared.mlir --data DIR_OR_NPY [--data ...] -o out.mlir
//
// Runs the observed model (JIT, reference lowering; the float convolutions
// on the host's vectorized GEMM, HostConvolution.h) over every sample and
// merges each qnn.observe's statistics with its PyTorch observer's update
// rule, starting from the statistics already in the IR. Each qnn.fake_quant
// whose observer is enabled runs torch's forward within the model's
// (observe, recompute the qparams, fake-quantize with them), and its final
// statistics and qparams are written back. A sample is one .npy
// file for a one-input model; for several inputs it is a directory of .npy
// files taken in name order. A --data directory holds samples (sorted by
// name); a --data file is one sample. Observers of constants (weights) get
// their batch statistics once, on the host; without host fake-quants the
// next sample's forward overlaps the current one's observer updates, which
// stay in sample order.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Support/FileUtilities.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Runtime/Calibration.h"
#include "qnn/Runtime/FakeQuantCalibration.h"
#include "qnn/Runtime/HostConvolution.h"
#include "qnn/Runtime/ModelRunner.h"
#include "qnn/Support/ToolIO.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Parallel.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <cmath>
#include <functional>
#include <future>
#include <limits>
#include <optional>

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

static cl::opt<bool> hostConv(
    "host-conv", cl::cat(toolOptions), cl::init(true),
    cl::desc("Run the float convolutions on the host's vectorized GEMM "
             "(bit-identical); =false keeps linalg's scalar loops"));
static cl::opt<unsigned> threads(
    "jobs", cl::cat(toolOptions), cl::init(0),
    cl::desc("Threads for the float convolutions and the overlapped "
             "forwards (0: one per core); the statistics do not depend on "
             "it"));
static cl::opt<bool> timing(
    "timing", cl::cat(toolOptions),
    cl::desc("Print the time of each phase (JIT compile, forwards, observer "
             "updates) on stderr"));

/// Wall and CPU (user + system, all threads) seconds since construction.
struct PhaseTimer {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  double cpu = cpuNow();
  static double cpuNow() {
    llvm::sys::TimePoint<> elapsed;
    std::chrono::nanoseconds user, sys;
    llvm::sys::Process::GetTimeUsage(elapsed, user, sys);
    return std::chrono::duration<double>(user + sys).count();
  }
  std::pair<double, double> lap() {
    auto now = std::chrono::steady_clock::now();
    double c = cpuNow();
    std::pair<double, double> r = {
        std::chrono::duration<double>(now - wall).count(), c - cpu};
    wall = now;
    cpu = c;
    return r;
  }
};

static void printPhase(llvm::StringRef name, std::pair<double, double> t,
                       size_t samples = 0) {
  llvm::errs() << llvm::format("qnn-calibrate: %-22s %8.3f s wall %8.3f s CPU",
                               name.str().c_str(), t.first, t.second);
  if (samples)
    llvm::errs() << llvm::format("  (%.1f ms CPU / sample)",
                                 1000.0 * t.second / samples);
  llvm::errs() << "\n";
}

/// The batch an observer of a constant sees: the same every sample, so its
/// statistics are computed once on the host and the JIT module does not
/// recompute them (weight observers: min/max over every weight).
struct ConstantBatch {
  std::vector<float> values;          // Tensor observers: the batch
  llvm::SmallVector<int64_t> shape;
  std::vector<float> batchMin, batchMax; // MinMax observers
};

/// The values of `v` if an arith.constant of static f32 defines it.
static std::optional<std::vector<float>> constantValues(Value v) {
  auto cst = v.getDefiningOp<arith::ConstantOp>();
  auto type = llvm::dyn_cast<RankedTensorType>(v.getType());
  if (!cst || !type || !type.hasStaticShape() ||
      !type.getElementType().isF32())
    return std::nullopt;
  if (auto dense = llvm::dyn_cast<DenseElementsAttr>(cst.getValue())) {
    auto values = dense.getValues<float>();
    return std::vector<float>(values.begin(), values.end());
  }
  if (auto res = llvm::dyn_cast<DenseF32ResourceElementsAttr>(cst.getValue()))
    if (auto data = res.tryGetAsArrayRef();
        data && static_cast<int64_t>(data->size()) == type.getNumElements())
      return std::vector<float>(data->begin(), data->end());
  return std::nullopt;
}

/// The batch min and max as the lowering's minOver/maxOver compute them
/// (arith.minimumf/maximumf from +-inf: NaN propagates, -0 < +0), over all
/// dimensions but the observer's channel axis.
static void loweringMinMax(ObserverAttr observer, ConstantBatch &batch) {
  int64_t rank = batch.shape.size(), outer = 1, channels = 1, inner = 1;
  int64_t axis = observer.isPerChannel()
                     ? (observer.getChAxis() + rank) % std::max<int64_t>(rank, 1)
                     : -1;
  for (int64_t d = 0; d < rank; ++d)
    (d < axis ? outer : d == axis ? channels : inner) *= batch.shape[d];
  if (axis < 0) {
    inner *= outer;
    outer = 1;
  }
  float inf = std::numeric_limits<float>::infinity();
  float nan = std::numeric_limits<float>::quiet_NaN();
  batch.batchMin.assign(channels, inf);
  batch.batchMax.assign(channels, -inf);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t c = 0; c < channels; ++c)
      for (int64_t i = 0; i < inner; ++i) {
        float v = batch.values[(o * channels + c) * inner + i];
        float &lo = batch.batchMin[c], &hi = batch.batchMax[c];
        bool isNaN = std::isnan(v) || std::isnan(lo);
        lo = isNaN ? nan
             : v < lo || (v == lo && std::signbit(v)) ? v
                                                      : lo;
        isNaN = std::isnan(v) || std::isnan(hi);
        hi = isNaN ? nan
             : v > hi || (v == hi && !std::signbit(v)) ? v
                                                       : hi;
      }
  batch.values.clear();
}

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

/// One sample's forward: its outputs, or the error message.
struct Forward {
  std::optional<std::vector<NpyArray>> outputs;
  std::string error;
};

/// Reads `sample` (checked: file count, finite floats) and runs the model.
static Forward runSample(ModelRunner &runner, const Sample &sample) {
  Forward f;
  size_t numInputs = runner.getInputs().size();
  if (sample.files.size() != numInputs) {
    f.error = sample.name + ": expected " + std::to_string(numInputs) +
              " .npy file(s), found " + std::to_string(sample.files.size());
    return f;
  }
  std::vector<NpyArray> args;
  for (const std::string &path : sample.files) {
    auto array = readNpy(path);
    if (!array) {
      f.error = llvm::toString(array.takeError());
      return f;
    }
    if (array->dtype == "<f4")
      for (int64_t k = 0, n = array->numElements(); k < n; ++k)
        if (!std::isfinite(array->as<float>()[k])) {
          f.error = path + ": sample contains NaN or Inf (element " +
                    std::to_string(k) + ")";
          return f;
        }
    args.push_back(std::move(*array));
  }
  auto outputs = runner.run(args);
  if (!outputs)
    f.error = sample.name + ": " + llvm::toString(outputs.takeError());
  else
    f.outputs = std::move(*outputs);
  return f;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // LLVM's and MLIR's own options stay accepted but are not listed.
  cl::HideUnrelatedOptions(toolOptions);
  cl::ParseCommandLineOptions(argc, argv,
                              "qnn-calibrate: fill observer statistics\n");
#if defined(__GLIBC__)
  // Every forward allocates and frees the same large activation buffers:
  // keep them in the heap instead of mmap/munmap (and the kernel zeroing
  // fresh pages) on every sample.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
  if (threads)
    llvm::parallel::strategy = llvm::hardware_concurrency(threads);
  PhaseTimer timer;
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

  std::vector<std::optional<ConstantBatch>> constantBatches;
  for (ObserveOp op : observers) {
    std::optional<std::vector<float>> values;
    ObserverOutputs kind = getObserverOutputs(op.getObserver());
    if (kind != ObserverOutputs::None)
      values = constantValues(op.getInput());
    if (!values) {
      constantBatches.emplace_back();
      continue;
    }
    ConstantBatch batch;
    batch.values = std::move(*values);
    auto shape = llvm::cast<RankedTensorType>(op.getInput().getType()).getShape();
    batch.shape.assign(shape.begin(), shape.end());
    if (kind == ObserverOutputs::MinMax)
      loweringMinMax(op.getObserver(), batch);
    constantBatches.push_back(std::move(batch));
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
  auto copyFunc = copy->lookupSymbol<func::FuncOp>(func.getSymName());
  {
    // Observers of constants are updated from constantBatches instead.
    SmallVector<ObserveOp> copied;
    copyFunc.walk([&](ObserveOp op) { copied.push_back(op); });
    for (auto [op, batch] : llvm::zip_equal(copied, constantBatches))
      if (batch) {
        op.getResult().replaceAllUsesWith(op.getInput());
        op.erase();
      }
  }
  prepareFakeQuantCalibration(*copy, copyFunc);
  int64_t hostConvs = hostConv ? prepareHostConvolutions(*copy, copyFunc) : 0;
  if (timing)
    printPhase("parse", timer.lap());
  auto runner = ModelRunner::create(std::move(copy), func.getSymName());
  if (failed(runner))
    return 1;
  FakeQuantHook hook(**runner, fakeQuantStates);
  if (hostConvs)
    registerHostConvolution(**runner);
  if (timing) {
    printPhase("lower + JIT compile", timer.lap());
    if (hostConvs)
      llvm::errs() << "qnn-calibrate: " << hostConvs
                   << " float conv(s) on the host GEMM ("
                   << hostConvolutionISA() << ", "
                   << llvm::parallel::strategy.compute_thread_count()
                   << " thread(s))\n";
  }
  std::pair<double, double> forwardTime, observeTime;
  auto add = [](std::pair<double, double> &to, std::pair<double, double> t) {
    to.first += t.first;
    to.second += t.second;
  };
  size_t numResults = (*runner)->getResults().size();

  bool tty = llvm::sys::Process::StandardErrIsDisplayed();
  auto start = std::chrono::steady_clock::now();
  bool overlap = fakeQuants.empty() && samples.size() > 1 &&
                 llvm::parallel::strategy.compute_thread_count() > 1;
  std::future<Forward> pending;
  if (overlap)
    pending = std::async(std::launch::async, runSample, std::ref(**runner),
                         std::cref(samples[0]));
  for (size_t i = 0; i < samples.size(); ++i) {
    const Sample &sample = samples[i];
    if (timing)
      timer.lap();
    Forward current = overlap ? pending.get() : runSample(**runner, sample);
    // The next sample's forward runs beside this one's observer updates:
    // no state feeds the forward (no fake-quant on the host), and the
    // updates stay in sample order on this thread.
    if (overlap && i + 1 < samples.size())
      pending = std::async(std::launch::async, runSample,
                           std::ref(**runner), std::cref(samples[i + 1]));
    if (timing)
      add(forwardTime, timer.lap());
    if (!current.error.empty())
      return fail(current.error);
    auto &outputs = current.outputs;
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
    for (auto [index, op, batch] :
         llvm::zip_equal(stateOf, observers, constantBatches)) {
      ObserverState &state = states[index];
      switch (getObserverOutputs(state.observer)) {
      case ObserverOutputs::None:
        break;
      case ObserverOutputs::MinMax:
        if (batch) {
          state.updateMinMax(batch->batchMin, batch->batchMax);
          break;
        }
        state.updateMinMax(floats((*outputs)[next]),
                           floats((*outputs)[next + 1]));
        next += 2;
        break;
      case ObserverOutputs::Tensor:
        if (llvm::Error err =
                batch ? state.update(batch->values, batch->shape)
                      : state.update(floats((*outputs)[next]),
                                     (*outputs)[next].shape)) {
          InFlightDiagnostic diag = op.emitError()
                                    << "calibration sample '" << sample.name
                                    << "': this observer cannot take it: "
                                    << llvm::toString(std::move(err));
          if (auto name = op->getAttrOfType<StringAttr>("name"))
            diag.attachNote() << "the observer of '" << name.getValue() << "'";
          return 1;
        }
        next += batch ? 0 : 1;
        break;
      }
    }
    if (timing)
      add(observeTime, timer.lap());
    progress(i + 1, samples.size(), tty, start);
  }
  if (timing) {
    // Overlapped: the wait for each forward not hidden behind the previous
    // sample's observer updates (CPU: the whole process meanwhile).
    printPhase(overlap ? "forwards (waited for)" : "forwards", forwardTime,
               samples.size());
    printPhase("observer updates", observeTime, samples.size());
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
