//===- ShareKernels.cpp - one function per class of equivalent loop nests -===//
//
// Every conv of a network has its kernel expanded in place, although many
// convs have the same shape, ISA and tiling (inception_v3: 95 convs in 44
// shape classes) and differ only in their weights, biases and requantization
// constants. This pass finds the top-level loop nests of a function body
// that are structurally identical up to such data, moves one copy of each
// class into a private noinline function and calls it from every member, so
// that the rest of the pipeline and LLVM's optimizer and code generator
// process each class once. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "qnn/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_SHAREKERNELS
#include "qnn/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;

namespace {

/// Whether the constant type of `v` may be a parameter: a float or integer
/// (not index, not i1) scalar or vector.
bool parameterType(Value v) {
  Type element = getElementTypeOrSelf(v.getType());
  return !element.isIndex() && !element.isInteger(1) && element.isIntOrFloat();
}

/// Uses that LLVM compiles the same for any constant operand value: a zero
/// point subtracted or added, a scale multiplied. Clamp bounds, shift
/// amounts, comparisons, indices and masks stay part of the class: they
/// decide instruction selection (saturating packs, immediates).
bool parameterUse(Operation *user) {
  return isa<arith::AddIOp, arith::SubIOp, arith::MulIOp, arith::AddFOp,
             arith::SubFOp, arith::MulFOp>(user);
}

/// One top-level loop nest, the values it uses from outside in the order of
/// their first use (pre-order walk), and which of those are parameters:
/// constants that may differ between the members of a class (parameterType,
/// and every use in the nest a parameterUse).
struct Nest {
  Operation *op;
  SmallVector<Value> liveIns;
  DenseMap<Value, unsigned> liveIndex;
  SmallVector<bool> parameter;
  llvm::hash_code hash = 0;
};

int64_t weight(Operation *op) {
  int64_t n = 0;
  op->walk([&](Operation *) { ++n; });
  return n;
}

/// The nest of `op`, with a hash of its structure: the ops (with their
/// attributes and result types, not their locations), which values they use
/// (numbered in walk order), and the live-ins' types and, for constants that
/// are not parameters, their values.
Nest analyze(Operation *op) {
  Nest nest;
  nest.op = op;
  DenseMap<Value, unsigned> local;
  auto number = [&](Value v) { local.try_emplace(v, local.size()); };
  llvm::hash_code hash = llvm::hash_value(op->getNumRegions());
  op->walk<WalkOrder::PreOrder>([&](Operation *inner) {
    for (Region &r : inner->getRegions())
      for (Block &block : r)
        for (BlockArgument arg : block.getArguments())
          number(arg);
    auto hashOperand = [&](Value v) -> llvm::hash_code {
      auto it = local.find(v);
      if (it != local.end())
        return llvm::hash_combine(0, it->second);
      auto [at, inserted] = nest.liveIndex.try_emplace(v, nest.liveIns.size());
      if (inserted) {
        nest.liveIns.push_back(v);
        nest.parameter.push_back(v.getDefiningOp<arith::ConstantOp>() &&
                                 parameterType(v));
      }
      if (!parameterUse(inner))
        nest.parameter[at->second] = false;
      return llvm::hash_combine(1, at->second);
    };
    hash = llvm::hash_combine(
        hash, OperationEquivalence::computeHash(
                  inner, hashOperand, OperationEquivalence::ignoreHashValue,
                  OperationEquivalence::IgnoreLocations));
    for (Value r : inner->getResults())
      number(r);
  });
  for (auto [v, parameter] : llvm::zip_equal(nest.liveIns, nest.parameter)) {
    hash = llvm::hash_combine(hash, v.getType().getAsOpaquePointer(),
                              parameter);
    if (auto cst = v.getDefiningOp<arith::ConstantOp>(); cst && !parameter)
      hash = llvm::hash_combine(hash, cst.getValue());
  }
  nest.hash = hash;
  return nest;
}

/// Whether `b` computes what `a` computes given its own live-ins: the same
/// ops, attributes and types, live-ins used in the same places, and the
/// same values for the constants that are not parameters.
bool equivalent(const Nest &a, const Nest &b) {
  if (a.liveIns.size() != b.liveIns.size() || a.parameter != b.parameter)
    return false;
  for (auto [x, y, parameter] :
       llvm::zip_equal(a.liveIns, b.liveIns, a.parameter)) {
    if (x.getType() != y.getType())
      return false;
    auto cx = x.getDefiningOp<arith::ConstantOp>();
    auto cy = y.getDefiningOp<arith::ConstantOp>();
    if (bool(cx) != bool(cy) ||
        (cx && !parameter && cx.getValue() != cy.getValue()))
      return false;
  }
  DenseMap<Value, Value> map;
  auto check = [&](Value x, Value y) -> LogicalResult {
    if (auto it = map.find(x); it != map.end())
      return success(it->second == y);
    auto ix = a.liveIndex.find(x), iy = b.liveIndex.find(y);
    return success(ix != a.liveIndex.end() && iy != b.liveIndex.end() &&
                   ix->second == iy->second);
  };
  auto mark = [&](Value x, Value y) { map[x] = y; };
  return OperationEquivalence::isEquivalentTo(
      a.op, b.op, check, mark, OperationEquivalence::IgnoreLocations);
}

struct ShareKernels : public qnn::impl::ShareKernelsBase<ShareKernels> {
  using Base::Base;

  void runOnOperation() override {
    if (minOps <= 0)
      return;
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    // Classes in the order of their first member.
    SmallVector<SmallVector<Nest>> classes;
    DenseMap<size_t, SmallVector<unsigned>> byHash;
    for (auto func : llvm::to_vector(module.getOps<func::FuncOp>())) {
      if (func.isExternal())
        continue;
      for (Operation &op : func.getBody().front()) {
        if (op.getNumRegions() == 0 ||
            op.hasTrait<OpTrait::IsIsolatedFromAbove>() || weight(&op) < minOps)
          continue;
        Nest nest = analyze(&op);
        ++numNests;
        SmallVector<unsigned> &candidates = byHash[static_cast<size_t>(nest.hash)];
        auto same = llvm::find_if(candidates, [&](unsigned c) {
          return equivalent(classes[c].front(), nest);
        });
        if (same != candidates.end()) {
          classes[*same].push_back(std::move(nest));
          continue;
        }
        candidates.push_back(classes.size());
        classes.emplace_back().push_back(std::move(nest));
      }
    }
    for (ArrayRef<Nest> members : classes)
      if (members.size() > 1) {
        share(members, symbols);
        ++numFunctions;
        numShared += members.size();
      }
  }

  /// Moves the first member into a new function and replaces every member
  /// by a call of it.
  void share(ArrayRef<Nest> members, SymbolTable &symbols) {
    const Nest &first = members.front();
    // Live-ins that become arguments: everything but the constants whose
    // value every member shares.
    SmallVector<unsigned> arguments;
    for (unsigned i = 0; i < first.liveIns.size(); ++i) {
      auto cst = first.liveIns[i].getDefiningOp<arith::ConstantOp>();
      if (cst && llvm::all_of(members, [&](const Nest &m) {
            return m.liveIns[i].getDefiningOp<arith::ConstantOp>().getValue() ==
                   cst.getValue();
          }))
        continue;
      arguments.push_back(i);
    }
    MLIRContext *ctx = first.op->getContext();
    auto func = first.op->getParentOfType<func::FuncOp>();
    OpBuilder b(ctx);
    b.setInsertionPoint(func);
    SmallVector<Type> argTypes = llvm::map_to_vector(
        arguments, [&](unsigned i) { return first.liveIns[i].getType(); });
    auto type = FunctionType::get(ctx, argTypes, first.op->getResultTypes());
    auto callee = func::FuncOp::create(b, first.op->getLoc(), "__qnn_kernel",
                                       type);
    callee.setPrivate();
    // `no_inline` itself does not survive func-to-llvm; passthrough does.
    callee->setAttr("passthrough",
                    ArrayAttr::get(ctx, {StringAttr::get(ctx, "noinline")}));
    symbols.insert(callee);
    Block *entry = callee.addEntryBlock();
    b.setInsertionPointToStart(entry);
    IRMapping map;
    for (auto [arg, i] : llvm::zip_equal(entry->getArguments(), arguments))
      map.map(first.liveIns[i], arg);
    for (Value v : first.liveIns)
      if (!map.contains(v))
        map.map(v, b.clone(*v.getDefiningOp())->getResult(0));
    Operation *body = b.clone(*first.op, map);
    func::ReturnOp::create(b, first.op->getLoc(), body->getResults());

    for (const Nest &m : members) {
      b.setInsertionPoint(m.op);
      SmallVector<Value> operands = llvm::map_to_vector(
          arguments, [&](unsigned i) { return m.liveIns[i]; });
      auto call = func::CallOp::create(b, m.op->getLoc(), callee, operands);
      m.op->replaceAllUsesWith(call.getResults());
      m.op->erase();
    }
  }
};

} // namespace
