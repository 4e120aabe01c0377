//===- QNNAttrs.td - qnn attributes ------------------------*- tablegen -*-===//

#ifndef QNN_DIALECT_QNN_IR_QNNATTRS_TD
#define QNN_DIALECT_QNN_IR_QNNATTRS_TD

include "mlir/IR/AttrTypeBase.td"
include "qnn/Dialect/QNN/IR/QNNDialect.td"
include "qnn/Dialect/QNN/IR/QNNEnums.td"

class QNN_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<QNN_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def QNN_ObserverAttr : QNN_Attr<"Observer", "observer"> {
  let summary = "configuration of a PyTorch observer";
  let description = [{
    Describes one `torch.ao.quantization` observer: its class (`kind`) and
    the constructor arguments PyTorch documents. Fields that are omitted take
    the defaults of that observer class in PyTorch 1.13, and the printer omits
    fields that equal those defaults:

    | kind | PyTorch class | default dtype / qscheme |
    |---|---|---|
    | `minmax` | `MinMaxObserver` | quint8, per_tensor_affine |
    | `moving_average_minmax` | `MovingAverageMinMaxObserver` | quint8, per_tensor_affine |
    | `per_channel_minmax` | `PerChannelMinMaxObserver` | quint8, per_channel_affine |
    | `moving_average_per_channel_minmax` | `MovingAveragePerChannelMinMaxObserver` | quint8, per_channel_affine |
    | `histogram` | `HistogramObserver` | quint8, per_tensor_affine |
    | `noop` | `NoopObserver` | float16 |
    | `placeholder` | `PlaceholderObserver` | float32 |
    | `fixed_qparams` | `FixedQParamsObserver` (on a `qnn.fake_quant`, which holds the fixed `scale`/`zero_point`) | quint8, per_tensor_affine |

    Other fields: `reduce_range = false`, `quant_min`/`quant_max` (default:
    the dtype's range, halved by `reduce_range`), `averaging_constant = 0.01`,
    `ch_axis = 0`, `bins = 2048`, `eps = torch.finfo(torch.float32).eps`,
    `is_dynamic = false`.

    Example:

    ```mlir
    #qnn.observer<histogram, reduce_range = true>
    #qnn.observer<per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric>
    #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 127>
    ```
  }];
  let parameters = (ins
    "ObserverKind":$kind,
    "QDType":$dtype,
    "QScheme":$qscheme,
    "bool":$reduce_range,
    OptionalParameter<"std::optional<int64_t>">:$quant_min,
    OptionalParameter<"std::optional<int64_t>">:$quant_max,
    APFloatParameter<"averaging constant of moving-average observers">:$averaging_constant,
    "int64_t":$ch_axis,
    "int64_t":$bins,
    APFloatParameter<"smallest scale">:$eps,
    "bool":$is_dynamic
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let builders = [
    // An observer of `kind` with all of PyTorch's defaults for that class.
    AttrBuilder<(ins "ObserverKind":$kind)>
  ];
  let extraClassDeclaration = [{
    /// The (quant_min, quant_max) pair PyTorch uses: the explicit range if
    /// given, else the dtype's range, with `reduce_range` applied as in
    /// `_ObserverBase._calculate_qmin_qmax`.
    std::pair<int64_t, int64_t> getQuantRange() const;
    bool isPerChannel() const;
    bool isSymmetric() const;
    /// True for observers that record statistics (min/max or histogram).
    bool recordsStatistics() const;
    /// True for observers whose qparams are fixed (`fixed_qparams`).
    bool hasFixedQParams() const;
    /// Copy with one field changed.
    ObserverAttr withKind(ObserverKind kind) const;
  }];
}

def QNN_QConfigAttr : QNN_Attr<"QConfig", "qconfig"> {
  let summary = "a PyTorch QConfig: activation and weight observers";
  let description = [{
    Mirrors `torch.ao.quantization.QConfig(activation, weight)`. With
    `fake_quant`, both observers are wrapped in `FakeQuantize`, as in the QAT
    qconfigs. A qconfig with neither observer is PyTorch's `qconfig = None`:
    the op stays in float.

    Presets expand to PyTorch 1.13's defaults and print back as their name:
    `fbgemm`, `qnnpack`, `onednn`, `x86` (`get_default_qconfig`), the QAT
    variants `fbgemm_qat`, `qnnpack_qat`, `onednn_qat`, `x86_qat`
    (`get_default_qat_qconfig`), `dynamic` (`default_dynamic_qconfig`),
    `float16_dynamic` (`float16_dynamic_qconfig`) and `none`.

    Example:

    ```mlir
    #qnn.qconfig<fbgemm>
    #qnn.qconfig<none>
    #qnn.qconfig<activation = #qnn.observer<minmax>,
                 weight = #qnn.observer<minmax, dtype = qint8,
                                        qscheme = per_tensor_symmetric>>
    ```
  }];
  let parameters = (ins
    OptionalParameter<"ObserverAttr">:$activation,
    OptionalParameter<"ObserverAttr">:$weight,
    "bool":$fake_quant
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The preset called `name`, or null if there is none.
    static QConfigAttr getPreset(::mlir::MLIRContext *context,
                                 ::llvm::StringRef name);
    /// Names of all presets, in documentation order.
    static ::llvm::ArrayRef<::llvm::StringRef> getPresetNames();
    /// The preset name this qconfig equals, if any.
    std::optional<::llvm::StringRef> getPresetName() const;
    /// PyTorch's `qconfig is None`.
    bool isNone() const { return !getActivation() && !getWeight(); }
  }];
}

#endif // QNN_DIALECT_QNN_IR_QNNATTRS_TD
