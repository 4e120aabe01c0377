//===- ScratchPlanning.cpp - static scratch arena for compiled models ----===//
//
// Compiled models should not call malloc per inference: fresh pages fault in
// on every call, which costs more than many of the kernels. After
// bufferization and deallocation, every statically shaped memref.alloc in a
// function's entry block whose memref.dealloc is in the same block has a
// known lifetime: from its first to its last use (see useRange), else the
// op range between alloc and dealloc. The planner packs these
// buffers into one arena with a greedy best-offset assignment (largest
// first, 64-byte aligned, reusing the space of buffers whose lifetimes do not
// overlap), rewrites each alloc as a memref.view into the arena and erases
// the deallocs. The arena is a private uninitialized global (.bss); its size
// is the `qnn.scratch_bytes` attribute of the module, which qnn-compile
// prints into the C header. A static arena makes the entry point
// non-reentrant (documented in docs/UserGuide.md); `arena=argument` takes the
// arena as a leading argument instead, and `arena=both` (what qnn-compile
// uses) keeps the static entry as a wrapper around a workspace function
// taking it, which qnn-compile exports as the reentrant `qnn_<f>_run`.
//
//===----------------------------------------------------------------------===//

#include "qnn/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#include "llvm/Support/MathExtras.h"

#include <limits>

namespace mlir::qnn {
#define GEN_PASS_DEF_PLANSCRATCH
#include "qnn/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;

namespace {

struct Buffer {
  memref::AllocOp alloc;
  memref::DeallocOp dealloc;
  int64_t begin, end, size, offset = -1;
};

constexpr int64_t kAlignment = 64;

int64_t alignUp(int64_t v) {
  return (v + kAlignment - 1) / kAlignment * kAlignment;
}

/// The positions of the first and last ops of `entry` that use `alloc`'s
/// buffer, directly, inside their regions or through views of it; nullopt
/// when a user derives a memref that is not a view or forwards the buffer
/// out of a region (its aliasing is unknown). Ownership-based deallocation puts
/// every dealloc at the end of the block, so the uses, not the dealloc, bound
/// the lifetime: the buffer is undefined before its first use and dead after
/// its last.
std::optional<std::pair<int64_t, int64_t>>
useRange(memref::AllocOp alloc, Block &entry,
         const DenseMap<Operation *, int64_t> &position) {
  int64_t first = std::numeric_limits<int64_t>::max(), last = -1;
  SmallVector<Value> worklist = {alloc.getResult()};
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    for (Operation *user : v.getUsers()) {
      if (isa<memref::DeallocOp>(user))
        continue;
      // Forwarded out of a region (scf.yield, ...): aliased by the parent's
      // results.
      if (user->hasTrait<OpTrait::IsTerminator>())
        return std::nullopt;
      Operation *top = entry.findAncestorOpInBlock(*user);
      if (!top)
        return std::nullopt;
      int64_t at = position.lookup(top);
      first = std::min(first, at);
      last = std::max(last, at);
      bool view = isa<ViewLikeOpInterface>(user);
      for (Value r : user->getResults()) {
        if (!isa<BaseMemRefType>(r.getType()))
          continue;
        if (!view)
          return std::nullopt;
        worklist.push_back(r);
      }
    }
  }
  if (last < 0)
    return std::make_pair(position.lookup(alloc), position.lookup(alloc));
  return std::make_pair(first, last);
}

struct PlanScratchPass : public qnn::impl::PlanScratchBase<PlanScratchPass> {
  using Base::Base;

  /// The buffers of `func` with their offsets, and the arena size; nullopt
  /// when there is nothing to plan, failure over `maxBytes`.
  FailureOr<std::optional<int64_t>> plan(func::FuncOp func,
                                         SmallVectorImpl<Buffer> &buffers) {
    Block &entry = func.getBody().front();
    DenseMap<Operation *, int64_t> position;
    int64_t i = 0;
    for (Operation &op : entry)
      position[&op] = i++;
    for (Operation &op : entry) {
      auto alloc = llvm::dyn_cast<memref::AllocOp>(op);
      if (!alloc)
        continue;
      MemRefType type = alloc.getType();
      if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
          !type.getElementType().isIntOrFloat() || type.getMemorySpace())
        continue;
      memref::DeallocOp dealloc;
      bool escapes = false;
      for (Operation *user : alloc->getUsers()) {
        if (auto d = llvm::dyn_cast<memref::DeallocOp>(user)) {
          if (d->getBlock() == &entry && !dealloc)
            dealloc = d;
          else
            escapes = true;
        }
      }
      if (!dealloc || escapes)
        continue;
      // Saturating: a shape whose size overflows int64 is over any limit.
      int64_t bits = llvm::SaturatingMultiply<uint64_t>(
          type.getNumElements(), type.getElementType().getIntOrFloatBitWidth());
      bits = std::min<uint64_t>(bits, std::numeric_limits<int64_t>::max() / 2);
      auto range = useRange(alloc, entry, position);
      buffers.push_back({alloc, dealloc, range ? range->first : position[alloc],
                         range ? range->second : position[dealloc],
                         alignUp((bits + 7) / 8)});
    }
    if (buffers.empty())
      return std::optional<int64_t>();
    // Largest first; each takes the lowest offset that does not collide
    // with a placed buffer whose lifetime overlaps.
    SmallVector<Buffer *> order;
    for (Buffer &b : buffers)
      order.push_back(&b);
    llvm::stable_sort(order,
                      [](Buffer *a, Buffer *b) { return a->size > b->size; });
    SmallVector<Buffer *> placed;
    int64_t peak = 0;
    for (Buffer *b : order) {
      SmallVector<std::pair<int64_t, int64_t>> busy;
      for (Buffer *p : placed)
        if (p->begin <= b->end && b->begin <= p->end)
          busy.push_back({p->offset, p->offset + p->size});
      llvm::sort(busy);
      int64_t offset = 0;
      for (auto [lo, hi] : busy) {
        if (offset + b->size <= lo)
          break;
        offset = std::max(offset, hi);
      }
      b->offset = offset;
      peak = std::max(peak, offset + b->size);
      placed.push_back(b);
      if (maxBytes > 0 && peak > maxBytes)
        break;
    }
    if (maxBytes > 0 && peak > maxBytes) {
      memref::AllocOp largest = order.front()->alloc;
      largest.emitError()
          << "the compiled model needs a scratch arena of at least " << peak
          << " bytes, more than the limit of " << maxBytes.getValue()
          << " (qnn-compile --max-arena-bytes); its largest temporary, "
          << order.front()->size << " bytes of " << largest.getType()
          << ", is allocated here";
      return failure();
    }
    return std::optional<int64_t>(peak);
  }

  /// Rewrites each planned alloc as a view into `arena` at its offset.
  static void rewrite(ArrayRef<Buffer> buffers, Value arena) {
    for (const Buffer &b : buffers) {
      memref::AllocOp alloc = b.alloc;
      OpBuilder at(alloc);
      Value offset =
          arith::ConstantIndexOp::create(at, alloc.getLoc(), b.offset);
      Value view = memref::ViewOp::create(at, alloc.getLoc(), alloc.getType(),
                                          arena, offset, ValueRange{});
      alloc.replaceAllUsesWith(view);
      memref::DeallocOp(b.dealloc).erase();
      alloc.erase();
    }
  }

  /// The private uninitialized global `__qnn_scratch_<f>` of `arenaType`.
  static memref::GlobalOp createGlobal(ModuleOp module, SymbolTable &symbols,
                                       func::FuncOp func,
                                       MemRefType arenaType) {
    OpBuilder builder(module.getBodyRegion());
    builder.setInsertionPointToStart(module.getBody());
    std::string name = ("__qnn_scratch_" + func.getSymName()).str();
    auto global = memref::GlobalOp::create(
        builder, func.getLoc(), name, builder.getStringAttr("private"),
        arenaType, builder.getUnitAttr(), /*constant=*/false,
        builder.getI64IntegerAttr(kAlignment));
    symbols.insert(global);
    return global;
  }

  /// The attributes of an arena argument: no other argument aliases it.
  static DictionaryAttr arenaArgAttrs(Builder &b) {
    return b.getDictionaryAttr(
        {b.getNamedAttr(LLVM::LLVMDialect::getNoAliasAttrName(),
                        b.getUnitAttr()),
         b.getNamedAttr("qnn.arena", b.getUnitAttr())});
  }

  /// arena=both: moves `func`'s body into a private
  /// `__qnn_<f>_workspace(%arena, args...)`; `func` calls it with the global.
  static func::FuncOp splitWorkspace(ModuleOp module, SymbolTable &symbols,
                                     func::FuncOp func, MemRefType arenaType,
                                     memref::GlobalOp global) {
    // After `func`: the static entry's label still comes first in the
    // assembly, followed by the code it runs.
    OpBuilder builder(func.getContext());
    builder.setInsertionPointAfter(func);
    Location loc = func.getLoc();
    FunctionType type = func.getFunctionType();
    SmallVector<Type> inputs = {arenaType};
    llvm::append_range(inputs, type.getInputs());
    auto inner = func::FuncOp::create(
        builder, loc, ("__qnn_" + func.getSymName() + "_workspace").str(),
        builder.getFunctionType(inputs, type.getResults()));
    inner.setPrivate();
    symbols.insert(inner);
    SmallVector<DictionaryAttr> argAttrs = {arenaArgAttrs(builder)};
    for (unsigned i = 0; i < type.getNumInputs(); ++i)
      argAttrs.push_back(func.getArgAttrDict(i));
    inner.setAllArgAttrs(argAttrs);
    if (ArrayAttr results = func.getAllResultAttrs())
      inner.setAllResultAttrs(results);
    inner.getBody().takeBody(func.getBody());
    inner.getBody().front().insertArgument(0u, arenaType, loc);
    // The original entry: same signature, the static arena.
    Block *entry = func.addEntryBlock();
    builder.setInsertionPointToStart(entry);
    Value arena = memref::GetGlobalOp::create(builder, loc, arenaType,
                                              global.getSymName());
    SmallVector<Value> args = {arena};
    llvm::append_range(args, entry->getArguments());
    auto call = func::CallOp::create(builder, loc, inner, args);
    func::ReturnOp::create(builder, loc, call.getResults());
    func->setAttr("qnn.workspace_entry",
                  FlatSymbolRefAttr::get(inner.getSymNameAttr()));
    return inner;
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (arena != "global" && arena != "argument" && arena != "both") {
      module.emitError() << "qnn-plan-scratch: unknown arena '" << arena
                         << "' (expected global, argument or both)";
      return signalPassFailure();
    }
    bool global = arena == "global";
    int64_t total = 0;
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> funcs(module.getOps<func::FuncOp>());
    for (func::FuncOp func : funcs) {
      if (func.isExternal())
        continue;
      // A runtime arena reaches only public functions (their callers pass
      // it); a private callee keeps malloc, which is reentrant.
      if (!global && func.isPrivate())
        continue;
      SmallVector<Buffer> buffers;
      FailureOr<std::optional<int64_t>> peak = plan(func, buffers);
      if (failed(peak))
        return signalPassFailure();
      if (!*peak)
        continue;
      Builder b(&getContext());
      auto arenaType = MemRefType::get({**peak}, b.getI8Type());
      Value arenaValue;
      if (arena == "argument") {
        if (failed(func.insertArgument(0, arenaType, arenaArgAttrs(b),
                                       func.getLoc())))
          return signalPassFailure();
        arenaValue = func.getArgument(0);
      } else {
        memref::GlobalOp g = createGlobal(module, symbols, func, arenaType);
        if (arena == "both")
          arenaValue = splitWorkspace(module, symbols, func, arenaType, g)
                           .getArgument(0);
        else {
          OpBuilder at(&getContext());
          at.setInsertionPointToStart(&func.getBody().front());
          arenaValue = memref::GetGlobalOp::create(at, func.getLoc(), arenaType,
                                                   g.getSymName());
        }
      }
      rewrite(buffers, arenaValue);
      total += **peak;
    }
    module->setAttr(
        "qnn.scratch_bytes",
        IntegerAttr::get(IntegerType::get(&getContext(), 64), total));
  }
};

} // namespace
