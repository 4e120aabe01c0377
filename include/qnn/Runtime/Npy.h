//===- Npy.h - reading and writing .npy files -------------------*- C++ -*-===//
//
// NumPy's .npy format (versions 1-3), little-endian, C order: f32, f64, i8,
// u8, i32 and i64. Malformed, truncated or unsupported files are errors
// with the file name, never crashes.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_RUNTIME_NPY_H
#define QNN_RUNTIME_NPY_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace mlir::qnn {

/// A host array: numpy dtype descriptor (`<f4`, `<f8`, `|i1`, `|u1`, `<i4`,
/// `<i8`), shape, and C-ordered bytes.
struct NpyArray {
  std::string dtype;
  llvm::SmallVector<int64_t> shape;
  std::vector<char> data;

  int64_t numElements() const;
  /// Bytes per element of `dtype`, or 0 if unsupported.
  static unsigned itemSize(llvm::StringRef dtype);
  template <typename T> T *as() { return reinterpret_cast<T *>(data.data()); }
  template <typename T> const T *as() const {
    return reinterpret_cast<const T *>(data.data());
  }
};

llvm::Expected<NpyArray> readNpy(llvm::StringRef path);
/// Parses the contents of a .npy file held in memory; `path` only names it
/// in error messages. readNpy is this over the file's bytes.
llvm::Expected<NpyArray> readNpyBuffer(llvm::StringRef bytes,
                                       llvm::StringRef path);
llvm::Error writeNpy(llvm::StringRef path, const NpyArray &array);

/// Formats a shape as numpy does: (1, 3, 224, 224).
std::string formatNpyShape(llvm::ArrayRef<int64_t> shape);

} // namespace mlir::qnn

#endif // QNN_RUNTIME_NPY_H
