//===- SplitFunctions.cpp - cut large bodies into noinline functions ------===//
//
// A compiled network is one function with every layer's kernel expanded in
// its body; LLVM's optimizer and code generator take superlinear time on it
// and cannot use more than one core. This pass cuts the entry block of each
// large function into consecutive pieces and moves every piece into a
// private noinline function called in its place. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "qnn/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_SPLITFUNCTIONS
#include "qnn/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;

namespace {

/// Ops cloned into a piece instead of computed before it and passed: pure
/// ops without regions whose operands are function arguments or such ops
/// (constants, `memref.get_global`, and the views of a scratch arena, which
/// keep LLVM knowing that distinct views of one `noalias` arena are
/// disjoint).
bool isRematerializable(Operation *op) {
  if (!op || op->getNumRegions() != 0 || !isMemoryEffectFree(op) ||
      op->hasTrait<OpTrait::IsTerminator>())
    return false;
  return llvm::all_of(op->getOperands(), [](Value v) {
    return isa<BlockArgument>(v) || isRematerializable(v.getDefiningOp());
  });
}

/// Ops that stay in the caller and end a piece: allocas (they must outlive
/// the piece) and the terminator. Rematerializable ops stay in the caller
/// too, without ending the piece: each piece clones the ones it uses.
bool endsPiece(Operation *op) {
  return isa<memref::AllocaOp>(op) || op->hasTrait<OpTrait::IsTerminator>();
}

int64_t weight(Operation *op) {
  int64_t n = 0;
  op->walk([&](Operation *) { ++n; });
  return n;
}

struct SplitFunctions
    : public qnn::impl::SplitFunctionsBase<SplitFunctions> {
  using Base::Base;

  void runOnOperation() override {
    if (maxOps <= 0)
      return;
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    for (auto func : llvm::to_vector(module.getOps<func::FuncOp>())) {
      if (func.isExternal() || !func.getBody().hasOneBlock())
        continue;
      int64_t size = 0;
      for (Operation &op : func.getBody().front())
        size += weight(&op);
      if (size <= maxOps)
        continue;
      split(func, symbols);
    }
  }

  /// Cuts `func`'s block into pieces of about maxOps nested ops.
  void split(func::FuncOp func, SymbolTable &symbols) {
    Block &body = func.getBody().front();
    SmallVector<SmallVector<Operation *>> pieces(1);
    int64_t size = 0;
    for (Operation &op : body) {
      if (isRematerializable(&op))
        continue;
      if (endsPiece(&op)) {
        if (!pieces.back().empty())
          pieces.emplace_back();
        size = 0;
        continue;
      }
      pieces.back().push_back(&op);
      size += weight(&op);
      if (size >= maxOps) {
        pieces.emplace_back();
        size = 0;
      }
    }
    int index = 0;
    for (ArrayRef<Operation *> piece : pieces)
      if (!piece.empty())
        outline(func, piece, index++, symbols);
  }

  void outline(func::FuncOp func, ArrayRef<Operation *> piece, int index,
               SymbolTable &symbols) {
    llvm::SmallPtrSet<Operation *, 32> inPiece(piece.begin(), piece.end());
    // Values used inside the piece and defined before it.
    llvm::SetVector<Value> used;
    for (Operation *op : piece) {
      for (Value v : op->getOperands())
        used.insert(v);
      for (Region &r : op->getRegions())
        getUsedValuesDefinedAbove(r, used);
    }
    SmallVector<Value> inputs;
    llvm::SetVector<Operation *> cloned;
    std::function<void(Value)> require = [&](Value v) {
      Operation *def = v.getDefiningOp();
      if (def && inPiece.contains(def))
        return;
      if (!isRematerializable(def)) {
        if (!llvm::is_contained(inputs, v))
          inputs.push_back(v);
        return;
      }
      if (cloned.contains(def))
        return;
      for (Value operand : def->getOperands())
        require(operand);
      cloned.insert(def);
    };
    for (Value v : used)
      require(v);
    // Values defined in the piece and used after it.
    SmallVector<Value> outputs;
    for (Operation *op : piece)
      for (Value r : op->getResults())
        if (llvm::any_of(r.getUsers(), [&](Operation *user) {
              return !inPiece.contains(
                  func.getBody().front().findAncestorOpInBlock(*user));
            }))
          outputs.push_back(r);

    MLIRContext *ctx = func.getContext();
    OpBuilder b(ctx);
    b.setInsertionPoint(func);
    auto type = FunctionType::get(ctx, ValueRange(inputs).getTypes(),
                                  ValueRange(outputs).getTypes());
    auto callee = func::FuncOp::create(
        b, piece.front()->getLoc(),
        ("__qnn_" + func.getSymName() + "_part" + Twine(index)).str(), type);
    callee.setPrivate();
    // `no_inline` itself does not survive func-to-llvm; passthrough does.
    callee->setAttr("passthrough",
                    ArrayAttr::get(ctx, {StringAttr::get(ctx, "noinline")}));
    symbols.insert(callee);
    Block *entry = callee.addEntryBlock();
    IRMapping map;
    for (auto [v, arg] : llvm::zip_equal(inputs, entry->getArguments()))
      map.map(v, arg);
    b.setInsertionPointToStart(entry);
    // Operands before users: `require` inserted them in that order.
    for (Operation *op : cloned)
      b.clone(*op, map);
    // Function arguments keep their attributes (the arena's llvm.noalias).
    for (auto [k, v] : llvm::enumerate(inputs))
      if (auto arg = dyn_cast<BlockArgument>(v))
        if (arg.getOwner()->getParentOp() == func)
          callee.setArgAttrs(k, func.getArgAttrDict(arg.getArgNumber()));
    for (Operation *op : piece)
      b.clone(*op, map);
    SmallVector<Value> results = llvm::map_to_vector(
        outputs, [&](Value v) { return map.lookup(v); });
    func::ReturnOp::create(b, piece.back()->getLoc(), results);

    b.setInsertionPoint(piece.front());
    auto call = func::CallOp::create(b, piece.front()->getLoc(), callee,
                                     inputs);
    for (auto [v, r] : llvm::zip_equal(outputs, call.getResults()))
      v.replaceAllUsesWith(r);
    for (Operation *op : llvm::reverse(piece))
      op->erase();
  }
};

} // namespace
