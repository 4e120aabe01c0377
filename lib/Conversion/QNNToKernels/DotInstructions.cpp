//===- DotInstructions.cpp - ISA kernels and dots ---------------*- C++ -*-===//

#include "Gemm.h"

#include "mlir/Dialect/ArmNeon/ArmNeonDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::kernels;

namespace mlir::qnn::kernels {

/// A call to the LLVM intrinsic `name`. Bufferization's deallocation
/// analysis rejects llvm.call_intrinsic (it has no memory-effect interface),
/// so the kernels call a private declaration tagged `qnn.intrinsic`, which
/// qnn-materialize-intrinsics turns into llvm.call_intrinsic after
/// bufferization.
Value callIntrinsic(OpBuilder &b, Location loc, ModuleOp module,
                    StringRef name, Type result, ValueRange args) {
  std::string symbol = "__qnn_intrinsic_" + name.str();
  for (char &c : symbol)
    if (c == '.')
      c = '_';
  if (!module.lookupSymbol(symbol)) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    auto decl = func::FuncOp::create(
        b, loc, symbol, b.getFunctionType(args.getTypes(), {result}));
    decl.setPrivate();
    decl->setAttr(kIntrinsicAttrName, b.getStringAttr(name));
  }
  return func::CallOp::create(b, loc, symbol, TypeRange{result}, args)
      .getResult(0);
}

/// acc + a . b for one accumulator vector.
Value emitDot(OpBuilder &b, Location loc, ModuleOp module,
              const MicroKernel &k, Value acc, Value a, Value w) {
  auto accType = llvm::cast<VectorType>(acc.getType());
  auto intrinsic = [&](StringRef name, ValueRange args) {
    return callIntrinsic(b, loc, module, name, accType, args);
  };
  switch (k.dot) {
  case Dot::ArithWide: {
    Value a32 = arith::ExtSIOp::create(b, loc, accType, a);
    Value w32 = arith::ExtSIOp::create(b, loc, accType, w);
    return arith::AddIOp::create(b, loc, acc,
                                 arith::MulIOp::create(b, loc, a32, w32));
  }
  case Dot::Pmaddwd256:
    return arith::AddIOp::create(
        b, loc, acc, intrinsic("llvm.x86.avx2.pmadd.wd", {a, w}));
  case Dot::Vpdpwssd512:
    return intrinsic("llvm.x86.avx512.vpdpwssd.512", {acc, a, w});
  case Dot::Vpdpbusd512:
    return intrinsic("llvm.x86.avx512.vpdpbusd.512", {acc, a, w});
  case Dot::NeonSmull:
    return arith::AddIOp::create(
        b, loc, acc, arm_neon::SMullOp::create(b, loc, accType, a, w));
  case Dot::NeonSdot:
    // The broadcast activation second: a lane splat there selects sdot's
    // by-element form (`sdot v.4s, v.16b, v.4b[i]`).
    return arm_neon::SdotOp::create(b, loc, accType, acc, w, a);
  case Dot::AccumulatingIntrinsic:
    return intrinsic(k.intrinsic, {acc, a, w});
  }
  llvm_unreachable("unknown dot");
}

} // namespace mlir::qnn::kernels
