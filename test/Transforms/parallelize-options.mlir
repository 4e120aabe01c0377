// RUN: qnn-opt %s --qnn-parallelize="threads=1" -verify-diagnostics
// RUN: qnn-opt %s --qnn-parallelize="min-work=-1" -verify-diagnostics

// Bad options are reported on the module.
// expected-error@below {{qnn-parallelize: threads must be at least 2 and min-work not negative}}
module {
}
