//===- qnn-compile.cpp - ahead-of-time compilation --------------*- C++ -*-===//
//
//   qnn-compile model.mlir --target=<t> -o model.o [--header model.h]
//               [--shared model.so] [--function f] [--name NAME]
//               [--threads N] [--dynamic-batch]
//
// Lowers the entry function with the reference pipeline, translates it to
// LLVM IR in-process and emits an object for the target's triple, CPU and
// features through an LLVM TargetMachine. Temporaries live in a scratch
// arena (qnn-plan-scratch, arena=both): the object exports the reentrant
// `qnn_<name>_run(workspace, batch, buffers...)` with
// `qnn_<name>_workspace_size(batch)` (written here in LLVM IR around the
// workspace function the planner made), and the static-arena entry
// `<name>` / `_mlir_ciface_<name>`; nothing else is exported, so objects
// compiled with different --name link into one program. The header declares
// these and plain C wrappers over raw buffers. Weights are constants in
// .rodata; buffers the planner does not take are malloc'ed and freed inside
// the call (the only dependency besides libm). With --threads N > 1 the
// kernels' parallel loops run on OpenMP (qnn-parallelize): the object then
// also needs LLVM's libomp, and the caller picks the thread count at run
// time. With --dynamic-batch the model is compiled at batch 1 and
// qnn_<name>_run loops over the batch the caller passes; with OpenMP too, it
// first splits the images over the team, a workspace slice per thread
// (emitBatchFork).
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "qnn/Pipelines/Pipelines.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Runtime/ModelRunner.h"
#include "qnn/Support/ToolIO.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/StandardInstrumentations.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Utils/SplitModule.h"

#include "llvm/ADT/ScopeExit.h"

#include <set>
#include <thread>

using namespace mlir;
using namespace mlir::qnn;
namespace cl = llvm::cl;

static cl::OptionCategory toolOptions("qnn-compile options");
static cl::opt<std::string> inputFile(cl::Positional, cl::cat(toolOptions),
                                      cl::desc("<model.mlir>"), cl::Required);
static cl::opt<std::string> outputFile("o", cl::cat(toolOptions),
                                       cl::desc("Output object"),
                                       cl::value_desc("model.o"), cl::Required);
static cl::opt<std::string> headerFile("header", cl::cat(toolOptions),
                                       cl::desc("Write a C header"),
                                       cl::value_desc("model.h"));
static cl::opt<std::string> sharedFile("shared", cl::cat(toolOptions),
                                       cl::desc("Also link a shared library"),
                                       cl::value_desc("model.so"));
static cl::opt<std::string>
    signatureFile("signature", cl::cat(toolOptions),
                  cl::desc("Write the entry point's signature as JSON"),
                  cl::value_desc("model.json"));
static cl::opt<std::string>
    target("target", cl::cat(toolOptions),
           cl::desc(compileTargetOptionHelp()),
           cl::init("native"));
static cl::opt<bool> winograd(
    "winograd", cl::cat(toolOptions),
    cl::desc("Run 3x3 stride-1 convs of the 16-bit kernels as exact integer "
             "Winograd F(2x2, 3x3) (default on)"),
    cl::init(true));
static cl::opt<bool> kernelRemarks(
    "qnn-kernel-remarks", cl::cat(toolOptions),
    cl::desc("Report each quantized conv/linear that no micro-kernel takes "
             "(it runs the reference lowering), and why, as a remark"),
    cl::init(false));
static cl::opt<int64_t> maxArenaBytes(
    "max-arena-bytes", cl::cat(toolOptions),
    cl::desc("Refuse models whose static scratch arena exceeds this many "
             "bytes (default 4 GiB; 0: no limit)"),
    cl::init(kDefaultMaxArenaBytes));
static cl::opt<bool>
    timing("timing", cl::cat(toolOptions),
           cl::desc("Print on stderr how long each phase took: parsing, "
                    "every pass of the MLIR pipeline, translation to LLVM "
                    "IR, LLVM's optimization and code generation"));
static cl::opt<unsigned> jobs(
    "jobs", cl::cat(toolOptions),
    cl::desc("Optimize and generate code for the model's functions on this "
             "many threads, then join the pieces with ld.lld -r (default 0: "
             "one per core; 1: the whole module on one thread)"),
    cl::init(0));
static cl::opt<bool> optimizeSize(
    "optimize-size", cl::cat(toolOptions),
    cl::desc("Keep the int8 weights in the object where the 16-bit kernels "
             "would store them widened (int16, and Winograd's transformed "
             "3x3 weights): the first call widens / transforms them into a "
             "zero-initialized buffer (.bss); outputs are bit-identical "
             "(also set by the module attribute qnn.optimize_size)"),
    cl::init(false));
static cl::opt<bool> verifyEach(
    "verify-each", cl::cat(toolOptions), cl::Hidden,
    cl::desc("Verify the module after every pass of the MLIR pipeline, not "
             "only after the last (developer option: names the pass that "
             "produced invalid IR)"),
    cl::init(false));
// LLVM's IR pipeline runs at O2 by default: the kernels arrive vectorized
// and unrolled from MLIR; O3's only effective difference on them is the
// loop unroller's higher threshold (-unroll-threshold-aggressive, 300
// against 150), which made resnet50's AVX2 code 1.7x larger and its compile
// much slower for no fewer instructions executed (docs/benchmarks.md).
static cl::opt<unsigned> llvmOptLevel(
    "llvm-opt-level", cl::cat(toolOptions), cl::Hidden,
    cl::desc("LLVM IR optimization level 0-3 (developer option, default 2)"),
    cl::init(2));
static cl::opt<bool> llvmVectorize(
    "llvm-vectorize", cl::cat(toolOptions), cl::Hidden,
    cl::desc("Run LLVM's loop and SLP vectorizers (developer option)"),
    cl::init(true));
static cl::opt<bool> llvmUnroll(
    "llvm-unroll", cl::cat(toolOptions), cl::Hidden,
    cl::desc("Run LLVM's loop unrolling (developer option)"), cl::init(true));
static cl::opt<unsigned> codegenOptLevel(
    "codegen-opt-level", cl::cat(toolOptions), cl::Hidden,
    cl::desc("LLVM code generation level 0-3 (developer option)"),
    cl::init(3));
namespace {
enum class Emit { Object, Assembly, LLVMIR };
} // namespace
static cl::opt<Emit>
    emit("emit", cl::cat(toolOptions), cl::desc("What -o receives"),
         cl::init(Emit::Object),
         cl::values(clEnumValN(Emit::Object, "obj",
                               "a relocatable object (default)"),
                    clEnumValN(Emit::Assembly, "asm", "target assembly"),
                    clEnumValN(Emit::LLVMIR, "llvm", "optimized LLVM IR")));
static cl::opt<std::string> function("function", cl::cat(toolOptions),
                                     cl::desc("Function to compile"));
static cl::opt<std::string> exportName(
    "name", cl::cat(toolOptions),
    cl::desc("Name of the exported entry points and header macros (a C "
             "identifier; default: the function's name)"),
    cl::value_desc("NAME"));

/// --threads. libLLVM registers a hidden, undocumented option of that name
/// too: it becomes --llvm-threads before this one is registered (at the
/// first call, before the command line is parsed).
static cl::opt<int64_t> &threadsOption() {
  static cl::opt<int64_t> *option = [] {
    if (cl::Option *llvm = cl::getRegisteredOptions().lookup("threads"))
      llvm->setArgStr("llvm-threads");
    return new cl::opt<int64_t>(
        "threads", cl::cat(toolOptions),
        cl::desc("1 (default): serial code needing only libc/libm; N > 1: "
                 "split the kernels' loops on OpenMP (links against libomp; "
                 "the thread count is set at run time by "
                 "omp_set_num_threads or OMP_NUM_THREADS)"),
        cl::init(1));
  }();
  return *option;
}
static cl::opt<bool> dynamicBatch(
    "dynamic-batch", cl::cat(toolOptions),
    cl::desc("Compile a model imported at batch 1 for any batch: "
             "qnn_<name>_run takes the batch per call (also set by the "
             "module attribute qnn.dynamic_batch)"),
    cl::init(false));

static int fail(const llvm::Twine &message) {
  llvm::errs() << "qnn-compile: error: " << message << "\n";
  return 1;
}

static std::string cType(const TensorSpec &spec) {
  if (spec.dtype == "<f4")
    return "float";
  if (spec.dtype == "<f8")
    return "double";
  if (spec.dtype == "|u1")
    return "uint8_t";
  if (spec.dtype == "|i1")
    return "int8_t";
  if (spec.dtype == "<i4")
    return "int32_t";
  return "int64_t";
}

static int64_t elementBytes(const TensorSpec &spec) {
  if (spec.dtype == "<f8" || spec.dtype == "<i8")
    return 8;
  if (spec.dtype == "<f4" || spec.dtype == "<i4")
    return 4;
  return 1;
}

/// `[d0][d1]...`; with `batch`, the leading dimension is that name.
static std::string dims(const TensorSpec &spec, StringRef batch = "") {
  std::string s;
  for (auto [i, d] : llvm::enumerate(spec.shape))
    s += "[" + (i == 0 && !batch.empty() ? batch.str() : std::to_string(d)) +
         "]";
  return s;
}

/// The reentrant entry point's workspace. `bytes` is what
/// qnn_<name>_workspace_size returns for the compiled batch, the only batch
/// accepted, or with `dynamic` for every batch >= 1 (the batch loop in
/// qnn_<name>_run runs one image at a time in the same workspace); with
/// `dynamic` and OpenMP, one slice of `bytes` rounded up to the alignment
/// per image (images run on several threads at once).
struct Workspace {
  int64_t batch; // the leading dimension of the first input, as compiled
  int64_t bytes; // at least kWorkspaceMinBytes: 0 means "bad batch"
  bool dynamic = false;
  int64_t threads = 1; // qnn-compile --threads
};
constexpr int64_t kWorkspaceAlignment = 64, kWorkspaceMinBytes = 64;

/// The bytes of one image's slice of a batch-parallel workspace.
static int64_t sliceBytes(const Workspace &workspace) {
  return llvm::alignTo(workspace.bytes, kWorkspaceAlignment);
}

/// Return codes of qnn_<name>_run (the header's QNN_<NAME>_E_* macros).
enum RunError { kRunOk = 0, kRunNull = 1, kRunAlign = 2, kRunBatch = 3 };

/// The batch of the compiled model: the leading dimension of its first
/// input (1 without inputs or for a scalar input).
static int64_t compiledBatch(ArrayRef<TensorSpec> inputs) {
  if (inputs.empty() || inputs.front().shape.empty())
    return 1;
  return inputs.front().shape.front();
}

/// The C header: descriptor types, the MLIR C interface, the reentrant entry
/// point and wrappers taking raw buffers (inputs, then outputs), with shapes
/// and qparams.
static std::string makeHeader(StringRef name, ArrayRef<TensorSpec> inputs,
                              ArrayRef<TensorSpec> results,
                              int64_t scratchBytes,
                              const Workspace &workspace) {
  std::string h;
  llvm::raw_string_ostream os(h);
  std::string guard = "QNN_MODEL_" + name.upper() + "_H";
  os << "/* Generated by qnn-compile. */\n#ifndef " << guard << "\n#define "
     << guard
     << "\n\n#include <stddef.h>\n#include <stdint.h>\n\n#ifdef "
        "__cplusplus\nextern \"C\" "
        "{\n#endif\n\n";
  std::set<size_t> ranks;
  for (const TensorSpec &s : llvm::concat<const TensorSpec>(inputs, results))
    ranks.insert(s.shape.size());
  // Guarded: headers of several models may be included together.
  for (size_t r : ranks) {
    os << "#ifndef QNN_MEMREF" << r << "D_DEFINED\n#define QNN_MEMREF" << r
       << "D_DEFINED\ntypedef struct qnn_memref" << r
       << "d { void *allocated; void *aligned; int64_t offset;";
    if (r)
      os << " int64_t sizes[" << r << "]; int64_t strides[" << r << "];";
    os << " } qnn_memref" << r << "d;\n#endif\n";
  }
  std::string upper = name.upper();
  auto describe = [&](const char *kind, size_t k, const TensorSpec &s,
                      StringRef batch = "") {
    os << " *   " << kind << k << ": " << cType(s) << dims(s, batch);
    if (s.quant)
      os << llvm::format(" quantized, scale %.17g, zero_point %lld",
                         s.quant.getScale(), (long long)s.quant.getZeroPoint());
    os << "\n";
  };
  auto rawParams = [&]() {
    size_t n = 0;
    for (auto [k, s] : llvm::enumerate(inputs))
      os << (n++ ? ", " : "") << "const " << cType(s) << " *in" << k;
    for (auto [k, s] : llvm::enumerate(results))
      os << (n++ ? ", " : "") << cType(s) << " *out" << k;
  };
  // The reentrant entry point (exported by the object).
  os << "\n/* Reentrant entry point: the caller owns the workspace, at least\n"
     << " * qnn_" << name << "_workspace_size(batch) bytes, aligned to "
     << kWorkspaceAlignment << " bytes\n"
     << " * and not overlapping any input or output. Calls with distinct\n"
     << " * workspaces may run at once (one workspace per thread); the "
        "workspace\n"
     << " * holds no state between calls. `batch` is the leading dimension of "
        "in0;\n";
  if (workspace.dynamic && workspace.threads > 1)
    os << " * compiled with --dynamic-batch, any batch >= 1 is accepted: the "
          "buffers\n"
       << " * hold `batch` images (outputs bit-identical to `batch` calls "
          "with one\n"
       << " * image each). With T OpenMP threads and batch >= T, the images "
          "are split\n"
       << " * over the team, each thread in its own slice of the workspace; "
          "the rest\n"
       << " * (batch % T, or all when batch < T) run one after the other on "
          "the whole\n"
       << " * team. The workspace holds one slice per image: "
       << sliceBytes(workspace) << " * batch bytes\n"
       << " * (qnn_" << name
       << "_workspace_size returns 0 for batch < 1).\n";
  else if (workspace.dynamic)
    os << " * compiled with --dynamic-batch, any batch >= 1 is accepted: the "
          "buffers\n"
       << " * hold `batch` images, run one after the other (outputs "
          "bit-identical to\n"
       << " * `batch` calls with one image each) in a workspace of the same "
          "size for\n"
       << " * every batch (qnn_" << name
       << "_workspace_size returns 0 for batch < 1).\n";
  else
    os << " * only the compiled batch QNN_" << upper << "_BATCH is accepted\n"
       << " * (qnn_" << name
       << "_workspace_size returns 0 for any other, and never 0 for\n"
       << " * it).";
  os << " Buffers are C-ordered (dense row-major)"
     << (workspace.dynamic ? ":\n" : (", as for qnn_" + name + ":\n").str());
  for (auto [k, s] : llvm::enumerate(inputs))
    describe("in", k, s, workspace.dynamic ? "batch" : "");
  for (auto [k, s] : llvm::enumerate(results))
    describe("out", k, s, workspace.dynamic ? "batch" : "");
  if (workspace.threads > 1)
    os << " * Compiled with --threads=" << workspace.threads
       << ": the kernels run on an OpenMP team; link\n"
       << " * with LLVM's libomp (-lomp). The thread count is the calling "
          "thread's\n"
       << " * OpenMP setting (omp_set_num_threads, else OMP_NUM_THREADS, "
          "else every\n"
       << " * core); results are bit-identical for every thread count.\n";
  else
    os << " * Serial code (--threads=1): needs only libc and libm.\n";
  os << " * qnn_" << name << "_run returns QNN_" << upper
     << "_OK after running, or one of the\n"
     << " * errors below without touching any buffer (checked in this "
        "order). */\n";
  os << "#define QNN_" << upper << "_BATCH " << workspace.batch << "\n";
  os << "#define QNN_" << upper << "_DYNAMIC_BATCH " << workspace.dynamic
     << "\n";
  os << "#define QNN_" << upper << "_THREADS " << workspace.threads
     << " /* qnn-compile --threads: 1 = no OpenMP */\n";
  os << "#define QNN_" << upper << "_WORKSPACE_ALIGNMENT "
     << kWorkspaceAlignment << "\n";
  os << "#define QNN_" << upper << "_OK " << kRunOk << "\n";
  os << "#define QNN_" << upper << "_E_BATCH " << kRunBatch
     << (workspace.dynamic ? " /* batch < 1 */\n"
                           : (" /* batch is not QNN_" + upper + "_BATCH */\n"));
  os << "#define QNN_" << upper << "_E_NULL " << kRunNull
     << " /* a null workspace, input or output */\n";
  os << "#define QNN_" << upper << "_E_ALIGN " << kRunAlign
     << " /* workspace not QNN_" << upper
     << "_WORKSPACE_ALIGNMENT-aligned */\n";
  os << "size_t qnn_" << name << "_workspace_size(int64_t batch);\n";
  os << "int qnn_" << name << "_run(void *workspace, int64_t batch";
  if (!inputs.empty() || !results.empty())
    os << ", ";
  rawParams();
  os << ");\n";
  os << "\n/* The convenience entry points below keep their temporaries in a "
        "static\n * arena of this many bytes (.bss): no workspace to pass, "
        "but they are NOT\n * reentrant (calls must not overlap, also not "
        "with another thread's). */\n"
     << "#define QNN_" << upper << "_SCRATCH_BYTES " << scratchBytes << "\n";
  os << "\n/* MLIR C interface: inputs, then caller-allocated outputs. Not "
        "reentrant. */\n";
  os << "void _mlir_ciface_" << name << "(";
  size_t i = 0;
  for (const TensorSpec &s : llvm::concat<const TensorSpec>(inputs, results))
    os << (i++ ? ", " : "") << "qnn_memref" << s.shape.size() << "d *";
  os << ");\n\n";
  os << "/* qnn_" << name
     << ": C-ordered buffers. Not reentrant (static "
        "arena).\n";
  for (auto [k, s] : llvm::enumerate(inputs))
    describe("in", k, s);
  for (auto [k, s] : llvm::enumerate(results))
    describe("out", k, s);
  os << " */\nstatic inline void qnn_" << name << "(";
  rawParams();
  os << ") {\n";
  auto descriptor = [&](const std::string &var, const std::string &ptr,
                        const TensorSpec &s) {
    size_t r = s.shape.size();
    os << "  qnn_memref" << r << "d " << var << " = {(void *)" << ptr
       << ", (void *)" << ptr << ", 0";
    if (r) {
      os << ", {";
      llvm::interleaveComma(s.shape, os);
      os << "}, {";
      SmallVector<int64_t> strides(r, 1);
      for (int64_t d = (int64_t)r - 2; d >= 0; --d)
        strides[d] = strides[d + 1] * s.shape[d + 1];
      llvm::interleaveComma(strides, os);
      os << "}";
    }
    os << "};\n";
  };
  for (auto [k, s] : llvm::enumerate(inputs))
    descriptor("a" + std::to_string(k), "in" + std::to_string(k), s);
  for (auto [k, s] : llvm::enumerate(results))
    descriptor("r" + std::to_string(k), "out" + std::to_string(k), s);
  os << "  _mlir_ciface_" << name << "(";
  i = 0;
  for (size_t k = 0; k < inputs.size(); ++k)
    os << (i++ ? ", " : "") << "&a" << k;
  for (size_t k = 0; k < results.size(); ++k)
    os << (i++ ? ", " : "") << "&r" << k;
  os << ");\n}\n\n";
  // Descriptor entry point with checks: the compiled code reads and writes
  // dense row-major buffers from `aligned` (the layout of its memref types),
  // so any other offset or stride is refused rather than misread.
  os << "/* Like _mlir_ciface_" << name
     << " (not reentrant), but checks every descriptor\n"
        " * first: a non-null `aligned`, the compiled sizes, offset 0 and "
        "dense\n * row-major strides (any stride for a dimension of size 1). "
        "Returns 0 after "
        "running, or\n * 1 + the index of the first argument that does not "
        "match (nothing runs).\n * Copy strided or offset data into a "
        "dense buffer first. */\n";
  os << "static inline int qnn_" << name << "_checked(";
  i = 0;
  for (const TensorSpec &s : llvm::concat<const TensorSpec>(inputs, results))
    os << (i ? ", " : "") << "qnn_memref" << s.shape.size() << "d *m" << i, ++i;
  os << ") {\n";
  i = 0;
  for (const TensorSpec &s : llvm::concat<const TensorSpec>(inputs, results)) {
    std::string m = "m" + std::to_string(i);
    os << "  if (!" << m << " || !" << m << "->aligned || " << m
       << "->offset != 0) return " << i + 1 << ";\n";
    int64_t stride = 1;
    for (int64_t d = (int64_t)s.shape.size() - 1; d >= 0; --d) {
      os << "  if (" << m << "->sizes[" << d << "] != " << s.shape[d];
      if (s.shape[d] != 1)
        os << " || " << m << "->strides[" << d << "] != " << stride;
      os << ") return " << i + 1 << ";\n";
      stride *= s.shape[d];
    }
    ++i;
  }
  os << "  _mlir_ciface_" << name << "(";
  for (size_t k = 0; k < i; ++k)
    os << (k ? ", " : "") << "m" << k;
  os << ");\n  return 0;\n}\n\n#ifdef __cplusplus\n}\n#endif\n#endif\n";
  return h;
}

/// {"function", "inputs": [{"dtype", "shape", "scale"?, "zero_point"?}],
///  "outputs": [...]} for the Python runtime.
static std::string makeSignature(StringRef name, ArrayRef<TensorSpec> inputs,
                                 ArrayRef<TensorSpec> results,
                                 const Workspace &workspace) {
  std::string j;
  llvm::raw_string_ostream os(j);
  auto list = [&](ArrayRef<TensorSpec> specs) {
    os << "[";
    llvm::interleaveComma(specs, os, [&](const TensorSpec &s) {
      os << "{\"dtype\": \"" << s.dtype << "\", \"shape\": [";
      llvm::interleaveComma(s.shape, os);
      os << "]";
      if (s.quant)
        os << llvm::format(", \"scale\": %.17g, \"zero_point\": %lld",
                           s.quant.getScale(),
                           (long long)s.quant.getZeroPoint());
      os << "}";
    });
    os << "]";
  };
  os << "{\"function\": \"" << name << "\", \"inputs\": ";
  list(inputs);
  os << ", \"outputs\": ";
  list(results);
  os << ", \"batch\": " << workspace.batch
     << ", \"dynamic_batch\": " << (workspace.dynamic ? "true" : "false")
     << ", \"threads\": " << workspace.threads
     << ", \"workspace_bytes\": " << workspace.bytes
     << ", \"workspace_alignment\": " << kWorkspaceAlignment << "}\n";
  return j;
}

/// `size_t qnn_<name>_workspace_size(int64_t batch)`: the workspace bytes
/// for the compiled batch (any batch >= 1 when dynamic: with OpenMP, a
/// slice per image), 0 for any other.
static void emitWorkspaceSize(llvm::Module &m, StringRef name,
                              const Workspace &workspace) {
  llvm::LLVMContext &ctx = m.getContext();
  llvm::IntegerType *i64 = llvm::Type::getInt64Ty(ctx);
  llvm::IntegerType *sizeT = m.getDataLayout().getIntPtrType(ctx);
  auto *fn = llvm::Function::Create(
      llvm::FunctionType::get(sizeT, {i64}, false),
      llvm::GlobalValue::ExternalLinkage, "qnn_" + name + "_workspace_size", m);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
  llvm::Value *batch = fn->getArg(0);
  if (workspace.dynamic && workspace.threads > 1) {
    // A slice per image (emitBatchFork), while the bytes fit a size_t.
    int64_t slice = sliceBytes(workspace);
    int64_t most = (int64_t)(sizeT->getBitMask() >> 1) / slice;
    llvm::Value *ok =
        b.CreateAnd(b.CreateICmpSGE(batch, b.getInt64(1), "positive"),
                    b.CreateICmpSLE(batch, b.getInt64(most), "fits"));
    llvm::Value *bytes =
        b.CreateTrunc(b.CreateMul(batch, b.getInt64(slice)), sizeT);
    b.CreateRet(b.CreateSelect(ok, bytes, llvm::ConstantInt::get(sizeT, 0)));
    return;
  }
  llvm::Value *ok =
      workspace.dynamic
          ? b.CreateICmpSGE(batch, b.getInt64(1), "positive")
          : b.CreateICmpEQ(batch, b.getInt64(workspace.batch), "compiled");
  b.CreateRet(b.CreateSelect(ok, llvm::ConstantInt::get(sizeT, workspace.bytes),
                             llvm::ConstantInt::get(sizeT, 0)));
}

/// `int qnn_<name>_run(void *workspace, int64_t batch, inputs..., outputs...)`
/// over raw C-ordered buffers: checks the batch, the pointers and the
/// workspace's alignment (RunError), then calls `callee`, the lowered
/// function taking (arena?, inputs..., outputs...) as expanded memref
/// descriptors.
/// The arena is the caller's, aligned and overlapping no other argument:
/// the same facts LLVM knows about the static global. They hold for
/// parameter `k` of `fn`, and for the parameters of the pieces
/// qnn-split-functions made that `fn` passes that pointer to.
static void markArena(llvm::Function &fn, unsigned k, int64_t arenaBytes) {
  llvm::LLVMContext &ctx = fn.getContext();
  fn.addParamAttr(k, llvm::Attribute::NoAlias);
  fn.addParamAttr(
      k, llvm::Attribute::getWithAlignment(ctx, llvm::Align(kWorkspaceAlignment)));
  fn.addDereferenceableParamAttr(k, arenaBytes);
  llvm::Argument *arena = fn.getArg(k);
  for (llvm::Instruction &inst : llvm::instructions(fn)) {
    auto *call = dyn_cast<llvm::CallInst>(&inst);
    llvm::Function *piece = call ? call->getCalledFunction() : nullptr;
    if (!piece || piece->isDeclaration() || piece == &fn)
      continue;
    for (unsigned i = 0; i < call->arg_size(); ++i) {
      // The translated call passes the pointer out of a descriptor struct.
      llvm::Value *v = call->getArgOperand(i);
      if (auto *extract = dyn_cast<llvm::ExtractValueInst>(v))
        v = llvm::FindInsertedValue(extract->getAggregateOperand(),
                                    extract->getIndices());
      if (v == arena && !piece->hasParamAttribute(i, llvm::Attribute::NoAlias))
        markArena(*piece, i, arenaBytes);
    }
  }
}

/// Calls `callee` on image `image` (null: the whole compiled batch) of the
/// raw buffers `bases` (inputs, then outputs) with the arena at `ws`: dense
/// row-major descriptors (allocated, aligned, offset, sizes, strides), as
/// the MLIR calling convention expands a memref.
static llvm::Error emitImageCall(llvm::IRBuilder<> &b, llvm::Function *callee,
                                 llvm::Value *ws, llvm::Value *image,
                                 ArrayRef<llvm::Value *> bases,
                                 int64_t arenaBytes,
                                 ArrayRef<TensorSpec> inputs,
                                 ArrayRef<TensorSpec> results) {
  SmallVector<llvm::Value *> args;
  auto descriptor = [&](llvm::Value *p, ArrayRef<int64_t> shape) {
    args.append({p, p, b.getInt64(0)});
    SmallVector<int64_t> strides(shape.size(), 1);
    for (int64_t d = (int64_t)shape.size() - 2; d >= 0; --d)
      strides[d] = strides[d + 1] * shape[d + 1];
    for (int64_t s : shape)
      args.push_back(b.getInt64(s));
    for (int64_t s : strides)
      args.push_back(b.getInt64(s));
  };
  if (arenaBytes > 0)
    descriptor(ws, {arenaBytes});
  for (auto [base, s] : llvm::zip_equal(
           bases, llvm::concat<const TensorSpec>(inputs, results))) {
    llvm::Value *p = base;
    if (image) {
      int64_t bytes = elementBytes(s);
      for (int64_t d : s.shape)
        bytes *= d;
      p = b.CreateGEP(b.getInt8Ty(), base,
                      b.CreateMul(image, b.getInt64(bytes)));
    }
    descriptor(p, s.shape);
  }
  if (callee->arg_size() != args.size() || !callee->getReturnType()->isVoidTy())
    return llvm::createStringError(
        "the lowered entry point " + callee->getName().str() + " takes " +
        std::to_string(callee->arg_size()) + " arguments, expected " +
        std::to_string(args.size()));
  b.CreateCall(callee, args);
  return llvm::Error::success();
}

/// A loop over images [from, to) at `b`'s insertion point (from < to), each
/// through `call(image)`; `b` continues after the loop.
static llvm::Error
emitImageLoop(llvm::IRBuilder<> &b, llvm::Value *from, llvm::Value *to,
              llvm::function_ref<llvm::Error(llvm::Value *)> call) {
  llvm::Function *fn = b.GetInsertBlock()->getParent();
  llvm::LLVMContext &ctx = fn->getContext();
  llvm::BasicBlock *pre = b.GetInsertBlock();
  llvm::BasicBlock *loop = llvm::BasicBlock::Create(ctx, "image", fn);
  b.CreateBr(loop);
  b.SetInsertPoint(loop);
  llvm::PHINode *image = b.CreatePHI(b.getInt64Ty(), 2, "image");
  image->addIncoming(from, pre);
  if (llvm::Error e = call(image))
    return e;
  llvm::Value *next = b.CreateAdd(image, b.getInt64(1), "next");
  image->addIncoming(next, b.GetInsertBlock());
  llvm::BasicBlock *done = llvm::BasicBlock::Create(ctx, "images.done", fn);
  b.CreateCondBr(b.CreateICmpSLT(next, to), loop, done);
  b.SetInsertPoint(done);
  return llvm::Error::success();
}

/// The batch split over OpenMP threads (a dynamic batch, --threads > 1): at
/// `b`, with T = omp_get_max_threads() > 1 and batch >= T, forks a team of
/// (at most) T threads; in a team of n, thread t runs images
/// [t*q, (t+1)*q), q = batch / n, in workspace slice t (the kernels' own
/// parallel loops inside run serialized, OpenMP's nesting being off by
/// default); then the batch % n images left, or the whole batch when
/// batch < T, run one after the other in slice 0 with the kernels'
/// loops on the team. Returns the first image of that serial tail.
static llvm::Expected<llvm::Value *>
emitBatchFork(llvm::IRBuilder<> &b, StringRef name, llvm::Function *callee,
              llvm::Value *ws, llvm::Value *batch,
              ArrayRef<llvm::Value *> bases, int64_t arenaBytes, int64_t slice,
              ArrayRef<TensorSpec> inputs, ArrayRef<TensorSpec> results) {
  llvm::Module &m = *b.GetInsertBlock()->getModule();
  llvm::LLVMContext &ctx = m.getContext();
  llvm::IntegerType *i32 = b.getInt32Ty(), *i64 = b.getInt64Ty();
  llvm::PointerType *ptr = b.getPtrTy();
  // The shared context: workspace, batch, the images the team ran (written
  // by its thread 0), the buffers.
  SmallVector<llvm::Type *> fields = {ptr, i64, i64};
  fields.append(bases.size(), ptr);
  auto *ctxType = llvm::StructType::create(ctx, fields, "qnn.batch_ctx");
  auto *identType =
      llvm::StructType::create(ctx, {i32, i32, i32, i32, ptr}, "qnn.ident_t");
  llvm::Constant *where = b.CreateGlobalString(";unknown;unknown;0;0;;", "",
                                               0, &m);
  auto *ident = new llvm::GlobalVariable(
      m, identType, true, llvm::GlobalValue::PrivateLinkage,
      llvm::ConstantStruct::get(identType,
                                {b.getInt32(0), b.getInt32(2), b.getInt32(0),
                                 b.getInt32(22), where}),
      "qnn.batch_ident");
  llvm::FunctionCallee maxThreads =
      m.getOrInsertFunction("omp_get_max_threads", i32);
  llvm::FunctionCallee threadNum = m.getOrInsertFunction(
      "__kmpc_global_thread_num", llvm::FunctionType::get(i32, {ptr}, false));
  llvm::FunctionCallee pushThreads = m.getOrInsertFunction(
      "__kmpc_push_num_threads",
      llvm::FunctionType::get(b.getVoidTy(), {ptr, i32, i32}, false));
  llvm::FunctionCallee teamSize = m.getOrInsertFunction(
      "__kmpc_bound_num_threads", llvm::FunctionType::get(i32, {ptr}, false));
  llvm::FunctionCallee fork = m.getOrInsertFunction(
      "__kmpc_fork_call",
      llvm::FunctionType::get(b.getVoidTy(), {ptr, i32, ptr}, true));

  // The microtask: void(i32 *gtid, i32 *tid, ctx *).
  auto *task = llvm::Function::Create(
      llvm::FunctionType::get(b.getVoidTy(), {ptr, ptr, ptr}, false),
      llvm::GlobalValue::InternalLinkage, "qnn_" + name + "_images", m);
  task->addFnAttr(llvm::Attribute::NoUnwind);
  {
    llvm::IRBuilder<> t(llvm::BasicBlock::Create(ctx, "entry", task));
    llvm::Value *c = task->getArg(2);
    auto field = [&](unsigned k) { return t.CreateStructGEP(ctxType, c, k); };
    llvm::Value *tid =
        t.CreateSExt(t.CreateLoad(i32, task->getArg(1), "tid"), i64);
    llvm::Value *n = t.CreateSExt(t.CreateCall(teamSize, {ident}, "n"), i64);
    llvm::Value *all = t.CreateLoad(i64, field(1), "batch");
    llvm::Value *q = t.CreateSDiv(all, n, "q");
    llvm::BasicBlock *store = llvm::BasicBlock::Create(ctx, "first", task);
    llvm::BasicBlock *work = llvm::BasicBlock::Create(ctx, "work", task);
    t.CreateCondBr(t.CreateICmpEQ(tid, t.getInt64(0)), store, work);
    t.SetInsertPoint(store);
    t.CreateStore(t.CreateMul(q, n), field(2));
    t.CreateBr(work);
    t.SetInsertPoint(work);
    llvm::BasicBlock *ret = llvm::BasicBlock::Create(ctx, "ret", task);
    llvm::BasicBlock *some = llvm::BasicBlock::Create(ctx, "some", task);
    t.CreateCondBr(t.CreateICmpSGT(q, t.getInt64(0)), some, ret);
    t.SetInsertPoint(some);
    llvm::Value *wsBase = t.CreateLoad(ptr, field(0), "ws");
    llvm::Value *mine = t.CreateGEP(t.getInt8Ty(), wsBase,
                                    t.CreateMul(tid, t.getInt64(slice)));
    SmallVector<llvm::Value *> buffers;
    for (unsigned k = 0; k < bases.size(); ++k)
      buffers.push_back(t.CreateLoad(ptr, field(3 + k)));
    llvm::Value *from = t.CreateMul(tid, q);
    if (llvm::Error e =
            emitImageLoop(t, from, t.CreateAdd(from, q), [&](llvm::Value *i) {
              return emitImageCall(t, callee, mine, i, buffers, arenaBytes,
                                   inputs, results);
            }))
      return std::move(e);
    t.CreateBr(ret);
    t.SetInsertPoint(ret);
    t.CreateRetVoid();
  }

  llvm::Function *fn = b.GetInsertBlock()->getParent();
  llvm::Value *threads = b.CreateCall(maxThreads, {}, "threads");
  llvm::Value *split = b.CreateAnd(
      b.CreateICmpSGT(threads, b.getInt32(1)),
      b.CreateICmpSGE(batch, b.CreateSExt(threads, i64)), "split");
  llvm::BasicBlock *pre = b.GetInsertBlock();
  llvm::BasicBlock *par = llvm::BasicBlock::Create(ctx, "fork", fn);
  llvm::BasicBlock *tail = llvm::BasicBlock::Create(ctx, "tail", fn);
  // A static alloca (in the entry block): a dynamic one would stop the
  // stack realignment the pieces' vector arguments need.
  llvm::IRBuilder<> entry(&fn->getEntryBlock(),
                          fn->getEntryBlock().getFirstInsertionPt());
  llvm::Value *c = entry.CreateAlloca(ctxType, nullptr, "batch_ctx");
  b.CreateCondBr(split, par, tail);
  b.SetInsertPoint(par);
  b.CreateStore(ws, b.CreateStructGEP(ctxType, c, 0));
  b.CreateStore(batch, b.CreateStructGEP(ctxType, c, 1));
  b.CreateStore(b.getInt64(0), b.CreateStructGEP(ctxType, c, 2));
  for (auto [k, base] : llvm::enumerate(bases))
    b.CreateStore(base, b.CreateStructGEP(ctxType, c, 3 + k));
  llvm::Value *gtid = b.CreateCall(threadNum, {ident}, "gtid");
  b.CreateCall(pushThreads, {ident, gtid, threads});
  b.CreateCall(fork, {ident, b.getInt32(1), task, c});
  llvm::Value *ran =
      b.CreateLoad(i64, b.CreateStructGEP(ctxType, c, 2), "ran");
  b.CreateBr(tail);
  b.SetInsertPoint(tail);
  llvm::PHINode *first = b.CreatePHI(i64, 2, "first");
  first->addIncoming(b.getInt64(0), pre);
  first->addIncoming(ran, par);
  return first;
}

static llvm::Error emitRun(llvm::Module &m, StringRef name,
                           llvm::Function *callee, int64_t arenaBytes,
                           ArrayRef<TensorSpec> inputs,
                           ArrayRef<TensorSpec> results,
                           const Workspace &workspace) {
  llvm::LLVMContext &ctx = m.getContext();
  llvm::IntegerType *i64 = llvm::Type::getInt64Ty(ctx);
  llvm::IntegerType *i32 = llvm::Type::getInt32Ty(ctx);
  llvm::PointerType *ptr = llvm::PointerType::get(ctx, 0);
  SmallVector<llvm::Type *> params = {ptr, i64};
  for (size_t k = 0; k < inputs.size() + results.size(); ++k)
    params.push_back(ptr);
  auto *fn = llvm::Function::Create(llvm::FunctionType::get(i32, params, false),
                                    llvm::GlobalValue::ExternalLinkage,
                                    "qnn_" + name + "_run", m);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
  llvm::Value *ws = fn->getArg(0), *batch = fn->getArg(1);
  llvm::Value *anyNull = b.CreateIsNull(ws);
  for (unsigned k = 2; k < fn->arg_size(); ++k)
    anyNull = b.CreateOr(anyNull, b.CreateIsNull(fn->getArg(k)));
  llvm::Value *misaligned = b.CreateICmpNE(
      b.CreateAnd(b.CreatePtrToInt(ws, i64), kWorkspaceAlignment - 1),
      b.getInt64(0));
  llvm::Value *badBatch =
      workspace.dynamic
          ? b.CreateICmpSLT(batch, b.getInt64(1))
          : b.CreateICmpNE(batch, b.getInt64(workspace.batch));
  llvm::Value *code = b.CreateSelect(
      badBatch, b.getInt32(kRunBatch),
      b.CreateSelect(anyNull, b.getInt32(kRunNull),
                     b.CreateSelect(misaligned, b.getInt32(kRunAlign),
                                    b.getInt32(kRunOk))));
  llvm::BasicBlock *run = llvm::BasicBlock::Create(ctx, "run", fn);
  llvm::BasicBlock *refuse = llvm::BasicBlock::Create(ctx, "refuse", fn);
  b.CreateCondBr(b.CreateICmpEQ(code, b.getInt32(kRunOk)), run, refuse);
  b.SetInsertPoint(refuse);
  b.CreateRet(code);
  b.SetInsertPoint(run);
  SmallVector<llvm::Value *> bases;
  for (unsigned k = 2; k < fn->arg_size(); ++k)
    bases.push_back(fn->getArg(k));
  auto call = [&](llvm::Value *image) {
    return emitImageCall(b, callee, ws, image, bases, arenaBytes, inputs,
                         results);
  };
  if (!workspace.dynamic) {
    if (llvm::Error e = call(nullptr))
      return e;
  } else {
    // A dynamic batch (the model compiled at batch 1): the images one after
    // the other, the buffers advanced by one image per iteration; with
    // OpenMP, first the images split over the team.
    llvm::Value *first = b.getInt64(0);
    if (workspace.threads > 1) {
      llvm::Expected<llvm::Value *> tail =
          emitBatchFork(b, name, callee, ws, batch, bases, arenaBytes,
                        sliceBytes(workspace), inputs, results);
      if (!tail)
        return tail.takeError();
      first = *tail;
    }
    llvm::BasicBlock *loop = llvm::BasicBlock::Create(ctx, "serial", fn);
    llvm::BasicBlock *done = llvm::BasicBlock::Create(ctx, "done", fn);
    b.CreateCondBr(b.CreateICmpSLT(first, batch), loop, done);
    b.SetInsertPoint(loop);
    if (llvm::Error e = emitImageLoop(b, first, batch, call))
      return e;
    b.CreateBr(done);
    b.SetInsertPoint(done);
  }
  b.CreateRet(b.getInt32(kRunOk));
  if (arenaBytes > 0)
    markArena(*callee, 1, arenaBytes);
  return llvm::Error::success();
}

/// LLVM's IR optimization of `module` for `tm` (the new pass manager's
/// per-module default pipeline at --llvm-opt-level, its vectorizers and
/// unrolling as --llvm-vectorize / --llvm-unroll say). -time-passes works.
static llvm::Error optimizeModule(llvm::Module &module,
                                  llvm::TargetMachine *tm) {
  llvm::OptimizationLevel level =
      llvmOptLevel == 0   ? llvm::OptimizationLevel::O0
      : llvmOptLevel == 1 ? llvm::OptimizationLevel::O1
      : llvmOptLevel == 2 ? llvm::OptimizationLevel::O2
                          : llvm::OptimizationLevel::O3;
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassInstrumentationCallbacks callbacks;
  llvm::StandardInstrumentations si(module.getContext(),
                                    /*DebugLogging=*/false);
  si.registerCallbacks(callbacks, &mam);
  llvm::PipelineTuningOptions tuning;
  tuning.LoopUnrolling = llvmUnroll;
  tuning.LoopInterleaving = llvmVectorize;
  tuning.LoopVectorization = llvmVectorize;
  tuning.SLPVectorization = llvmVectorize;
  llvm::PassBuilder pb(tm, tuning, std::nullopt, &callbacks);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(level);
  mpm.run(module, mam);
  return llvm::Error::success();
}

static llvm::CodeGenOptLevel codegenLevel() {
  switch (codegenOptLevel) {
  case 0:
    return llvm::CodeGenOptLevel::None;
  case 1:
    return llvm::CodeGenOptLevel::Less;
  case 2:
    return llvm::CodeGenOptLevel::Default;
  default:
    return llvm::CodeGenOptLevel::Aggressive;
  }
}

/// Optimizes `module` (optimizeModule) and generates its object code on `n` threads:
/// the module is split into `n` partitions of about equal size (its
/// functions are many once qnn-split-functions has run), each optimized and
/// compiled in a context of its own, and the objects are joined with
/// `ld.lld -r`; the symbols the split made visible between partitions are
/// hidden ones, which `llvm-objcopy --localize-hidden` makes local again, so
/// the object exports what the one-thread path exports.
/// Constant globals from this size on are emitted apart from the split.
constexpr uint64_t kDataModuleMinBytes = 4096;

static llvm::Error optimizeAndEmitInParallel(
    llvm::Module &module, unsigned n,
    const std::function<std::unique_ptr<llvm::TargetMachine>()> &makeMachine,
    StringRef output) {
  auto lld = llvm::sys::findProgramByName("ld.lld", {QNN_LLVM_BIN_DIR});
  auto objcopy = llvm::sys::findProgramByName("llvm-objcopy", {QNN_LLVM_BIN_DIR});
  if (!lld || !objcopy)
    return llvm::createStringError("--jobs needs ld.lld and llvm-objcopy");
  // The large constants (the packed weights) skip the split: serializing
  // them into every piece's bitcode and parsing them again cost more than
  // the rest of the split on AVX2 models. They move to a data-only module
  // that code generation emits directly (as the same bytes, alignment and
  // section); the pieces see hidden declarations, which --localize-hidden
  // makes local again after the link.
  llvm::Module data("qnn-data", module.getContext());
  data.setTargetTriple(module.getTargetTriple());
  data.setDataLayout(module.getDataLayout());
  const llvm::DataLayout &layout = module.getDataLayout();
  for (llvm::GlobalVariable &g : module.globals()) {
    if (!g.isConstant() || !g.hasInitializer() ||
        layout.getTypeAllocSize(g.getValueType()) < kDataModuleMinBytes)
      continue;
    auto *copy = new llvm::GlobalVariable(
        data, g.getValueType(), /*isConstant=*/true,
        llvm::GlobalValue::ExternalLinkage, g.getInitializer(), g.getName());
    copy->setAlignment(g.getAlign());
    copy->setVisibility(llvm::GlobalValue::HiddenVisibility);
    copy->setUnnamedAddr(g.getUnnamedAddr());
    g.setInitializer(nullptr);
    g.setLinkage(llvm::GlobalValue::ExternalLinkage);
    g.setVisibility(llvm::GlobalValue::HiddenVisibility);
  }
  std::vector<SmallVector<char, 0>> bitcode;
  llvm::SplitModule(
      module, n,
      [&](std::unique_ptr<llvm::Module> part) {
        bitcode.emplace_back();
        llvm::raw_svector_ostream os(bitcode.back());
        llvm::WriteBitcodeToFile(*part, os);
      },
      /*PreserveLocals=*/false, /*RoundRobin=*/true);
  std::vector<SmallVector<char, 0>> objects(bitcode.size());
  objects.reserve(bitcode.size() + 1); // the data object: no reallocation
  std::vector<std::string> errors(bitcode.size());
  std::vector<std::thread> threads;
  for (size_t k = 0; k < bitcode.size(); ++k)
    threads.emplace_back([&, k] {
      llvm::LLVMContext context;
      auto part = llvm::parseBitcodeFile(
          llvm::MemoryBufferRef(StringRef(bitcode[k].data(), bitcode[k].size()),
                                "part"),
          context);
      if (!part) {
        errors[k] = toString(part.takeError());
        return;
      }
      std::unique_ptr<llvm::TargetMachine> tm = makeMachine();
      if (llvm::Error err = optimizeModule(**part, tm.get())) {
        errors[k] = toString(std::move(err));
        return;
      }
      llvm::raw_svector_ostream os(objects[k]);
      llvm::legacy::PassManager codegen;
      if (tm->addPassesToEmitFile(codegen, os, nullptr,
                                  llvm::CodeGenFileType::ObjectFile)) {
        errors[k] = "the target cannot emit objects";
        return;
      }
      codegen.run(**part);
    });
  std::string dataError;
  if (!data.global_empty()) {
    objects.emplace_back();
    llvm::raw_svector_ostream os(objects.back());
    std::unique_ptr<llvm::TargetMachine> tm = makeMachine();
    llvm::legacy::PassManager codegen;
    if (tm->addPassesToEmitFile(codegen, os, nullptr,
                                llvm::CodeGenFileType::ObjectFile))
      dataError = "the target cannot emit objects";
    else
      codegen.run(data);
  }
  for (std::thread &t : threads)
    t.join();
  if (!dataError.empty())
    return llvm::createStringError(dataError);
  for (const std::string &e : errors)
    if (!e.empty())
      return llvm::createStringError(e);
  SmallVector<std::string> paths;
  llvm::scope_exit cleanup([&] {
    for (const std::string &p : paths)
      llvm::sys::fs::remove(p);
  });
  for (SmallVector<char, 0> &object : objects) {
    SmallString<128> path;
    int fd;
    if (std::error_code ec =
            llvm::sys::fs::createTemporaryFile("qnn-part", "o", fd, path))
      return llvm::createStringError("cannot create a temporary file: " +
                                     ec.message());
    paths.push_back(path.str().str());
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os.write(object.data(), object.size());
  }
  SmallString<128> joined;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("qnn-joined", "o", joined))
    return llvm::createStringError("cannot create a temporary file: " +
                                   ec.message());
  paths.push_back(joined.str().str());
  SmallVector<StringRef> linkArgs = {*lld, "-r", "-o", joined};
  for (size_t k = 0; k + 1 < paths.size(); ++k)
    linkArgs.push_back(paths[k]);
  std::string msg;
  if (llvm::sys::ExecuteAndWait(*lld, linkArgs, std::nullopt, {}, 0, 0, &msg))
    return llvm::createStringError("ld.lld -r failed: " + msg);
  SmallVector<StringRef> localizeArgs = {*objcopy, "--localize-hidden", joined};
  if (llvm::sys::ExecuteAndWait(*objcopy, localizeArgs, std::nullopt, {}, 0, 0,
                                &msg))
    return llvm::createStringError("llvm-objcopy --localize-hidden failed: " +
                                   msg);
  auto buffer = llvm::MemoryBuffer::getFile(joined);
  if (!buffer)
    return llvm::createStringError("cannot read " + joined.str());
  return writeFile(output, [&](llvm::raw_pwrite_stream &os) -> llvm::Error {
    os << (*buffer)->getBuffer();
    return llvm::Error::success();
  });
}

static bool isCIdentifier(StringRef s) {
  return !s.empty() && (llvm::isAlpha(s[0]) || s[0] == '_') &&
         llvm::all_of(s, [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // LLVM's and MLIR's own options stay accepted but are not listed.
  threadsOption();
  cl::HideUnrelatedOptions(toolOptions);
  cl::ParseCommandLineOptions(argc, argv, "qnn-compile: AOT compile qnn IR\n");
  int64_t threads = threadsOption();
  // Triple, CPU and features from the target table (qnn/Target/Target.h).
  llvm::Expected<MachineSpec> spec = resolveMachine(target);
  if (!spec)
    return fail(toString(spec.takeError()));

  DefaultTimingManager timingManager;
  timingManager.setEnabled(timing);
  TimingScope rootTimer = timingManager.getRootScope();
  TimingScope phase = rootTimer.nest("parse (and check resource blobs)");
  ModelLoader loader;
  std::string error;
  OwningOpRef<ModuleOp> module = loader.load(inputFile, error);
  phase.stop();
  if (!module)
    return error.empty() ? 1 : fail(error);
  func::FuncOp func = findEntryFunction(*module, function);
  if (!func)
    return 1;
  if (!func.getOps<ObserveOp>().empty() ||
      func->walk([](ObserveOp) { return WalkResult::interrupt(); })
          .wasInterrupted()) {
    func.emitError("the model still has observers: run qnn-convert (or "
                   "qnn-calibrate for statistics) first");
    return 1;
  }
  SmallVector<TensorSpec> inputs, results;
  for (auto [k, t] : llvm::enumerate(func.getArgumentTypes())) {
    auto s = getTensorSpec(func, t, "input #" + Twine(k));
    if (failed(s))
      return 1;
    inputs.push_back(*s);
  }
  for (auto [k, t] : llvm::enumerate(func.getResultTypes())) {
    auto s = getTensorSpec(func, t, "result #" + Twine(k));
    if (failed(s))
      return 1;
    results.push_back(*s);
  }
  std::string name = exportName.empty() ? func.getSymName().str() : exportName;
  if (!isCIdentifier(name))
    return fail("--name '" + name + "' is not a C identifier");
  if (name != func.getSymName()) {
    // Every exported symbol derives from the entry function's name.
    if (SymbolTable::lookupSymbolIn(*module, name))
      return fail("--name '" + name +
                  "': the module already has a symbol "
                  "of that name");
    auto newName = StringAttr::get(module->getContext(), name);
    if (failed(SymbolTable::replaceAllSymbolUses(func, newName, *module)))
      return fail("cannot rename @" + func.getSymName() + " to " + name);
    func.setSymName(name);
  }
  if (threads < 1)
    return fail("--threads must be at least 1");
  Workspace workspace{compiledBatch(inputs), 0};
  workspace.threads = threads;
  workspace.dynamic =
      dynamicBatch || (*module)->hasAttr("qnn.dynamic_batch") ||
      func->hasAttr("qnn.dynamic_batch");
  if (workspace.dynamic) {
    // Compiled at batch 1, run image by image: every input and result must
    // have a leading (batch) dimension of 1.
    for (auto [k, s] : llvm::enumerate(llvm::concat<const TensorSpec>(inputs,
                                                                      results))) {
      bool input = k < inputs.size();
      size_t index = input ? k : k - inputs.size();
      if (s.shape.empty() || s.shape.front() != 1) {
        func.emitError() << "--dynamic-batch needs a model imported at batch "
                            "1, but "
                         << (input ? "input #" : "result #") << index
                         << " has shape ["
                         << llvm::join(llvm::map_range(s.shape,
                                                       [](int64_t d) {
                                                         return std::to_string(
                                                             d);
                                                       }),
                                       ", ")
                         << "] (the leading dimension must be the batch, 1)";
        return 1;
      }
    }
  }
  if (optimizeSize)
    (*module)->setAttr("qnn.optimize_size", UnitAttr::get(func.getContext()));
  func->setAttr("llvm.emit_c_interface", UnitAttr::get(func.getContext()));
  // Only the entry point is exported.
  for (auto f : module->getOps<func::FuncOp>())
    if (f != func && !f.isExternal())
      f.setPrivate();

  PassManager pm(module->getContext());
  buildLowerToLLVMPipeline(pm, target, winograd, maxArenaBytes, "both",
                           threads, kernelRemarks);
  phase = rootTimer.nest("MLIR pipeline (qnn -> LLVM dialect)");
  pm.enableTiming(phase);
  // The input was verified when parsed; the lowered module is verified once
  // at the end instead of after each of the pipeline's ~40 passes (about 5%
  // of the compile on inception_v3), unless --verify-each.
  pm.enableVerifier(verifyEach);
  if (failed(pm.run(*module)))
    return 1;
  if (!verifyEach) {
    phase = rootTimer.nest("verification of the lowered module");
    if (failed(verify(*module)))
      return 1;
  }
  phase.stop();
  // The workspace function the planner split off (none without temporaries:
  // then the entry itself is reentrant), and its arena size.
  std::string workspaceEntry = name;
  int64_t arenaBytes = 0;
  if (auto entry = module->lookupSymbol<LLVM::LLVMFuncOp>(name))
    if (auto ref =
            entry->getAttrOfType<FlatSymbolRefAttr>("qnn.workspace_entry")) {
      workspaceEntry = ref.getValue().str();
      if (auto attr =
              (*module)->getAttrOfType<IntegerAttr>("qnn.scratch_bytes"))
        arenaBytes = attr.getInt();
    }
  workspace.bytes = std::max(arenaBytes, kWorkspaceMinBytes);

  llvm::InitializeAllTargetInfos();
  llvm::InitializeAllTargets();
  llvm::InitializeAllTargetMCs();
  llvm::InitializeAllAsmPrinters();
  llvm::Triple triple(spec->triple);
  std::string lookupError;
  const llvm::Target *llvmTarget =
      llvm::TargetRegistry::lookupTarget(triple, lookupError);
  if (!llvmTarget)
    return fail("target " + spec->triple + ": " + lookupError);
  llvm::TargetOptions options;
  std::unique_ptr<llvm::TargetMachine> tm(llvmTarget->createTargetMachine(
      triple, spec->cpu, spec->features, options, llvm::Reloc::PIC_,
      std::nullopt, codegenLevel()));
  if (!tm)
    return fail("cannot create a target machine for " + spec->triple);

  phase = rootTimer.nest("translation to LLVM IR");
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(*module, llvmContext, name);
  if (!llvmModule)
    return fail("translation to LLVM IR failed");
  llvmModule->setTargetTriple(triple);
  llvmModule->setDataLayout(tm->createDataLayout());
  for (std::string fn :
       {"qnn_" + name + "_run", "qnn_" + name + "_workspace_size"})
    if (llvmModule->getNamedValue(fn))
      return fail("the module already defines " + fn);
  llvm::Function *callee = llvmModule->getFunction(workspaceEntry);
  if (!callee)
    return fail("the lowered module has no function " + workspaceEntry);
  emitWorkspaceSize(*llvmModule, name, workspace);
  if (llvm::Error e = emitRun(*llvmModule, name, callee, arenaBytes, inputs,
                              results, workspace))
    return fail(toString(std::move(e)));
  // Only the entry points are exported: objects compiled with different
  // --name link into one program.
  std::set<std::string> exports = {name, "_mlir_ciface_" + name,
                                   "qnn_" + name + "_run",
                                   "qnn_" + name + "_workspace_size"};
  for (llvm::GlobalValue &g : llvmModule->global_values())
    if (!g.isDeclaration() && !g.hasLocalLinkage() &&
        !exports.count(g.getName().str()))
      g.setLinkage(llvm::GlobalValue::InternalLinkage);
  // By default, threads only pay off for a module that qnn-split-functions
  // cut into pieces (two or more large functions); an explicit --jobs=N
  // always splits.
  unsigned compileThreads =
      jobs ? jobs : std::max(1u, std::thread::hardware_concurrency());
  size_t large = llvm::count_if(*llvmModule, [](const llvm::Function &f) {
    return f.getInstructionCount() > 2000;
  });
  if (emit == Emit::Object && compileThreads > 1 && (jobs > 1 || large >= 2)) {
    phase = rootTimer.nest("LLVM optimization (O" +
                           std::to_string(llvmOptLevel) +
                           ") and code generation, " +
                           std::to_string(compileThreads) + " threads");
    auto makeMachine = [&] {
      return std::unique_ptr<llvm::TargetMachine>(
          llvmTarget->createTargetMachine(triple, spec->cpu, spec->features,
                                          options, llvm::Reloc::PIC_,
                                          std::nullopt,
                                          codegenLevel()));
    };
    if (llvm::Error e = optimizeAndEmitInParallel(*llvmModule, compileThreads,
                                                  makeMachine, outputFile))
      return fail(toString(std::move(e)));
  } else {
    phase = rootTimer.nest("LLVM optimization (O" +
                           std::to_string(llvmOptLevel) + ")");
    if (llvm::Error err = optimizeModule(*llvmModule, tm.get()))
      return fail(llvm::toString(std::move(err)));
    phase = rootTimer.nest(emit == Emit::LLVMIR ? "printing LLVM IR"
                                                : "LLVM code generation");
    if (llvm::Error e = writeFile(
            outputFile, [&](llvm::raw_pwrite_stream &os) -> llvm::Error {
              if (emit == Emit::LLVMIR) {
                llvmModule->print(os, nullptr);
                return llvm::Error::success();
              }
              llvm::legacy::PassManager codegen;
              if (tm->addPassesToEmitFile(
                      codegen, os, nullptr,
                      emit == Emit::Object
                          ? llvm::CodeGenFileType::ObjectFile
                          : llvm::CodeGenFileType::AssemblyFile))
                return llvm::createStringError(
                    "the target cannot emit this file type");
              codegen.run(*llvmModule);
              return llvm::Error::success();
            }))
      return fail(toString(std::move(e)));
  }
  phase.stop();
  auto writeText = [](std::string text) {
    return [text](llvm::raw_pwrite_stream &os) -> llvm::Error {
      os << text;
      return llvm::Error::success();
    };
  };
  if (!headerFile.empty()) {
    int64_t scratch = 0;
    if (auto attr = (*module)->getAttrOfType<IntegerAttr>("qnn.scratch_bytes"))
      scratch = attr.getInt();
    if (llvm::Error e = writeFile(
            headerFile,
            writeText(makeHeader(name, inputs, results, scratch, workspace))))
      return fail(toString(std::move(e)));
  }
  if (!signatureFile.empty())
    if (llvm::Error e = writeFile(
            signatureFile,
            writeText(makeSignature(name, inputs, results, workspace))))
      return fail(toString(std::move(e)));
  if (!sharedFile.empty()) {
    if (emit != Emit::Object)
      return fail("--shared needs --emit=obj");
    auto clang = llvm::sys::findProgramByName("clang", {QNN_LLVM_BIN_DIR});
    if (!clang)
      return fail("clang not found to link " + sharedFile);
    std::string targetFlag = "--target=" + spec->triple;
    SmallVector<StringRef> args = {
        *clang, targetFlag.c_str(), "-shared",  "-fuse-ld=lld",
        "-o",   sharedFile,         outputFile, "-lm"};
    // OpenMP objects: LLVM's libomp, found at run time where it was linked.
    std::string libDir = "-L" QNN_LLVM_LIB_DIR,
                rpath = "-Wl,-rpath," QNN_LLVM_LIB_DIR;
    if (threads > 1)
      args.append({libDir, rpath, "-lomp"});
    std::string msg;
    if (llvm::sys::ExecuteAndWait(*clang, args, std::nullopt, {}, 0, 0, &msg) !=
        0)
      return fail("linking " + sharedFile + " failed " + msg);
  }
  return 0;
}
