//===- MaterializeIntrinsics.cpp - qnn.intrinsic calls to LLVM --*- C++ -*-===//

#include "qnn/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "llvm/ADT/StringMap.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_MATERIALIZEINTRINSICS
#include "qnn/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;

namespace {
struct MaterializeIntrinsicsPass
    : public qnn::impl::MaterializeIntrinsicsBase<MaterializeIntrinsicsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::StringMap<StringAttr> intrinsics;
    SmallVector<func::FuncOp> declarations;
    for (auto f : module.getOps<func::FuncOp>())
      if (auto name = f->getAttrOfType<StringAttr>(qnn::kIntrinsicAttrName)) {
        intrinsics[f.getSymName()] = name;
        declarations.push_back(f);
      }
    if (intrinsics.empty())
      return;
    SmallVector<func::CallOp> calls;
    module.walk([&](func::CallOp call) {
      if (intrinsics.count(call.getCallee()))
        calls.push_back(call);
    });
    for (func::CallOp call : calls) {
      OpBuilder b(call);
      auto intrinsic = LLVM::CallIntrinsicOp::create(
          b, call.getLoc(), call.getResultTypes(),
          intrinsics[call.getCallee()], call.getOperands(),
          LLVM::FastmathFlagsAttr::get(b.getContext(), {}));
      call->replaceAllUsesWith(intrinsic.getOperation());
      call.erase();
    }
    for (func::FuncOp f : declarations)
      f.erase();
  }
};
} // namespace
