/* An OMPT tool for bench/thread_profile.py (a benchmark aid, not part of
 * qnn): LD_PRELOADed into the process that calls a compiled model, it
 * times on every OpenMP thread the implicit tasks (a thread's share of each
 * parallel region) and the waits at barriers, and on the calling thread the
 * parallel regions themselves. libomp finds `ompt_start_tool` in the
 * process at its initialization (OpenMP 5.0 OMPT). Reset and read through
 * `qnn_ompt_reset` / `qnn_ompt_read` (ctypes). */
#include <omp-tools.h>
#include <time.h>

#define MAX_THREADS 64

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static __thread int tid = -1;
static __thread double waitStart, taskStart;
static int nextTid;
static double waitSum[MAX_THREADS], taskSum[MAX_THREADS];
static double regionSum, regionStart;
static long regions;

static int threadId(void) {
  if (tid < 0)
    tid = __atomic_fetch_add(&nextTid, 1, __ATOMIC_RELAXED);
  return tid < MAX_THREADS ? tid : MAX_THREADS - 1;
}

static void onParallelBegin(ompt_data_t *task, const ompt_frame_t *frame,
                            ompt_data_t *parallel, unsigned int requested,
                            int flags, const void *ra) {
  ++regions;
  regionStart = now();
}

static void onParallelEnd(ompt_data_t *parallel, ompt_data_t *task, int flags,
                          const void *ra) {
  regionSum += now() - regionStart;
}

static void onWait(ompt_sync_region_t kind, ompt_scope_endpoint_t endpoint,
                   ompt_data_t *parallel, ompt_data_t *task, const void *ra) {
  int t = threadId();
  if (endpoint == ompt_scope_begin)
    waitStart = now();
  else
    waitSum[t] += now() - waitStart;
}

static void onImplicitTask(ompt_scope_endpoint_t endpoint,
                           ompt_data_t *parallel, ompt_data_t *task,
                           unsigned int team, unsigned int index, int flags) {
  int t = threadId();
  if (endpoint == ompt_scope_begin)
    taskStart = now();
  else
    taskSum[t] += now() - taskStart;
}

void qnn_ompt_reset(void) {
  for (int i = 0; i < MAX_THREADS; ++i)
    waitSum[i] = taskSum[i] = 0;
  regionSum = 0;
  regions = 0;
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
