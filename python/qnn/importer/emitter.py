"""The printer of qnn op text: SSA names, float and quantized constants as
`dense_resource` blobs, observers and fake-quants."""
import numpy as np
import torch
from ..qconfig import observer_attr

from .common import _f32_array, _observer_state, _shape, _ttype, _weight_qtype


class _Emitter:
    def __init__(self, root):
        self.root = root
        self.lines = []
        self.blobs = {}
        self.counter = 0
        self.consts = {}

    def fresh(self):
        self.counter += 1
        return f"%v{self.counter}"

    def const(self, path, tensor):
        """A float tensor parameter as a dense_resource constant."""
        key = path
        if key in self.consts:
            return self.consts[key]
        t = tensor.detach().to(torch.float32).contiguous().cpu().numpy()
        blob = "w_" + path.replace(".", "_")
        self.blobs[blob] = t
        name = self.fresh()
        self.lines.append(f"  {name} = arith.constant dense_resource<{blob}> : {_ttype(t.shape)}")
        self.consts[key] = (name, _ttype(t.shape))
        return self.consts[key]

    def array(self, path, values, elem):
        """A numpy array as a dense_resource constant of element type `elem`
        (its bytes are stored as they are)."""
        values = np.ascontiguousarray(values)
        blob = "t_" + path.replace(".", "_")
        self.blobs[blob] = values
        name = self.fresh()
        t = _ttype(values.shape, elem)
        self.lines.append(f"  {name} = arith.constant dense_resource<{blob}> : {t}")
        return name, t

    def qconst(self, path, qweight):
        """A torch quantized weight as a qnn.qconstant over a resource blob."""
        ints = qweight.int_repr().contiguous().cpu().numpy()
        blob = "q_" + path.replace(".", "_")
        self.blobs[blob] = ints
        name = self.fresh()
        qt = f"tensor<{_shape(ints.shape)}x{_weight_qtype(qweight)}>"
        storage = f"tensor<{_shape(ints.shape)}xi{8 * ints.itemsize}>"
        self.lines.append(f"  {name} = qnn.qconstant dense_resource<{blob}> : {storage} -> {qt}")
        return name, qt

    def op(self, text):
        self.lines.append("  " + text)

    def add_attrs(self, res, attrs):
        """Adds `attrs` to the attribute dictionary of the op defining `res`
        (an op printed with `{name = ...}`)."""
        head = f"  {res} = qnn."
        for i in range(len(self.lines) - 1, -1, -1):
            line = self.lines[i]
            if line.startswith(head) and " {name = \"" in line:
                at = line.index(" {name = \"") + len(" {name = \"")
                at = line.index('"', at) + 1  # after the name's closing quote
                end = line.find("} :", at)
                present = line[at:end if end >= 0 else len(line)].split(", ")
                if "=" not in attrs and attrs in present:
                    return  # a unit attribute the handler set already (qnn.functional)
                self.lines[i] = f"{line[:at]}, {attrs}{line[at:]}"
                return
        raise ValueError(f"no qnn op defines {res}")

    def observer(self, path, post, x, xt):
        """`qnn.observe` or `qnn.fake_quant` for an observer or FakeQuantize
        module of a prepared model, with its current state. Returns the SSA
        name of the observed value."""
        import torch.ao.quantization.fake_quantize as fq
        res = self.fresh()
        if isinstance(post, fq.FakeQuantizeBase):
            attrs = [f'name = "{path}"', f"observer = {observer_attr(post.activation_post_process)}"]
            attrs += _observer_state(post.activation_post_process)
            if not bool(post.observer_enabled[0]):
                attrs.append("observer_enabled = false")
            if not bool(post.fake_quant_enabled[0]):
                attrs.append("fake_quant_enabled = false")
            if isinstance(post, fq.FusedMovingAvgObsFakeQuantize):
                attrs.append("fused")
            scale = getattr(post, "scale", None)
            if scale is not None and (scale.numel() > 1 or float(scale.reshape(-1)[0]) != 1.0
                                      or int(post.zero_point.reshape(-1)[0]) != 0
                                      or isinstance(post, fq.FixedQParamsFakeQuantize)):
                attrs.append(f"scale = {_f32_array(scale)}")
                attrs.append(f"zero_point = array<i64: {', '.join(str(int(v)) for v in post.zero_point.reshape(-1))}>")
            self.op(f"{res} = qnn.fake_quant {x} {{{', '.join(attrs)}}} : {xt}")
        else:
            attrs = [f'name = "{path}"', f"observer = {observer_attr(post)}"] + _observer_state(post)
            self.op(f"{res} = qnn.observe {x} {{{', '.join(attrs)}}} : {xt}")
        return res
