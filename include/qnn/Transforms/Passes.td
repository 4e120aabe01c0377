//===- Passes.td - qnn linalg/memref transforms ------------*- tablegen -*-===//
//
// Passes on the lowered program (linalg, tensor, memref), shared by the
// reference and the compiled pipelines. One pass per file in lib/Transforms.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_TRANSFORMS_PASSES_TD
#define QNN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def MemRefCopyToLinalg : Pass<"qnn-memref-copy-to-linalg", "ModuleOp"> {
  let summary = "Rewrite memref.copy as linalg.copy";
  let description = [{
    Bufferization expresses copies as `memref.copy`, whose LLVM lowering
    calls `memrefCopy` from MLIR's C runner utilities for strided operands.
    Rewriting them as `linalg.copy` lets them lower to loops, so compiled
    models depend on nothing beyond libc.

    ```mlir
    memref.copy %a, %b : memref<4xf32, strided<[2]>> to memref<4xf32>
    // becomes
    linalg.copy ins(%a : memref<4xf32, strided<[2]>>) outs(%b : memref<4xf32>)
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def MaterializeIntrinsics : Pass<"qnn-materialize-intrinsics", "ModuleOp"> {
  let summary = "Turn calls to qnn.intrinsic declarations into "
                "llvm.call_intrinsic";
  let description = [{
    The micro-kernels of `qnn-to-kernels` call ISA
    instructions (vpmaddwd, vpdpbusd) through private declarations tagged
    with `qnn.intrinsic`, because bufferization's deallocation analysis
    rejects `llvm.call_intrinsic`, an op without memory-effect information.
    After bufferization this pass replaces each call with the intrinsic and
    erases the declarations.

    ```mlir
    func.func private @__qnn_intrinsic_llvm_x86_avx2_pmadd_wd(vector<16xi16>, vector<16xi16>) -> vector<8xi32>
        attributes {qnn.intrinsic = "llvm.x86.avx2.pmadd.wd"}
    %d = func.call @__qnn_intrinsic_llvm_x86_avx2_pmadd_wd(%a, %b) : ...
    // becomes
    %d = llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"(%a, %b) : ...
    ```
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def FuseElementwise : Pass<"qnn-fuse-elementwise", "func::FuncOp"> {
  let summary = "Fuse elementwise linalg ops and layout changes on tensors";
  let description = [{
    Runs on the output of `--qnn-to-linalg`, before bufferization.
    `linalg.transpose` ops (the NCHW <-> channels-last changes around the
    micro-kernels) become `linalg.generic` copies, and each copy is folded
    into every all-parallel user that takes it as an input (the user reads
    the copy's source through the composed permutation). An elementwise op
    whose inputs all arrive through one permutation and whose users can all
    read through one is recomputed in its inputs' layout, with the transpose
    moved after it. A `tensor.concat` whose operands all come from such
    single-use ops (or transposes) with one permutation is concatenated in
    the inputs' layout along the permuted dim, with one transpose after it:
    `qnn.cat` of channels-last kernel outputs (each requantized to the cat's
    qparams) stays channels-last. A permutation of the parts of one dim
    (a static `tensor.reshape` splitting it, a transpose among the parts, a
    reshape merging them: shufflenet's channel shuffle) of a transpose is
    done before the transpose, on its source (`tensor.expand_shape`, a
    copy, `tensor.collapse_shape`); slices of a transpose whose users are
    all slices (the shuffle's chunks) slice its source instead. So the
    channel shuffle and its chunks stay channels-last. A
    `linalg.pooling_nhwc_sum` with a 1x1 output (a mean over the image)
    becomes a generic with the channel loop innermost, which vectorizes. An elementwise producer with a single use is fused into
    an all-parallel consumer that reads it through a permutation (so nothing
    is computed twice). A conv's transpose back to
    NCHW, a quantized add or ReLU, and the next conv's conversion to
    channels-last thereby become one loop nest reading channels-last data
    directly, instead of three passes over memory with two scalar
    transposes. `tensor.pad` becomes a `linalg.fill` of the padding value
    and a `tensor.insert_slice` of the source, so that after
    `eliminate-empty-tensors` the op producing the source (the micro-kernels'
    conversion to channels-last) writes straight into the padded buffer
    instead of being copied there. The scalar computations are unchanged (no
    reassociation), so results stay bit-identical. The rewrites only visit
    the ops of the function body outside loop nests, and the bodies of
    linalg and tensor ops: the micro-kernels' loops, lowered already, are
    left as they are (rounds repeat until one changes nothing, at most 10).

    ```mlir
    %t = linalg.transpose ins(%nhwc : tensor<1x4x4x8xi8>)
             outs(%e : tensor<1x8x4x4xi8>) permutation = [0, 3, 1, 2]
    %u = linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (n, c, h, w)>, ...]}
             ins(%t : tensor<1x8x4x4xi8>) ...
    // becomes one generic reading %nhwc with an identity map.
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def CopyElision : Pass<"qnn-copy-elision", "ModuleOp"> {
  let summary = "Write a buffer in place of the subview it is finally copied into";
  let description = [{
    Runs after bufferization. A `memref.copy` from a buffer (or a reshape of
    it) into a static unit-stride subview of another buffer, typically a
    conv's output moved into the interior of the next op's zero-point-padded
    canvas, is removed: every load and store of the source is redirected
    into the subview, its indices re-linearized from the shape it used to
    the subview's shape (unsigned `arith` division; a common innermost
    dimension is kept, so vector accesses stay contiguous), and linalg ops on
    the source take the subview.
    The copy, the source buffer and its reshapes are erased.

    The rewrite applies only when it cannot change a result: both buffers are
    static identity-layout allocs of the function's entry block; every use of
    the source is the copy, a dealloc, an indexed memref/vector access or a
    linalg op on a view of the subview's shape; all writes of the source come
    before the copy; before the copy the destination buffer is used only
    through subviews disjoint from the target (its border fills); and if the
    source is read after the copy, nothing writes the destination after it.

    ```mlir
    %out = memref.alloc() : memref<4x8xi8>
    vector.store %v, %out[%r, %c0] : memref<4x8xi8>, vector<8xi8>
    %e = memref.expand_shape %out [[0, 1], [2]] output_shape [2, 2, 8] ...
    %canvas = memref.alloc() : memref<4x4x8xi8>
    %in = memref.subview %canvas[1, 1, 0] [2, 2, 8] [1, 1, 1] ...
    memref.copy %e, %in
    // becomes
    %canvas = memref.alloc() : memref<4x4x8xi8>
    %in = memref.subview %canvas[1, 1, 0] [2, 2, 8] [1, 1, 1] ...
    %j = arith.remui %r, %c2 : index
    %i = arith.divui %r, %c2 : index
    vector.store %v, %in[%i, %j, %c0] ...
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

def ShareKernels : Pass<"qnn-share-kernels", "ModuleOp"> {
  let summary = "Move equivalent loop nests into one shared noinline function";
  let description = [{
    Every conv's kernel is expanded in place, although convs of one shape
    class (the same GEMM, Winograd or depthwise geometry, ISA and tiling)
    differ only in their data: weights, biases and requantization
    constants. This pass compares the top-level operations with regions
    (the kernels' loop nests, and the loops of the linalg ops) of every
    function's entry block that have at least `min-ops` nested operations.
    Two nests are of one class when they are the same operations with the
    same attributes and types, using the values defined outside them in the
    same places, and the constants among those have the same values, except
    parameter constants: float or integer (not index, not i1) constants
    whose every use in the nest is an `arith.addi/subi/muli/addf/subf/mulf`
    (zero points, scales). Clamp bounds, shifts, comparisons, indices and
    masks stay part of the class, as they decide instruction selection.

    Each class with two or more members becomes one private function
    `@__qnn_kernel<i>` marked noinline (`passthrough = ["noinline"]`): its
    arguments are the values the nests use from outside (buffers, such as
    each conv's packed weights and per-channel constants, and the parameter
    constants whose values differ between members), the other constants are
    cloned into it, and its results are the nest's. Every member is replaced
    by a call. Nothing is computed differently: only where the code lives
    changes, and the rest of the pipeline and LLVM compile each class once.

    ```mlir
    scf.for %i = %c0 to %c4 step %c1 {   // conv 1: weights @w1, zero point 3
      ... memref.load %w1 ... arith.addi %x, %c3_i32 ...
    }
    scf.for %i = %c0 to %c4 step %c1 {   // conv 2: weights @w2, zero point 5
      ... memref.load %w2 ... arith.addi %x, %c5_i32 ...
    }
    // becomes
    call @__qnn_kernel(%w1, %c3_i32) : (memref<4xi32>, i32) -> ()
    call @__qnn_kernel(%w2, %c5_i32) : (memref<4xi32>, i32) -> ()
    func.func private @__qnn_kernel(%w: memref<4xi32>, %zp: i32)
        attributes {passthrough = ["noinline"]} { scf.for ... }
    ```
  }];
  let options = [
    Option<"minOps", "min-ops", "int64_t", /*default=*/"64",
           "Compare only nests of at least this many nested operations "
           "(0: share nothing)">,
  ];
  let statistics = [
    Statistic<"numNests", "nests", "Loop nests compared">,
    Statistic<"numShared", "shared-nests", "Loop nests replaced by a call">,
    Statistic<"numFunctions", "functions", "Shared functions created">,
  ];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

def SplitFunctions : Pass<"qnn-split-functions", "ModuleOp"> {
  let summary = "Split large function bodies into private noinline functions";
  let description = [{
    A compiled network is one function: every layer's kernel is expanded
    into the entry point's body. LLVM then optimizes and generates code for
    one huge function, which takes time superlinear in its size and cannot
    be spread over cores. This pass cuts the entry block of every function
    with more than `max-ops` nested operations into consecutive pieces of
    about `max-ops` operations (cuts fall only between top-level operations)
    and moves each piece into a private function
    `@__qnn_<f>_part<i>` marked noinline (`passthrough = ["noinline"]`),
    called in its place. Values
    the piece uses from before it become arguments, except constants and
    `memref.get_global`s, which are cloned into it; values it defines that
    later code uses become its results. `memref.alloca`s stay in the caller
    (they must outlive the piece) and end a piece. Nothing is computed
    differently: only where the code lives changes.

    `qnn-compile` then optimizes and generates code for the pieces in
    parallel (`--jobs`).

    ```mlir
    func.func @f(%x: memref<8xf32>, %y: memref<8xf32>) {
      ... 30000 ops ...
    }
    // becomes
    func.func @f(%x: memref<8xf32>, %y: memref<8xf32>) {
      call @__qnn_f_part0(%x, %y) : (memref<8xf32>, memref<8xf32>) -> ()
      call @__qnn_f_part1(%y) : (memref<8xf32>) -> ()
      return
    }
    func.func private @__qnn_f_part0(...) attributes {passthrough = ["noinline"]} { ... }
    ```
  }];
  let options = [
    Option<"maxOps", "max-ops", "int64_t", /*default=*/"2000",
           "Split functions with more nested operations than this into "
           "pieces of about this size (0: never split)">,
  ];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

def PlanScratch : Pass<"qnn-plan-scratch", "ModuleOp"> {
  let summary = "Place a function's temporary buffers in one static arena";
  let description = [{
    Runs after bufferization and deallocation. Every statically shaped
    `memref.alloc` in a function's entry block whose `memref.dealloc` is in
    the same block is assigned an offset in a per-function arena (largest
    buffers first, 64-byte aligned; buffers with disjoint lifetimes share
    space) and becomes a `memref.view` of it; the deallocs go away. The arena
    is a private uninitialized `memref.global`, so compiled models do no heap
    allocation (and fault no fresh pages) per call. The module gets
    `qnn.scratch_bytes`, the total arena size, which `qnn-compile` writes
    into the C header. The entry point is not reentrant.

    ```mlir
    %a = memref.alloc() : memref<64x64xi8>
    ...
    memref.dealloc %a : memref<64x64xi8>
    // becomes
    %arena = memref.get_global @__qnn_scratch_f : memref<4096xi8>
    %a = memref.view %arena[%c0][] : memref<4096xi8> to memref<64x64xi8>
    ```

    An arena larger than `max-bytes` is an error located at the op that
    allocates the largest buffer (a model whose activations do not fit in
    memory is refused at compile time, not linked with a huge `.bss`).

    `arena=argument` makes the arena a runtime pointer instead: every public
    function with planned buffers takes it as a new leading argument
    `memref<Nxi8>` (marked `llvm.noalias`, `qnn.arena`), so the caller owns
    it and calls with distinct arenas may overlap (reentrant). `arena=both`
    keeps both forms: the body moves into a private
    `@__qnn_<f>_workspace(%arena, ...)`, and `@<f>` keeps its signature and
    calls it with the static global; `@<f>` names it in its
    `qnn.workspace_entry` attribute (what `qnn-compile` wraps as
    `qnn_<f>_run`). In both modes only public functions are planned (a
    private callee's buffers stay malloc'ed, which is reentrant).

    ```mlir
    // arena=argument
    func.func @f(%arena: memref<4096xi8> {llvm.noalias, qnn.arena}, ...) {
      %a = memref.view %arena[%c0][] : memref<4096xi8> to memref<64x64xi8>
    ```
  }];
  let options = [
    Option<"maxBytes", "max-bytes", "int64_t", /*default=*/"4294967296",
           "Largest arena accepted, in bytes (0: no limit)">,
    Option<"arena", "arena", "std::string", /*default=*/"\"global\"",
           "Where the arena lives: `global` (a static .bss global, the "
           "entry point is not reentrant), `argument` (a leading memref "
           "argument of each public function) or `both` (a private "
           "workspace function taking the argument, called by the "
           "original function with the global)">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

def Parallelize : Pass<"qnn-parallelize", "ModuleOp"> {
  let summary = "Turn the kernel loops worth splitting into scf.parallel";
  let description = [{
    The kernel emitters (qnn-to-kernels) tag the loops whose iterations
    write disjoint parts of the output and share no scratch with each other
    with the discardable unit attribute `qnn.parallel`: GEMM batches, panels
    and output rows (or the groups of row tiles of a row-tile conversion
    GEMM), depthwise batches, channel blocks and output rows, Winograd
    tiles; `qnn-tag-linalg-loops` tags the leading parallel loops
    of the linalg ops (pooling, elementwise, requantization, copies). This pass makes some of them `scf.parallel`, which
    `convert-scf-to-openmp` then runs on an OpenMP team (the thread count
    is the caller's: `omp_set_num_threads` or `OMP_NUM_THREADS`).

    A nest of tagged loops gets at most one level of parallel regions (no
    nested teams), planned for `threads` threads (the thread count the
    object is compiled for; the run-time count may differ, with the same
    results) by a cost model in estimated operations (operations executed,
    counting the trip counts of the loops inside; a loop with dynamic bounds
    counts an upper bound of its trips derived from them, e.g. a K block's
    `min(qBegin + len, end) - qBegin`): each tagged loop either stays
    serial, is split (its iterations dealt out in `threads` blocks, so the
    slowest thread gets ceil(trips / threads) of them, plus the cost of a
    fork and join every time the loop runs), or has the tagged loops inside
    it planned in the same way; the cheapest wins, an outer split over an
    inner one on a tie. So an outer loop whose iterations divide evenly
    among the threads (4 panels on 2 threads) is split once rather than
    the rows inside it once per panel, and an odd count of panels around
    many rows splits the rows. A fork and join costs `min-work` x
    (threads - 1) / threads operations, so a loop with many iterations is
    split when its nest does at least `min-work` operations: for tiny ops
    the fork and join would cost more than the loop.

    A GEMM's panel loop that the emitter marks `qnn.split_rows` (more output
    pixels than output channels) has one more choice, taken on a tie or
    better: its row tiles dealt out in `threads` blocks around the whole
    nest (panels, K blocks), when the loops between the panels and the
    tagged row loop do nothing else but memory-effect-free operations. Each
    thread then runs the same output rows for every panel (the rows' order
    inside a block, the panels' and K blocks' order, are the serial ones)
    and so reads mostly the input rows it wrote itself in the layer before,
    where a panel split makes every thread read every input row (half of
    them written on the other core).

    ```mlir
    scf.for %p = %c0 to %c2 step %c1 {
      scf.for %k = %c0 to %c3 step %c1 {
        scf.for %r = %c0 to %c28 step %c1 { ... } {qnn.parallel}
      }
    } {qnn.parallel, qnn.split_rows}
    // becomes (2 threads)
    scf.parallel (%t) = (%c0) to (%c2) step (%c1) {
      // %begin = %t * 14, %end = min(%begin + 14, 28)
      scf.for %p = %c0 to %c2 step %c1 {
        scf.for %k = %c0 to %c3 step %c1 {
          scf.for %r = %begin to %end step %c1 { ... } {qnn.parallel}
        }
      } {qnn.parallel, qnn.split_rows}
    }
    ```

    Only loops with
    constant bounds and no iteration arguments are rewritten; the others,
    and every untagged loop, stay as they are. Each iteration computes
    exactly what it computed serially, so results do not depend on the
    thread count.

    ```mlir
    scf.for %p = %c0 to %c32 step %c1 { ... } {qnn.parallel}
    // becomes
    scf.parallel (%p) = (%c0) to (%c32) step (%c1) { ... }
    ```
  }];
  let options = [
    Option<"minWork", "min-work", "int64_t", /*default=*/"32768",
           "Estimated operations a loop with many iterations must execute to be split (sets the fork and join cost)">,
    Option<"threads", "threads", "int64_t", /*default=*/"2",
           "Threads the partition is planned for (at least 2)">
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect"];
}

def TagLinalgLoops : Pass<"qnn-tag-linalg-loops", "ModuleOp"> {
  let summary = "Lower linalg ops to scf.for loops, tagging the parallel "
                "ones qnn.parallel";
  let description = [{
    `convert-linalg-to-loops` for models compiled with threads: the same
    loop nests (`linalg::linalgOpToLoops`), and the loops of each op's
    leading parallel dimensions that are a result of every output's
    indexing map (so that distinct iterations write disjoint elements) get
    the `qnn.parallel` tag the kernel emitters put on their loops. The ops
    lowered through qnn-to-linalg (pooling, elementwise ops and residual
    adds, requantization, copies) can then be split by `qnn-parallelize`,
    which keeps the tiny ones serial (`min-work`). A reduction dimension
    ends the tagged dimensions; ops on tensors are left alone.

    ```mlir
    linalg.generic {iterator_types = ["parallel", "parallel"]} ...
    // becomes
    scf.for %i = %c0 to %c64 step %c1 {
      scf.for %j = %c0 to %c3136 step %c1 { ... } {qnn.parallel}
    } {qnn.parallel}
    ```
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::affine::AffineDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect"];
}

def InlineAllocaScopes : Pass<"qnn-inline-alloca-scopes", "ModuleOp"> {
  let summary = "Inline the memref.alloca_scope ops that allocate nothing";
  let description = [{
    `convert-scf-to-openmp` wraps each parallel loop body in a
    `memref.alloca_scope`, whose region must stay a single block; lowering
    the structured control flow inside it (`convert-scf-to-cf`) would break
    that. The canonicalizer only inlines a scope when it can prove that
    nothing inside allocates, which the kernels' intrinsic calls (no
    declared memory effects) prevent. This pass inlines every scope whose
    region contains no `memref.alloca`, which is all of them for the
    kernel loops: it runs between the two conversions.

    ```mlir
    memref.alloca_scope {
      vector.store %v, %out[%i] : memref<64xi32>, vector<16xi32>
    }
    // becomes
    vector.store %v, %out[%i] : memref<64xi32>, vector<16xi32>
    ```
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

#endif // QNN_TRANSFORMS_PASSES_TD
