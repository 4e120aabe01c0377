// RUN: qnn-opt %s --qnn-parallelize="min-trips=0" -verify-diagnostics
// RUN: qnn-opt %s --qnn-parallelize="min-work=-1" -verify-diagnostics

// Bad options are reported on the module.
// expected-error@below {{qnn-parallelize: min-trips must be at least 1 and min-work not negative}}
module {
}
