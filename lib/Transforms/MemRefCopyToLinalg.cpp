//===- MemRefCopyToLinalg.cpp - memref.copy as linalg.copy ------*- C++ -*-===//

#include "qnn/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_MEMREFCOPYTOLINALG
#include "qnn/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;

namespace {
struct MemRefCopyToLinalgPass
    : public qnn::impl::MemRefCopyToLinalgBase<MemRefCopyToLinalgPass> {
  void runOnOperation() override {
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp op) { copies.push_back(op); });
    for (memref::CopyOp copy : copies) {
      OpBuilder b(copy);
      linalg::CopyOp::create(b, copy.getLoc(), copy.getSource(),
                             copy.getTarget());
      copy.erase();
    }
  }
};
} // namespace
