// qnn-compile --dynamic-batch --threads=2: qnn_f_run splits the images over
// an OpenMP team (a microtask forked when batch >= omp_get_max_threads(),
// each thread in its own workspace slice), then runs the rest one by one;
// the workspace holds a slice per image. The serial form does not fork.
// RUN: qnn-compile %s --target=generic -o %t.o --header %t.h --threads=2 --dynamic-batch --emit=llvm
// RUN: FileCheck %s --check-prefix=IR < %t.o
// RUN: qnn-compile %s --target=generic -o %t2.o --header %t.h --threads=2 --dynamic-batch
// RUN: FileCheck %s --check-prefix=HDR < %t.h
// RUN: qnn-compile %s --target=generic -o %t3.o --header %t3.h --dynamic-batch --emit=llvm
// RUN: FileCheck %s --check-prefix=SERIAL < %t3.o

// IR-LABEL: define {{.*}}i32 @qnn_f_run(
// IR: call i32 @omp_get_max_threads()
// IR: call void @__kmpc_push_num_threads(
// IR: call void (ptr, i32, ptr, ...) @__kmpc_fork_call({{.*}}@qnn_f_images
// IR-LABEL: define internal void @qnn_f_images(
// IR: call i32 @__kmpc_bound_num_threads(
// HDR: With T OpenMP threads and batch >= T, the images are split
// HDR: The workspace holds one slice per image: {{[0-9]+}} * batch bytes
// HDR: #define QNN_F_DYNAMIC_BATCH 1
// SERIAL-NOT: __kmpc_fork_call
// SERIAL-NOT: omp_get_max_threads
// SERIAL: define {{.*}}i32 @qnn_f_run(
func.func @f(%x: tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32> {
  %q = qnn.quantize %x : tensor<1x8x16x16xf32> -> tensor<1x8x16x16x!quant.uniform<u8:f32, 0.5:3>>
  %r = qnn.relu %q : tensor<1x8x16x16x!quant.uniform<u8:f32, 0.5:3>> -> tensor<1x8x16x16x!quant.uniform<u8:f32, 0.5:3>>
  %y = qnn.dequantize %r : tensor<1x8x16x16x!quant.uniform<u8:f32, 0.5:3>> -> tensor<1x8x16x16xf32>
  return %y : tensor<1x8x16x16xf32>
}
