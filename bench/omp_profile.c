/* An OMPT tool for bench/thread_profile.py (a benchmark aid, not part of
 * qnn): LD_PRELOADed into the process that calls a compiled model, it
 * times on every OpenMP thread the implicit tasks (a thread's share of each
 * parallel region) and the waits at barriers, and on the calling thread the
 * parallel regions themselves. libomp finds `ompt_start_tool` in the
 * process at its initialization (OpenMP 5.0 OMPT). Reset and read through
 * `qnn_ompt_reset` / `qnn_ompt_read` (ctypes). */
#include <omp-tools.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_THREADS 64

/* QNN_OMPT_CLOCK=thread times with each thread's CPU clock instead of the
 * monotonic one: on a loaded machine a thread's busy time then leaves out
 * the time it was preempted (its waits still count the spinning). */
static clockid_t timer = CLOCK_MONOTONIC;

static double monotonic(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static double now(void) {
  struct timespec t;
  clock_gettime(timer, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static __thread int tid = -1;
static __thread double waitStart, taskStart;
static int nextTid;
static double waitSum[MAX_THREADS], taskSum[MAX_THREADS];
static double regionSum, regionStart;
static long regions;

/* Per-region mode (qnn_ompt_set_period): the regions of one call, keyed by
 * their order in the call (the region count since the last reset modulo
 * `period`), each with its wall time on the calling thread, every thread's
 * task and wait time and its code address (the caller of the fork). */
#define MAX_REGIONS 1024
static long period;
static __thread long curRegion = -1;
static double regionWall[MAX_REGIONS];
/* Per region and thread: the delay from the fork (parallel-begin on the
 * calling thread) to the thread's implicit task beginning, on the monotonic
 * clock whatever QNN_OMPT_CLOCK says (a start latency, not CPU work). */
static double regionForkMono;
static double regionDelay[MAX_REGIONS][MAX_THREADS];
static double regionTask[MAX_REGIONS][MAX_THREADS];
static double regionWait[MAX_REGIONS][MAX_THREADS];
static const void *regionCode[MAX_REGIONS];

static int threadId(void) {
  if (tid < 0)
    tid = __atomic_fetch_add(&nextTid, 1, __ATOMIC_RELAXED);
  return tid < MAX_THREADS ? tid : MAX_THREADS - 1;
}

static void onParallelBegin(ompt_data_t *task, const ompt_frame_t *frame,
                            ompt_data_t *parallel, unsigned int requested,
                            int flags, const void *ra) {
  long key = period > 0 ? regions % period : 0;
  ++regions;
  parallel->value = (uint64_t)key;
  regionCode[key] = ra;
  regionStart = now();
  regionForkMono = monotonic();
}

static void onParallelEnd(ompt_data_t *parallel, ompt_data_t *task, int flags,
                          const void *ra) {
  double d = now() - regionStart;
  regionSum += d;
  if (period > 0)
    regionWall[parallel->value] += d;
}

static void onWait(ompt_sync_region_t kind, ompt_scope_endpoint_t endpoint,
                   ompt_data_t *parallel, ompt_data_t *task, const void *ra) {
  int t = threadId();
  if (endpoint == ompt_scope_begin) {
    waitStart = now();
    return;
  }
  double d = now() - waitStart;
  waitSum[t] += d;
  if (period > 0 && curRegion >= 0)
    regionWait[curRegion][t] += d;
}

static void onImplicitTask(ompt_scope_endpoint_t endpoint,
                           ompt_data_t *parallel, ompt_data_t *task,
                           unsigned int team, unsigned int index, int flags) {
  int t = threadId();
  if (endpoint == ompt_scope_begin) {
    /* The initial task (flags) has no region of ours. */
    if (!(flags & ompt_task_initial) && parallel) {
      curRegion = (long)parallel->value;
      if (period > 0)
        regionDelay[curRegion][t] += monotonic() - regionForkMono;
    }
    taskStart = now();
    return;
  }
  if (flags & ompt_task_initial)
    return;
  double d = now() - taskStart;
  taskSum[t] += d;
  if (period > 0 && curRegion >= 0)
    regionTask[curRegion][t] += d;
}

void qnn_ompt_reset(void) {
  for (int i = 0; i < MAX_THREADS; ++i)
    waitSum[i] = taskSum[i] = 0;
  regionSum = 0;
  regions = 0;
  for (int r = 0; r < MAX_REGIONS; ++r) {
    regionWall[r] = 0;
    for (int i = 0; i < MAX_THREADS; ++i)
      regionTask[r][i] = regionWait[r][i] = regionDelay[r][i] = 0;
  }
}

/* Per-region mode: regions per call (0 turns it off; at most MAX_REGIONS). */
void qnn_ompt_set_period(long n) {
  period = n < MAX_REGIONS ? n : MAX_REGIONS;
  qnn_ompt_reset();
}

/* out, per region key r < period: wall seconds, the code address, then per
 * thread (task, wait, start delay) seconds. */
void qnn_ompt_read_regions(double *out, int maxThreads) {
  int n = nextTid < maxThreads ? nextTid : maxThreads;
  int stride = 2 + 3 * maxThreads;
  for (long r = 0; r < period; ++r) {
    double *o = out + r * stride;
    o[0] = regionWall[r];
    o[1] = (double)(uintptr_t)regionCode[r];
    for (int i = 0; i < n; ++i) {
      o[2 + 3 * i] = regionTask[r][i];
      o[3 + 3 * i] = regionWait[r][i];
      o[4 + 3 * i] = regionDelay[r][i];
    }
  }
}

/* out: regions, seconds in regions, then per thread (task, wait) seconds;
 * returns the number of threads seen. */
int qnn_ompt_read(double *out, int maxThreads) {
  out[0] = (double)regions;
  out[1] = regionSum;
  int n = nextTid < maxThreads ? nextTid : maxThreads;
  for (int i = 0; i < n; ++i) {
    out[2 + 2 * i] = taskSum[i];
    out[3 + 2 * i] = waitSum[i];
  }
  return n;
}

static int initialize(ompt_function_lookup_t lookup, int device,
                      ompt_data_t *data) {
  const char *c = getenv("QNN_OMPT_CLOCK");
  if (c && !strcmp(c, "thread"))
    timer = CLOCK_THREAD_CPUTIME_ID;
  ompt_set_callback_t set = (ompt_set_callback_t)lookup("ompt_set_callback");
  set(ompt_callback_parallel_begin, (ompt_callback_t)onParallelBegin);
  set(ompt_callback_parallel_end, (ompt_callback_t)onParallelEnd);
  set(ompt_callback_sync_region_wait, (ompt_callback_t)onWait);
  set(ompt_callback_implicit_task, (ompt_callback_t)onImplicitTask);
  return 1;
}

static void finalize(ompt_data_t *data) {}

ompt_start_tool_result_t *ompt_start_tool(unsigned int version,
                                          const char *runtime) {
  static ompt_start_tool_result_t result = {initialize, finalize, {0}};
  return &result;
}
