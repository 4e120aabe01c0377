//===- qnn-compile.cpp - ahead-of-time compilation --------------*- C++ -*-===//
//
//   qnn-compile model.mlir --target=<t> -o model.o [--header model.h]
//               [--shared model.so] [--function f]
//
// Lowers the entry function with the reference pipeline, translates it to
// LLVM IR in-process and emits an object for the target's triple, CPU and
// features through an LLVM TargetMachine. The header declares the MLIR C
// interface and a plain C wrapper over raw buffers. Weights are constants
// in .rodata; buffers are malloc'ed and freed inside the call (the only
// dependency besides libm).
//
//===----------------------------------------------------------------------===//

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "qnn/Conversion/Passes.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Runtime/ModelRunner.h"
#include "qnn/Support/ToolIO.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <set>

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
           cl::desc("generic, x86-64-avx2, x86-64-avx512vnni, aarch64-neon, "
                    "aarch64-neon-dotprod or native"),
           cl::init("native"));
static cl::opt<bool> winograd(
    "winograd", cl::cat(toolOptions),
    cl::desc("Run 3x3 stride-1 convs of the 16-bit kernels as exact integer "
             "Winograd F(2x2, 3x3) (default on)"),
    cl::init(true));
static cl::opt<int64_t> maxArenaBytes(
    "max-arena-bytes", cl::cat(toolOptions),
    cl::desc("Refuse models whose static scratch arena exceeds this many "
             "bytes (default 4 GiB; 0: no limit)"),
    cl::init(kDefaultMaxArenaBytes));
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

static int fail(const llvm::Twine &message) {
  llvm::errs() << "qnn-compile: error: " << message << "\n";
  return 1;
}

namespace {
struct TargetSpec {
  std::string triple, cpu, features;
};
} // namespace

static std::optional<TargetSpec> resolveTarget(llvm::StringRef name) {
  // Capped by QNN_MAX_CPU_ISA: exactly the named target the cap selects.
  if (name == "native" && isNativeTargetCapped()) {
    llvm::Expected<std::string> native = detectNativeTarget();
    if (!native) {
      llvm::errs() << "qnn-compile: error: " << toString(native.takeError())
                   << "\n";
      return std::nullopt;
    }
    return resolveTarget(*native);
  }
  if (name == "native") {
    std::string features;
    for (auto &f : llvm::sys::getHostCPUFeatures())
      features += (f.second ? "+" : "-") + f.first().str() + ",";
    return TargetSpec{llvm::sys::getDefaultTargetTriple(),
                      llvm::sys::getHostCPUName().str(), features};
  }
  if (name == "generic")
    return TargetSpec{llvm::sys::getDefaultTargetTriple(), "generic", ""};
  if (name == "x86-64-avx2")
    return TargetSpec{"x86_64-unknown-linux-gnu", "x86-64-v3", ""};
  if (name == "x86-64-avx512vnni")
    return TargetSpec{"x86_64-unknown-linux-gnu", "x86-64-v4", "+avx512vnni"};
  if (name == "aarch64-neon")
    return TargetSpec{"aarch64-unknown-linux-gnu", "generic", "+neon"};
  if (name == "aarch64-neon-dotprod")
    return TargetSpec{"aarch64-unknown-linux-gnu", "generic", "+neon,+dotprod"};
  return std::nullopt;
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

static std::string dims(const TensorSpec &spec) {
  std::string s;
  for (int64_t d : spec.shape)
    s += "[" + std::to_string(d) + "]";
  return s;
}

/// The C header: descriptor types, the MLIR C interface, and a wrapper
/// taking raw buffers (inputs, then outputs), with shapes and qparams.
static std::string makeHeader(StringRef name, ArrayRef<TensorSpec> inputs,
                              ArrayRef<TensorSpec> results,
                              int64_t scratchBytes) {
  std::string h;
  llvm::raw_string_ostream os(h);
  std::string guard = "QNN_MODEL_" + name.upper() + "_H";
  os << "/* Generated by qnn-compile. */\n#ifndef " << guard << "\n#define "
     << guard
     << "\n\n#include <stdint.h>\n\n#ifdef __cplusplus\nextern \"C\" "
        "{\n#endif\n\n";
  std::set<size_t> ranks;
  for (const TensorSpec &s : llvm::concat<const TensorSpec>(inputs, results))
    ranks.insert(s.shape.size());
  for (size_t r : ranks) {
    os << "typedef struct { void *allocated; void *aligned; int64_t offset;";
    if (r)
      os << " int64_t sizes[" << r << "]; int64_t strides[" << r << "];";
    os << " } qnn_memref" << r << "d;\n";
  }
  os << "\n/* Temporaries live in a static arena of this many bytes (.bss):\n"
     << " * no heap allocation per call, and calls must not overlap. */\n"
     << "#define QNN_" << name.upper() << "_SCRATCH_BYTES " << scratchBytes
     << "\n";
  os << "\n/* MLIR C interface: inputs, then caller-allocated outputs. */\n";
  os << "void _mlir_ciface_" << name << "(";
  size_t i = 0;
  for (const TensorSpec &s : llvm::concat<const TensorSpec>(inputs, results))
    os << (i++ ? ", " : "") << "qnn_memref" << s.shape.size() << "d *";
  os << ");\n\n";
  auto describe = [&](const char *kind, size_t k, const TensorSpec &s) {
    os << " *   " << kind << k << ": " << cType(s) << dims(s);
    if (s.quant)
      os << llvm::format(" quantized, scale %.17g, zero_point %lld",
                         s.quant.getScale(), (long long)s.quant.getZeroPoint());
    os << "\n";
  };
  os << "/* qnn_" << name << ": C-ordered buffers.\n";
  for (auto [k, s] : llvm::enumerate(inputs))
    describe("in", k, s);
  for (auto [k, s] : llvm::enumerate(results))
    describe("out", k, s);
  os << " */\nstatic inline void qnn_" << name << "(";
  i = 0;
  for (auto [k, s] : llvm::enumerate(inputs))
    os << (i++ ? ", " : "") << "const " << cType(s) << " *in" << k;
  for (auto [k, s] : llvm::enumerate(results))
    os << (i++ ? ", " : "") << cType(s) << " *out" << k;
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
     << ", but checks every descriptor first: a non-null\n"
        " * `aligned`, the compiled sizes, offset 0 and dense row-major "
        "strides\n * (any stride for a dimension of size 1). Returns 0 after "
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
                                 ArrayRef<TensorSpec> results) {
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
  os << "}\n";
  return j;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // LLVM's and MLIR's own options stay accepted but are not listed.
  cl::HideUnrelatedOptions(toolOptions);
  cl::ParseCommandLineOptions(argc, argv, "qnn-compile: AOT compile qnn IR\n");
  std::optional<TargetSpec> spec = resolveTarget(target);
  if (!spec && target == "native")
    return 1;
  if (!spec)
    return fail("unknown target '" + target +
                "' (expected generic, x86-64-avx2, x86-64-avx512vnni, "
                "aarch64-neon, aarch64-neon-dotprod or native)");

  ModelLoader loader;
  std::string error;
  OwningOpRef<ModuleOp> module = loader.load(inputFile, error);
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
  std::string name = func.getSymName().str();
  func->setAttr("llvm.emit_c_interface", UnitAttr::get(func.getContext()));
  // Only the entry point is exported.
  for (auto f : module->getOps<func::FuncOp>())
    if (f != func && !f.isExternal())
      f.setPrivate();

  PassManager pm(module->getContext());
  buildLowerToLLVMPipeline(pm, target, winograd, maxArenaBytes);
  if (failed(pm.run(*module)))
    return 1;

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
      std::nullopt, llvm::CodeGenOptLevel::Aggressive));
  if (!tm)
    return fail("cannot create a target machine for " + spec->triple);

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(*module, llvmContext, name);
  if (!llvmModule)
    return fail("translation to LLVM IR failed");
  llvmModule->setTargetTriple(triple);
  llvmModule->setDataLayout(tm->createDataLayout());
  auto optimize = makeOptimizingTransformer(3, 0, tm.get());
  if (llvm::Error err = optimize(llvmModule.get()))
    return fail(llvm::toString(std::move(err)));

  if (llvm::Error e = writeFile(
          outputFile, [&](llvm::raw_pwrite_stream &os) -> llvm::Error {
            if (emit == Emit::LLVMIR) {
              llvmModule->print(os, nullptr);
              return llvm::Error::success();
            }
            llvm::legacy::PassManager codegen;
            if (tm->addPassesToEmitFile(
                    codegen, os, nullptr,
                    emit == Emit::Object ? llvm::CodeGenFileType::ObjectFile
                                         : llvm::CodeGenFileType::AssemblyFile))
              return llvm::createStringError("the target cannot emit this file "
                                             "type");
            codegen.run(*llvmModule);
            return llvm::Error::success();
          }))
    return fail(toString(std::move(e)));
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
            headerFile, writeText(makeHeader(name, inputs, results, scratch))))
      return fail(toString(std::move(e)));
  }
  if (!signatureFile.empty())
    if (llvm::Error e = writeFile(
            signatureFile, writeText(makeSignature(name, inputs, results))))
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
    std::string msg;
    if (llvm::sys::ExecuteAndWait(*clang, args, std::nullopt, {}, 0, 0, &msg) !=
        0)
      return fail("linking " + sharedFile + " failed " + msg);
  }
  return 0;
}
