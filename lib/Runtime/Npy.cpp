//===- Npy.cpp - reading and writing .npy files -----------------*- C++ -*-===//

#include "qnn/Runtime/Npy.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <limits>

using namespace mlir;
using namespace mlir::qnn;

int64_t NpyArray::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

unsigned NpyArray::itemSize(llvm::StringRef dtype) {
  return llvm::StringSwitch<unsigned>(dtype)
      .Case("<f4", 4)
      .Case("<f8", 8)
      .Cases({"|i1", "<i1"}, 1)
      .Cases({"|u1", "<u1"}, 1)
      .Case("<i4", 4)
      .Case("<i8", 8)
      .Default(0);
}

std::string mlir::qnn::formatNpyShape(llvm::ArrayRef<int64_t> shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1)
    s += ",";
  return s + ")";
}

static llvm::Error npyError(llvm::StringRef path, const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 path + ": " + msg);
}

/// The value of `'key': value` in the header dictionary.
static std::optional<llvm::StringRef> headerValue(llvm::StringRef header,
                                                  llvm::StringRef key) {
  size_t pos = header.find(("'" + key + "'").str());
  if (pos == llvm::StringRef::npos)
    return std::nullopt;
  llvm::StringRef rest = header.drop_front(pos + key.size() + 2).ltrim();
  if (!rest.consume_front(":"))
    return std::nullopt;
  return rest.ltrim();
}

llvm::Expected<NpyArray> mlir::qnn::readNpy(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return npyError(path, "cannot open: " + buffer.getError().message());
  return readNpyBuffer((*buffer)->getBuffer(), path);
}

llvm::Expected<NpyArray> mlir::qnn::readNpyBuffer(llvm::StringRef bytes,
                                                  llvm::StringRef path) {
  if (!bytes.starts_with("\x93NUMPY") || bytes.size() < 10)
    return npyError(path, "not a .npy file (bad magic)");
  unsigned major = static_cast<unsigned char>(bytes[6]);
  size_t headerLen, offset;
  if (major == 1) {
    headerLen = static_cast<unsigned char>(bytes[8]) |
                (static_cast<unsigned char>(bytes[9]) << 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return npyError(path, "truncated header");
    headerLen = 0;
    for (int i = 0; i < 4; ++i)
      headerLen |= size_t(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
    offset = 12;
  } else {
    return npyError(path, "unsupported .npy version " + llvm::Twine(major));
  }
  if (bytes.size() < offset + headerLen)
    return npyError(path, "truncated header");
  llvm::StringRef header = bytes.substr(offset, headerLen);

  NpyArray array;
  std::optional<llvm::StringRef> descr = headerValue(header, "descr");
  if (!descr || !descr->starts_with("'"))
    return npyError(path, "header has no 'descr'");
  array.dtype = descr->drop_front().take_until([](char c) { return c == '\''; }).str();
  if (NpyArray::itemSize(array.dtype) == 0)
    return npyError(path, "unsupported dtype '" + array.dtype +
                              "' (expected little-endian f4, f8, i1, u1, i4 "
                              "or i8)");
  if (array.dtype == "<i1")
    array.dtype = "|i1";
  if (array.dtype == "<u1")
    array.dtype = "|u1";
  std::optional<llvm::StringRef> fortran = headerValue(header, "fortran_order");
  if (!fortran || !fortran->starts_with("False"))
    return npyError(path, "only C-ordered arrays are supported "
                          "(fortran_order must be False)");
  std::optional<llvm::StringRef> shapeText = headerValue(header, "shape");
  if (!shapeText || !shapeText->starts_with("("))
    return npyError(path, "header has no 'shape'");
  llvm::StringRef dims =
      shapeText->drop_front().take_until([](char c) { return c == ')'; });
  llvm::SmallVector<llvm::StringRef> parts;
  dims.split(parts, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef part : parts) {
    part = part.trim();
    if (part.empty())
      continue;
    int64_t d;
    if (part.getAsInteger(10, d) || d < 0)
      return npyError(path, "bad shape entry '" + part + "'");
    array.shape.push_back(d);
  }
  // numpy's limit: the nonzero dimensions' product, in bytes, fits in int64
  // (which also keeps numElements() from overflowing).
  uint64_t bytesBound = NpyArray::itemSize(array.dtype);
  for (int64_t d : array.shape) {
    if (d == 0)
      continue;
    if (bytesBound > uint64_t(std::numeric_limits<int64_t>::max()) / d)
      return npyError(path,
                      "shape " + formatNpyShape(array.shape) + " is too large");
    bytesBound *= d;
  }
  uint64_t expected = uint64_t(array.numElements()) *
                      NpyArray::itemSize(array.dtype);
  size_t available = bytes.size() - offset - headerLen;
  if (available < expected)
    return npyError(path, "truncated data: expected " + llvm::Twine(expected) +
                              " bytes for shape " +
                              formatNpyShape(array.shape) + ", found " +
                              llvm::Twine(available));
  if (available > expected)
    return npyError(path, "trailing bytes after the array data");
  const char *begin = bytes.data() + offset + headerLen;
  array.data.assign(begin, begin + expected);
  return array;
}

llvm::Error mlir::qnn::writeNpy(llvm::StringRef path, const NpyArray &array) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return npyError(path, "cannot write: " + ec.message());
  std::string header = "{'descr': '" + array.dtype +
                       "', 'fortran_order': False, 'shape': " +
                       formatNpyShape(array.shape) + ", }";
  // Pad so that the data starts at a multiple of 64 bytes.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  os << "\x93NUMPY" << char(1) << char(0) << char(header.size() & 0xff)
     << char((header.size() >> 8) & 0xff) << header;
  os.write(array.data.data(), array.data.size());
  if (os.has_error())
    return npyError(path, "write failed");
  return llvm::Error::success();
}
