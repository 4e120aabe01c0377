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
// their batch statistics once, on the host. Without host fake-quants the
// forwards of --jobs samples run side by side (one thread each) while the
// observer updates run on the main thread, in sample order; with them (or
// one sample) one forward runs at a time, its convolutions on all threads.
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
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <thread>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <cmath>
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
             "(fused multiply-adds, the same bits on every ISA); =false "
             "keeps linalg's scalar loops"));
static cl::opt<unsigned> threads(
    "jobs", cl::cat(toolOptions), cl::init(0),
    cl::desc("Threads (0: one per core): forwards of that many samples at "
             "a time, or one forward's float convolutions split over them "
             "(models with fake-quants, single samples); the statistics do "
             "not depend on it"));
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
  return toolError("qnn-calibrate", message);
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
  static bool shown = false;
  if (!tty || done == 0 || (elapsed < 2.0 && !shown))
    return;
  shown = true;
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

/// Runs the forwards of `samples` and hands each to `consume` on this
/// thread, in sample order, stopping at its first failure. With more than
/// one worker, the workers run the forwards of different samples side by
/// side, at most two per worker ahead of `consume`: no state feeds a
/// forward (no fake-quant on the host), so only the observer updates, which
/// `consume` applies, depend on the order, and they keep it.
static LogicalResult
forEachForward(ModelRunner &runner, llvm::ArrayRef<Sample> samples,
               unsigned workers,
               llvm::function_ref<LogicalResult(size_t, Forward &)> consume) {
  if (workers <= 1) {
    for (size_t i = 0; i < samples.size(); ++i) {
      Forward f = runSample(runner, samples[i]);
      if (failed(consume(i, f)))
        return failure();
    }
    return success();
  }
  const size_t window = 2 * workers;
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::optional<Forward>> done(samples.size());
  size_t next = 0, consumed = 0;
  bool stop = false;
  auto work = [&] {
    std::unique_lock<std::mutex> lock(mutex);
    while (true) {
      changed.wait(lock, [&] {
        return stop || next >= samples.size() || next < consumed + window;
      });
      if (stop || next >= samples.size())
        return;
      size_t i = next++;
      lock.unlock();
      Forward f = runSample(runner, samples[i]);
      lock.lock();
      done[i] = std::move(f);
      changed.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < workers; ++w)
    pool.emplace_back(work);
  LogicalResult result = success();
  for (size_t i = 0; i < samples.size() && succeeded(result); ++i) {
    Forward f;
    {
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait(lock, [&] { return done[i].has_value(); });
      f = std::move(*done[i]);
      done[i].reset();
      consumed = i + 1;
    }
    changed.notify_all();
    result = consume(i, f);
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    stop = true;
  }
  changed.notify_all();
  for (std::thread &t : pool)
    t.join();
  return result;
}

/// The function's observers and the torch observers they stand for.
struct Observers {
  SmallVector<ObserveOp> ops;
  /// Observers with the same name and observer are one torch observer: a
  /// module called several times (the cell of an unrolled quantizable LSTM
  /// at every time step) has one activation_post_process, which sees every
  /// call in order. They share one state, updated in IR (= execution)
  /// order; the first one's recorded statistics are its start.
  std::vector<ObserverState> states;
  std::vector<size_t> stateOf;
  /// Per op: its batch, when it observes a constant.
  std::vector<std::optional<ConstantBatch>> constantBatches;
};

static Observers collectObservers(func::FuncOp func) {
  Observers obs;
  func.walk([&](ObserveOp op) { obs.ops.push_back(op); });
  llvm::StringMap<size_t> byName;
  for (ObserveOp op : obs.ops) {
    std::string key;
    if (auto name = op->getAttrOfType<StringAttr>("name")) {
      llvm::raw_string_ostream os(key);
      os << name.getValue() << '\0' << op.getObserver();
      auto [it, inserted] = byName.try_emplace(key, obs.states.size());
      if (!inserted) {
        obs.stateOf.push_back(it->second);
        continue;
      }
    }
    obs.stateOf.push_back(obs.states.size());
    ObserverState s{op.getObserver(), {}, {}, {}};
    if (op.hasStatistics()) {
      s.minVal.assign(op.getMinVal()->begin(), op.getMinVal()->end());
      s.maxVal.assign(op.getMaxVal()->begin(), op.getMaxVal()->end());
      if (auto h = op.getHistogram())
        s.histogram.assign(h->begin(), h->end());
    }
    obs.states.push_back(std::move(s));
  }
  for (ObserveOp op : obs.ops) {
    std::optional<std::vector<float>> values;
    ObserverOutputs kind = getObserverOutputs(op.getObserver());
    if (kind != ObserverOutputs::None)
      values = constantValues(op.getInput());
    if (!values) {
      obs.constantBatches.emplace_back();
      continue;
    }
    ConstantBatch batch;
    batch.values = std::move(*values);
    auto shape =
        llvm::cast<RankedTensorType>(op.getInput().getType()).getShape();
    batch.shape.assign(shape.begin(), shape.end());
    if (kind == ObserverOutputs::MinMax)
      loweringMinMax(op.getObserver(), batch);
    obs.constantBatches.push_back(std::move(batch));
  }
  return obs;
}

/// Merges one sample's observer outputs (after the `numResults` results)
/// into the states, in IR order.
static LogicalResult observeSample(Observers &obs, const Sample &sample,
                                   std::vector<NpyArray> &outputs,
                                   size_t numResults) {
  size_t next = numResults;
  auto floats = [&](const NpyArray &a) {
    return llvm::ArrayRef<float>(a.as<float>(), a.numElements());
  };
  for (auto [index, op, batch] :
       llvm::zip_equal(obs.stateOf, obs.ops, obs.constantBatches)) {
    ObserverState &state = obs.states[index];
    switch (getObserverOutputs(state.observer)) {
    case ObserverOutputs::None:
      break;
    case ObserverOutputs::MinMax:
      if (batch) {
        state.updateMinMax(batch->batchMin, batch->batchMax);
        break;
      }
      state.updateMinMax(floats(outputs[next]), floats(outputs[next + 1]));
      next += 2;
      break;
    case ObserverOutputs::Tensor:
      if (llvm::Error err =
              batch ? state.update(batch->values, batch->shape)
                    : state.update(floats(outputs[next]), outputs[next].shape)) {
        InFlightDiagnostic diag = op.emitError()
                                  << "calibration sample '" << sample.name
                                  << "': this observer cannot take it: "
                                  << llvm::toString(std::move(err));
        if (auto name = op->getAttrOfType<StringAttr>("name"))
          diag.attachNote() << "the observer of '" << name.getValue() << "'";
        return failure();
      }
      next += batch ? 0 : 1;
      break;
    }
  }
  return success();
}

/// The model JIT-compiled for calibration: a copy of `func`'s module with
/// the observers of constants removed (observeSample applies their batches),
/// the fake-quants calling the host hook and, with --host-conv, the float
/// convolutions on the host GEMM.
static FailureOr<std::unique_ptr<ModelRunner>>
buildRunner(ModuleOp module, func::FuncOp func, const Observers &obs,
            int64_t &hostConvs) {
  OwningOpRef<ModuleOp> copy = module.clone();
  auto copyFunc = copy->lookupSymbol<func::FuncOp>(func.getSymName());
  SmallVector<ObserveOp> copied;
  copyFunc.walk([&](ObserveOp op) { copied.push_back(op); });
  for (auto [op, batch] : llvm::zip_equal(copied, obs.constantBatches))
    if (batch) {
      op.getResult().replaceAllUsesWith(op.getInput());
      op.erase();
    }
  prepareFakeQuantCalibration(*copy, copyFunc);
  hostConvs = hostConv ? prepareHostConvolutions(*copy, copyFunc) : 0;
  return ModelRunner::create(std::move(copy), func.getSymName());
}

/// Writes the observers' and fake-quants' final state into `module`'s IR.
static void storeStatistics(MLIRContext &context, Observers &obs,
                            ArrayRef<FakeQuantOp> fakeQuants,
                            ArrayRef<FakeQuantState> fakeQuantStates) {
  OpBuilder b(&context);
  for (auto [op, index] : llvm::zip_equal(obs.ops, obs.stateOf)) {
    const ObserverState &state = obs.states[index];
    if (!state.initialized())
      continue;
    op.setMinValAttr(b.getDenseF32ArrayAttr(state.minVal));
    op.setMaxValAttr(b.getDenseF32ArrayAttr(state.maxVal));
    if (!state.histogram.empty())
      op.setHistogramAttr(b.getDenseF32ArrayAttr(state.histogram));
  }
  for (auto [op, state] : llvm::zip_equal(fakeQuants, fakeQuantStates))
    state.store(op);
}

/// CPU seconds of the calling thread (0 where the system cannot say).
static double threadCpuNow() {
#ifdef CLOCK_THREAD_CPUTIME_ID
  timespec ts;
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
#endif
  return 0;
}

/// The thread counts: `workers` forwards of different samples at a time,
/// and the threads each float convolution splits over.
struct Threads {
  unsigned workers, perConv;
};

/// Samples run side by side (one thread per convolution) when nothing on
/// the host feeds a forward (no fake-quant) and there are several samples
/// and threads; otherwise one forward at a time, its convolutions over all
/// threads.
static Threads chooseThreads(size_t samples, bool hostForwardState) {
  unsigned all = threads ? threads.getValue()
                         : llvm::hardware_concurrency().compute_thread_count();
  all = std::max(1u, all);
  if (hostForwardState || samples < 2 || all == 1)
    return {1, all};
  return {static_cast<unsigned>(std::min<size_t>(all, samples)), 1};
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
  PhaseTimer timer;
  ModelLoader loader;
  func::FuncOp func;
  OwningOpRef<ModuleOp> module =
      loader.loadEntry(inputFile, function, "qnn-calibrate", func);
  if (!module)
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
  Observers obs = collectObservers(func);
  std::string error;
  std::vector<Sample> samples = collectSamples(func.getNumArguments(), error);
  if (!error.empty())
    return fail(error);
  if (samples.empty()) {
    func.emitError("no calibration samples: --data names no .npy files");
    return 1;
  }
  Threads split = chooseThreads(samples.size(), !fakeQuants.empty());
  llvm::parallel::strategy = llvm::hardware_concurrency(split.perConv);

  if (timing)
    printPhase("parse", timer.lap());
  int64_t hostConvs = 0;
  auto runner = buildRunner(*module, func, obs, hostConvs);
  if (failed(runner))
    return 1;
  FakeQuantHook hook(**runner, fakeQuantStates);
  if (hostConvs)
    registerHostConvolution(**runner);
  if (llvm::Error err = (*runner)->resolve())
    return fail("JIT compilation failed: " + toString(std::move(err)));
  if (timing) {
    printPhase("lower + JIT compile", timer.lap());
    if (hostConvs)
      llvm::errs() << "qnn-calibrate: " << hostConvs
                   << " float conv(s) on the host GEMM ("
                   << hostConvolutionISA() << ")\n";
    llvm::errs() << "qnn-calibrate: " << split.workers
                 << " sample(s) at a time, " << split.perConv
                 << " thread(s) per convolution\n";
  }
  size_t numResults = (*runner)->getResults().size();
  bool tty = llvm::sys::Process::StandardErrIsDisplayed();
  auto start = std::chrono::steady_clock::now();
  double observeCpu = 0;
  LogicalResult ran = forEachForward(
      **runner, samples, split.workers,
      [&](size_t i, Forward &current) -> LogicalResult {
        const Sample &sample = samples[i];
        if (!current.error.empty()) {
          fail(current.error);
          return failure();
        }
        int64_t slot = 0;
        if (llvm::Error err = hook.takeError(slot)) {
          FakeQuantOp op = fakeQuants[slot];
          InFlightDiagnostic diag = op.emitError()
                                    << "calibration sample '" << sample.name
                                    << "': this fake-quant cannot take it: "
                                    << llvm::toString(std::move(err));
          if (!op.getName().empty())
            diag.attachNote() << "the fake-quant of '" << op.getName() << "'";
          return failure();
        }
        double t = threadCpuNow();
        if (failed(observeSample(obs, sample, *current.outputs, numResults)))
          return failure();
        observeCpu += threadCpuNow() - t;
        progress(i + 1, samples.size(), tty, start);
        return success();
      });
  if (failed(ran))
    return 1;
  if (timing) {
    // Process CPU time: every thread's forwards and this thread's updates.
    std::pair<double, double> loop = timer.lap();
    printPhase("forwards + updates", loop, samples.size());
    llvm::errs() << llvm::format("qnn-calibrate:   of which observer updates"
                                 " %.3f s CPU (%.1f ms / sample, in order on "
                                 "one thread)\n",
                                 observeCpu, 1000.0 * observeCpu / samples.size());
  }
  if (!tty)
    llvm::errs() << "qnn-calibrate: " << samples.size() << " sample(s), "
                 << obs.states.size() << " observer(s), " << fakeQuants.size()
                 << " fake-quant(s)\n";
  storeStatistics(loader.getContext(), obs, fakeQuants, fakeQuantStates);
  if (llvm::Error e = writeFile(
          outputFile, [&](llvm::raw_pwrite_stream &os) -> llvm::Error {
            module->print(os);
            os << "\n";
            return llvm::Error::success();
          }))
    return fail(toString(std::move(e)));
  return 0;
}
