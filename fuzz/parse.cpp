//===- parse.cpp - fuzz target: parse, verify and print qnn IR --*- C++ -*-===//
//
// Parses the input as a module with the qnn input dialects (qnn, quant,
// func, arith, tensor), which runs every verifier, then prints the module in
// its custom and generic forms and parses each back: a module that verified
// must round-trip.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  qnn_fuzz::FuzzContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      qnn_fuzz::parseInput(context.get(), data, size);
  if (!module)
    return 0;
  qnn_fuzz::checkRoundTrip(*module, /*generic=*/false);
  qnn_fuzz::checkRoundTrip(*module, /*generic=*/true);
  return 0;
}
