// RUN: qnn-opt %s --split-input-file --qnn-plan-scratch="arena=argument" | FileCheck %s --check-prefix=ARG
// RUN: qnn-opt %s --split-input-file --qnn-plan-scratch="arena=both" | FileCheck %s --check-prefix=BOTH
// RUN: not qnn-opt %s --split-input-file --qnn-plan-scratch="arena=heap" 2>&1 | FileCheck %s --check-prefix=BAD

// arena=argument: the arena is a leading argument of the public function,
// no global; the views are the same as with the static arena.
// ARG: module attributes {qnn.scratch_bytes = 1536 : i64}
// ARG-NOT: memref.global
// ARG-LABEL: func.func @f(
// ARG-SAME: %[[ARENA:.+]]: memref<1536xi8> {llvm.noalias, qnn.arena}, %{{.*}}: f32, %{{.*}}: memref<4xf32> {test.out})
// ARG-NOT: memref.get_global
// ARG: memref.view %[[ARENA]][%c0{{.*}}][] : memref<1536xi8> to memref<256xf32>
// ARG: memref.view %[[ARENA]][%c1024{{.*}}][] : memref<1536xi8> to memref<512xi8>
// ARG-NOT: memref.dealloc
// A private function is not planned: its caller has no arena to pass.
// ARG-LABEL: func.func private @helper(%{{.*}}: f32)
// ARG: memref.alloc() : memref<64xf32>
// ARG: memref.dealloc

// arena=both: the body moves into a private workspace function taking the
// arena, placed after @f; @f keeps its signature and attributes and passes
// the static arena.
// BOTH: module attributes {qnn.scratch_bytes = 1536 : i64}
// BOTH: memref.global "private" @__qnn_scratch_f : memref<1536xi8> = uninitialized {alignment = 64 : i64}
// BOTH-LABEL: func.func @f(
// BOTH-SAME: %[[X:.+]]: f32, %[[O:.+]]: memref<4xf32> {test.out})
// BOTH-SAME: attributes {llvm.emit_c_interface, qnn.workspace_entry = @__qnn_f_workspace}
// BOTH-NEXT: %[[G:.+]] = memref.get_global @__qnn_scratch_f : memref<1536xi8>
// BOTH-NEXT: call @__qnn_f_workspace(%[[G]], %[[X]], %[[O]])
// BOTH-NEXT: return
// BOTH-LABEL: func.func private @__qnn_f_workspace(
// BOTH-SAME: %[[ARENA:.+]]: memref<1536xi8> {llvm.noalias, qnn.arena}, %{{.*}}: f32, %{{.*}}: memref<4xf32> {test.out})
// BOTH: memref.view %[[ARENA]][%c0{{.*}}][] : memref<1536xi8> to memref<256xf32>
// BOTH: memref.view %[[ARENA]][%c1024{{.*}}][] : memref<1536xi8> to memref<512xi8>
// BOTH-NOT: memref.dealloc
// BOTH: return
// BOTH-LABEL: func.func private @helper(%{{.*}}: f32)
// BOTH: memref.alloc() : memref<64xf32>

// BAD: unknown arena 'heap' (expected global, argument or both)
func.func @f(%x: f32, %o: memref<4xf32> {test.out}) attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %a = memref.alloc() : memref<256xf32>
  %b = memref.alloc() : memref<512xi8>
  %c1 = arith.constant 1 : i8
  memref.store %x, %a[%c0] : memref<256xf32>
  memref.store %c1, %b[%c0] : memref<512xi8>
  %v = memref.load %a[%c0] : memref<256xf32>
  memref.store %v, %o[%c0] : memref<4xf32>
  memref.dealloc %a : memref<256xf32>
  memref.dealloc %b : memref<512xi8>
  return
}

func.func private @helper(%x: f32) {
  %c0 = arith.constant 0 : index
  %a = memref.alloc() : memref<64xf32>
  memref.store %x, %a[%c0] : memref<64xf32>
  memref.dealloc %a : memref<64xf32>
  return
}

// -----

// A public function without temporaries keeps its signature in both modes.
// ARG-LABEL: func.func @g(%{{.*}}: memref<4xf32>)
// BOTH-NOT: memref.global
// BOTH-LABEL: func.func @g(%{{.*}}: memref<4xf32>)
// BOTH-NOT: qnn.workspace_entry
func.func @g(%o: memref<4xf32>) {
  return
}
