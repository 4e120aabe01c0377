// RUN: qnn-opt %s -split-input-file -verify-diagnostics --qnn-propagate-qconfig

// Malformed qnn.qconfig_dict attributes are reported on the function.

// expected-error @+1 {{qnn.qconfig_dict must be a dictionary}}
func.func @not_a_dict() attributes {qnn.qconfig_dict = #qnn.qconfig<fbgemm>} {
  return
}

// -----

// expected-error @+1 {{qnn.qconfig_dict: 'global' must be a #qnn.qconfig}}
func.func @global_not_qconfig() attributes {qnn.qconfig_dict = {global = "fbgemm"}} {
  return
}

// -----

// expected-error @+1 {{qnn.qconfig_dict: 'global' must be a #qnn.qconfig}}
func.func @global_observer() attributes {qnn.qconfig_dict = {global = #qnn.observer<minmax>}} {
  return
}

// -----

// expected-error @+1 {{qnn.qconfig_dict: unknown key 'module_names' (expected global, module_name, object_type)}}
func.func @unknown_key() attributes {qnn.qconfig_dict = {module_names = {"fc" = #qnn.qconfig<fbgemm>}}} {
  return
}

// -----

// expected-error @+1 {{qnn.qconfig_dict: 'module_name' must be a dictionary}}
func.func @module_name_not_dict() attributes {qnn.qconfig_dict = {module_name = #qnn.qconfig<fbgemm>}} {
  return
}

// -----

// expected-error @+1 {{qnn.qconfig_dict: 'object_type' must be a dictionary}}
func.func @object_type_not_dict() attributes {qnn.qconfig_dict = {object_type = ["qnn.linear"]}} {
  return
}

// -----

// expected-error @+1 {{qnn.qconfig_dict: entry 'layer1' of 'module_name' must be a #qnn.qconfig}}
func.func @module_name_entry(%x: tensor<4xf32>) -> tensor<4xf32> attributes {qnn.qconfig_dict = {global = #qnn.qconfig<fbgemm>, module_name = {"layer1" = "qnnpack"}}} {
  %0 = qnn.relu %x {name = "layer1.relu"} : tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// expected-error @+1 {{qnn.qconfig_dict: entry 'qnn.linear' of 'object_type' must be a #qnn.qconfig}}
func.func @object_type_entry() attributes {qnn.qconfig_dict = {object_type = {"qnn.linear" = 1 : i64}}} {
  return
}
