//===- Pipelines.cpp - qnn to LLVM: reference and compiled ------*- C++ -*-===//
//
// The one place the lowering pipelines are built: qnn-opt registers them,
// the JIT (ModelRunner) runs the reference one, qnn-compile the compiled one.
//
//===----------------------------------------------------------------------===//

#include "qnn/Pipelines/Pipelines.h"
#include "qnn/Conversion/Passes.h"
#include "qnn/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/Passes.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/ArmNeon/ArmNeonDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Target/LLVMIR/Dialect/ArmNeon/ArmNeonToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"

using namespace mlir;

void mlir::qnn::buildReferenceLoweringPipeline(OpPassManager &pm,
                                                const PipelineHook &atMemRef) {
  buildLowerToLLVMPipeline(pm, "reference", /*winograd=*/true,
                           kDefaultMaxArenaBytes, "global", /*threads=*/1,
                           /*kernelRemarks=*/false, atMemRef);
}

/// The canonicalizations before scf-to-cf: every region is one block then
/// (structured control flow), so the driver's region simplification (dead
/// block arguments, unreachable blocks, region-wide liveness) finds nothing
/// and is skipped; on a network it walked every op of every kernel after
/// each round.
static std::unique_ptr<Pass> createStructuredCanonicalizerPass() {
  GreedyRewriteConfig config;
  config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
  return createCanonicalizerPass(config);
}

/// bufferization::buildBufferDeallocationPipeline, with its
/// canonicalizations as createStructuredCanonicalizerPass.
static void buildDeallocationPipeline(OpPassManager &pm) {
  memref::ExpandReallocPassOptions expandRealloc;
  expandRealloc.emitDeallocs = false;
  pm.addPass(memref::createExpandReallocPass(expandRealloc));
  pm.addPass(createStructuredCanonicalizerPass());
  pm.addPass(bufferization::createOwnershipBasedBufferDeallocationPass());
  pm.addPass(createStructuredCanonicalizerPass());
  pm.addPass(bufferization::createBufferDeallocationSimplificationPass());
  pm.addPass(bufferization::createLowerDeallocationsPass());
  pm.addPass(createCSEPass());
  pm.addPass(createStructuredCanonicalizerPass());
}

void mlir::qnn::buildLowerToLLVMPipeline(OpPassManager &pm, StringRef target,
                                         bool winograd, int64_t maxArenaBytes,
                                         StringRef arena, int64_t threads,
                                         bool kernelRemarks,
                                         const PipelineHook &atMemRef) {
  bool compiled = target != "reference" && target != "none";
  if (compiled) {
    ConvertQNNToKernelsOptions kernels;
    kernels.target = target.str();
    kernels.winograd = winograd;
    kernels.kernelRemarks = kernelRemarks;
    pm.addPass(createConvertQNNToKernels(kernels));
  } else {
    pm.addPass(createConvertQNNToLinalg());
  }
  pm.addPass(createStructuredCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createFuseElementwise());
  pm.addPass(createStructuredCanonicalizerPass());
  // Padded copies: the producer of a pad's source writes into the padded
  // buffer (see qnn-fuse-elementwise).
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  // Results become caller-allocated out-parameters (after the inputs), the
  // calling convention qnn-run and qnn-calibrate use.
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.modifyPublicFunctions = true;
  outParams.hoistStaticAllocs = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  buildDeallocationPipeline(pm);
  pm.addPass(createConvertBufferizationToMemRefPass());
  if (atMemRef)
    atMemRef(pm);
  pm.addPass(createMaterializeIntrinsics());
  // Compiled models get a static scratch arena; the JIT tools keep malloc.
  if (compiled) {
    pm.addPass(createCopyElision());
    PlanScratchOptions scratch;
    scratch.maxBytes = maxArenaBytes;
    scratch.arena = arena.str();
    pm.addPass(createPlanScratch(scratch));
  }
  pm.addPass(createMemRefCopyToLinalg());
  bool openmp = compiled && threads > 1;
  // With threads, the parallel loops of the linalg ops are tagged for
  // qnn-parallelize like the kernels' (the serial lowering is unchanged).
  if (openmp)
    pm.addPass(createTagLinalgLoops());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  // Convs of one shape class share one copy of their kernel (LLVM compiles
  // each class once); then one function per piece of about 2000 ops instead
  // of one for the whole network: LLVM's time stays linear, and qnn-compile
  // spreads the pieces over cores.
  if (compiled) {
    pm.addPass(createShareKernels());
    pm.addPass(createSplitFunctions());
  }
  // From here on the passes that work inside one function are nested on
  // func.func: MLIR runs them on its thread pool over the
  // split pieces and the shared kernels. Passes that add declarations to the
  // module (math-to-libm, memref-to-llvm's malloc, func-to-llvm) stay
  // module passes.
  pm.addNestedPass<func::FuncOp>(createLowerAffinePass());
  if (openmp) {
    ParallelizeOptions parallelize;
    parallelize.threads = threads;
    pm.addPass(createParallelize(parallelize));
    pm.addPass(createConvertSCFToOpenMPPass());
    // scf-to-openmp wraps each loop body in a memref.alloca_scope, which
    // must stay one block: inlined (the kernel bodies allocate nothing)
    // before scf-to-cf splits the bodies.
    pm.addPass(createInlineAllocaScopes());
  }
  pm.addNestedPass<func::FuncOp>(createSCFToControlFlowPass());
  pm.addNestedPass<func::FuncOp>(memref::createExpandStridedMetadataPass());
  pm.addNestedPass<func::FuncOp>(createLowerAffinePass());
  // Math ops with an LLVM intrinsic (roundeven, fma, ...) stay intrinsics,
  // also on vectors (the micro-kernel epilogues); the rest become libm calls,
  // unrolled on vectors into vector.extract/insert, lowered just after.
  pm.addNestedPass<func::FuncOp>(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.armNeon = true;
  vectorToLLVM.x86Vector = true;
  pm.addNestedPass<func::FuncOp>(createConvertVectorToLLVMPass(vectorToLLVM));
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addNestedPass<func::FuncOp>(createConvertMathToLLVMPass());
  pm.addNestedPass<func::FuncOp>(createArithToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  if (openmp)
    pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void mlir::qnn::registerReferenceLoweringDialects(DialectRegistry &registry) {
  registry.insert<affine::AffineDialect, arith::ArithDialect,
                  arm_neon::ArmNeonDialect, vector::VectorDialect,
                  bufferization::BufferizationDialect, cf::ControlFlowDialect,
                  func::FuncDialect, linalg::LinalgDialect,
                  LLVM::LLVMDialect, math::MathDialect, memref::MemRefDialect,
                  scf::SCFDialect, tensor::TensorDialect>();
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(
      registry);
  linalg::registerBufferizableOpInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerArmNeonDialectTranslation(registry);
  // Models compiled with threads > 1 (qnn-parallelize).
  registry.insert<omp::OpenMPDialect>();
  registerOpenMPDialectTranslation(registry);
}

void mlir::qnn::registerQNNLoweringPassesAndPipelines() {
  registerQNNConversionPasses();
  registerQNNLinalgTransformsPasses();
  PassPipelineRegistration<>(
      "qnn-reference-lowering",
      "qnn-to-linalg, bufferization and lowering to the LLVM dialect (the "
      "reference path qnn-run JITs); `qnn-opt --qnn-reference-lowering | "
      "mlir-runner` runs a model",
      [](OpPassManager &pm) { buildReferenceLoweringPipeline(pm); });
  PassPipelineRegistration<LowerToLLVMOptions>(
      "qnn-lower-to-llvm",
      "qnn to the LLVM dialect for a target: quantized conv/linear through "
      "that ISA's micro-kernels (qnn-to-kernels), everything else through "
      "qnn-to-linalg; "
      "bit-identical to the reference lowering",
      [](OpPassManager &pm, const LowerToLLVMOptions &options) {
        buildLowerToLLVMPipeline(pm, options.target, options.winograd,
                                 options.maxArenaBytes, options.arena,
                                 options.threads, options.kernelRemarks);
      });
}
