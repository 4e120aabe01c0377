//===- PropagateQConfig.cpp - propagate_qconfig_ ----------------*- C++ -*-===//

#include "qnn/Dialect/QNN/Transforms/Passes.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_PROPAGATEQCONFIG
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// The function's `qnn.qconfig_dict`, checked.
struct QConfigDict {
  QConfigAttr global;
  DictionaryAttr moduleName, objectType;

  static FailureOr<QConfigDict> get(func::FuncOp func) {
    QConfigDict dict;
    Attribute raw = func->getAttr("qnn.qconfig_dict");
    if (!raw)
      return dict;
    auto top = llvm::dyn_cast<DictionaryAttr>(raw);
    if (!top)
      return func.emitError("qnn.qconfig_dict must be a dictionary");
    for (NamedAttribute entry : top) {
      StringRef key = entry.getName().getValue();
      if (key == "global") {
        dict.global = llvm::dyn_cast<QConfigAttr>(entry.getValue());
        if (!dict.global)
          return func.emitError("qnn.qconfig_dict: 'global' must be a "
                                "#qnn.qconfig");
        continue;
      }
      if (key != "module_name" && key != "object_type")
        return func.emitError() << "qnn.qconfig_dict: unknown key '" << key
                                << "' (expected global, module_name, "
                                   "object_type)";
      auto sub = llvm::dyn_cast<DictionaryAttr>(entry.getValue());
      if (!sub)
        return func.emitError() << "qnn.qconfig_dict: '" << key
                                << "' must be a dictionary";
      for (NamedAttribute e : sub)
        if (!llvm::isa<QConfigAttr>(e.getValue()))
          return func.emitError() << "qnn.qconfig_dict: entry '"
                                  << e.getName().getValue() << "' of '" << key
                                  << "' must be a #qnn.qconfig";
      (key == "module_name" ? dict.moduleName : dict.objectType) = sub;
    }
    return dict;
  }

  QConfigAttr lookup(DictionaryAttr dict, StringRef key) const {
    return dict ? dict.getAs<QConfigAttr>(key) : QConfigAttr();
  }

  /// The qconfig a parent module at `path` ends up with.
  QConfigAttr resolvePath(StringRef path) const {
    if (QConfigAttr byName = lookup(moduleName, path))
      return byName;
    if (path.empty())
      return global;
    size_t dot = path.rfind('.');
    return resolvePath(dot == StringRef::npos ? StringRef()
                                              : path.take_front(dot));
  }
};

struct PropagateQConfigPass
    : public qnn::impl::PropagateQConfigBase<PropagateQConfigPass> {
  void runOnOperation() override {
    FailureOr<QConfigDict> dict = QConfigDict::get(getOperation());
    if (failed(dict))
      return signalPassFailure();
    getOperation().walk([&](ModuleOpInterface op) {
      // module.qconfig > qconfig_dict[name] > qconfig_dict[type] > parent.
      if (op.getQConfig())
        return;
      StringRef path = op.getModulePath();
      QConfigAttr qconfig = dict->lookup(dict->moduleName, path);
      if (!qconfig)
        qconfig = dict->lookup(dict->objectType,
                               op->getName().getStringRef());
      if (!qconfig) {
        size_t dot = path.rfind('.');
        qconfig = dict->resolvePath(
            dot == StringRef::npos ? StringRef() : path.take_front(dot));
      }
      if (qconfig)
        op.setQConfig(qconfig);
    });
  }
};

} // namespace
