//===- npy.cpp - fuzz target: the .npy reader -------------------*- C++ -*-===//
//
// readNpyBuffer (readNpy over the file's bytes) on the input. An accepted
// array must be consistent: a supported dtype, non-negative dimensions whose
// product does not overflow, and exactly numElements() * itemSize bytes.
//
//===----------------------------------------------------------------------===//

#include "qnn/Runtime/Npy.h"

#include "llvm/Support/raw_ostream.h"
#include <cstdlib>
#include <limits>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  llvm::Expected<mlir::qnn::NpyArray> array =
      mlir::qnn::readNpyBuffer(bytes, "input.npy");
  if (!array) {
    // Errors carry the name.
    std::string message = llvm::toString(array.takeError());
    if (!llvm::StringRef(message).starts_with("input.npy: "))
      std::abort();
    return 0;
  }
  unsigned itemSize = mlir::qnn::NpyArray::itemSize(array->dtype);
  if (itemSize == 0) {
    llvm::errs() << "accepted unsupported dtype " << array->dtype << "\n";
    std::abort();
  }
  // numpy's limit: the nonzero dimensions' product, in bytes, fits in int64,
  // whether or not some dimension is 0.
  uint64_t nbytes = itemSize;
  bool empty = false;
  for (int64_t d : array->shape) {
    if (d < 0 ||
        (d && nbytes > uint64_t(std::numeric_limits<int64_t>::max()) / d)) {
      llvm::errs() << "accepted shape "
                   << mlir::qnn::formatNpyShape(array->shape)
                   << " (negative or too large)\n";
      std::abort();
    }
    if (d)
      nbytes *= d;
    else
      empty = true;
  }
  if (empty)
    nbytes = 0;
  if (array->data.size() != nbytes ||
      uint64_t(array->numElements()) * itemSize != nbytes) {
    llvm::errs() << "accepted " << array->data.size() << " bytes for shape "
                 << mlir::qnn::formatNpyShape(array->shape) << "\n";
    std::abort();
  }
  return 0;
}
