//===- ToolIO.cpp - what qnn's tools read and write -----------*- C++ -*-===//

#include "qnn/Support/ToolIO.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

/// StringRef::find(needle, from) through memchr on the needle's first
/// character: the file is mostly hex blobs, in which that character is
/// rare, and memchr skips them many times faster than the generic search.
static size_t findFast(StringRef text, StringRef needle, size_t from) {
  while (true) {
    size_t at = text.find(needle.front(), from);
    if (at == StringRef::npos || text.substr(at).starts_with(needle))
      return at;
    from = at + 1;
  }
}

LogicalResult mlir::qnn::checkResourceBlobs(llvm::SourceMgr &sourceMgr,
                                            unsigned bufferId) {
  StringRef text = sourceMgr.getMemoryBuffer(bufferId)->getBuffer();
  bool ok = true;
  size_t pos = 0;
  // File metadata sections: `{-#` ... `#-}`.
  while ((pos = findFast(text, "{-#", pos)) != StringRef::npos) {
    size_t end = findFast(text, "#-}", pos);
    StringRef section = text.slice(pos, end);
    size_t resources = findFast(section, "dialect_resources", 0);
    for (size_t at = resources; at != StringRef::npos;) {
      at = findFast(section, "\"0x", at);
      if (at == StringRef::npos)
        break;
      StringRef hex = section.substr(at + 3, 8);
      at += 3;
      // Too short or not hex: the parser reports it without allocating.
      if (hex.size() < 8 || !llvm::all_of(hex, llvm::isHexDigit))
        continue;
      // Little-endian uint32.
      uint32_t alignment = 0;
      for (int b = 3; b >= 0; --b)
        alignment =
            alignment << 8 | llvm::hexFromNibbles(hex[2 * b], hex[2 * b + 1]);
      if (llvm::isPowerOf2_32(alignment) && alignment <= kMaxBlobAlignment)
        continue;
      sourceMgr.PrintMessage(
          llvm::SMLoc::getFromPointer(section.data() + at - 3),
          llvm::SourceMgr::DK_Error,
          "resource blob alignment " + std::to_string(alignment) +
              " is not a power of two up to " +
              std::to_string(kMaxBlobAlignment) +
              " (the first 4 bytes of a blob are its alignment, little "
              "endian)");
      ok = false;
    }
    if (end == StringRef::npos)
      break;
    pos = end;
  }
  return success(ok);
}

int mlir::qnn::toolError(StringRef tool, const llvm::Twine &message) {
  llvm::errs() << tool << ": error: " << message << "\n";
  return 1;
}

llvm::Error mlir::qnn::writeFile(
    StringRef path,
    llvm::function_ref<llvm::Error(llvm::raw_pwrite_stream &)> write) {
  auto fail = [&](const llvm::Twine &why) {
    return llvm::createStringError("cannot write " + path + ": " + why);
  };
  auto finish = [&](llvm::raw_fd_ostream &os,
                    llvm::Error written) -> llvm::Error {
    if (written)
      return written;
    os.close();
    if (!os.has_error())
      return llvm::Error::success();
    std::error_code ec = os.error();
    os.clear_error();
    return fail(ec.message());
  };
  std::error_code ec;
  if (path != "-" && llvm::sys::fs::exists(path) &&
      !llvm::sys::fs::is_regular_file(path)) {
    llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
    if (ec)
      return fail(ec.message());
    return finish(os, write(os));
  }
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return fail(ec.message());
  if (llvm::Error e = finish(out.os(), write(out.os())))
    return std::move(e);
  out.keep();
  return llvm::Error::success();
}
