//===- ToolIO.h - what qnn's tools read and write ---------------*- C++ -*-===//
//
// Reading: upstream MLIR trusts some parts of its input that qnn's tools must
// not: a `dense_resource` blob's alignment (the first four bytes of its hex
// string) is passed to the allocator unchecked, so an alignment of 0 aborts
// the process with "out of memory". These checks run on the text before the
// parser allocates anything.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_SUPPORT_TOOLIO_H
#define QNN_SUPPORT_TOOLIO_H

#include "mlir/Support/LLVM.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::qnn {

/// The largest blob alignment accepted (bytes).
constexpr uint32_t kMaxBlobAlignment = 4096;

/// Checks every hex blob in the file-level `{-# dialect_resources ... #-}`
/// sections of buffer `bufferId`: its alignment must be a power of two no
/// larger than kMaxBlobAlignment. Reports each violation through `sourceMgr`
/// at the blob's location and returns failure if there was one.
LogicalResult checkResourceBlobs(llvm::SourceMgr &sourceMgr, unsigned bufferId);

/// Prints "<tool>: error: <message>" on stderr and returns 1, the tool's
/// exit code.
int toolError(StringRef tool, const llvm::Twine &message);

/// Writes `path` (`-`: stdout) through `write`. Open and write errors are
/// returned as an llvm::Error naming the file; a regular file is removed
/// again on any failure, while anything else (a device, a pipe) is only
/// written, never removed.
llvm::Error
writeFile(StringRef path,
          llvm::function_ref<llvm::Error(llvm::raw_pwrite_stream &)> write);

} // namespace mlir::qnn

#endif // QNN_SUPPORT_TOOLIO_H
