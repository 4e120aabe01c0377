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
// non-reentrant (documented in docs/UserGuide.md).
//
//===----------------------------------------------------------------------===//

#include "qnn/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#include "llvm/Support/MathExtras.h"

#include <limits>

namespace mlir::qnn {
#define GEN_PASS_DEF_PLANSCRATCH
#include "qnn/Conversion/Passes.h.inc"
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
  void runOnOperation() override {
    ModuleOp module = getOperation();
    int64_t total = 0;
    SmallVector<func::FuncOp> funcs(module.getOps<func::FuncOp>());
    for (func::FuncOp func : funcs) {
      if (func.isExternal())
        continue;
      Block &entry = func.getBody().front();
      DenseMap<Operation *, int64_t> position;
      int64_t i = 0;
      for (Operation &op : entry)
        position[&op] = i++;
      SmallVector<Buffer> buffers;
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
            type.getNumElements(),
            type.getElementType().getIntOrFloatBitWidth());
        bits =
            std::min<uint64_t>(bits, std::numeric_limits<int64_t>::max() / 2);
        auto range = useRange(alloc, entry, position);
        buffers.push_back({alloc, dealloc,
                           range ? range->first : position[alloc],
                           range ? range->second : position[dealloc],
                           alignUp((bits + 7) / 8)});
      }
      if (buffers.empty())
        continue;
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
        return signalPassFailure();
      }
      // The arena and the views.
      OpBuilder builder(module.getBodyRegion());
      builder.setInsertionPointToStart(module.getBody());
      SymbolTable symbols(module);
      std::string name = ("__qnn_scratch_" + func.getSymName()).str();
      auto arenaType = MemRefType::get({peak}, builder.getI8Type());
      auto global = memref::GlobalOp::create(
          builder, func.getLoc(), name, builder.getStringAttr("private"),
          arenaType, builder.getUnitAttr(), /*constant=*/false,
          builder.getI64IntegerAttr(kAlignment));
      symbols.insert(global);
      builder.setInsertionPointToStart(&entry);
      Value arena = memref::GetGlobalOp::create(builder, func.getLoc(),
                                                arenaType, global.getSymName());
      for (Buffer &b : buffers) {
        OpBuilder at(b.alloc);
        Value offset =
            arith::ConstantIndexOp::create(at, b.alloc.getLoc(), b.offset);
        Value view =
            memref::ViewOp::create(at, b.alloc.getLoc(), b.alloc.getType(),
                                   arena, offset, ValueRange{});
        b.alloc.replaceAllUsesWith(view);
        b.dealloc.erase();
        b.alloc.erase();
      }
      total += peak;
    }
    module->setAttr(
        "qnn.scratch_bytes",
        IntegerAttr::get(IntegerType::get(&getContext(), 64), total));
  }
};

} // namespace
