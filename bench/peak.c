/* The measured int8 multiply-accumulate peak of one core: a tight loop of
 * independent vpmaddwd (AVX2, 16 i16 MACs each) or vpdpbusd (AVX-512 VNNI,
 * 64 u8*s8 MACs each) on 12 accumulators. Prints GMAC/s.
 *   clang -O2 -mavx2 peak.c -o peak && ./peak avx2
 *   clang -O2 -mavx512f -mavx512bw -mavx512vnni peak.c -o peak && ./peak vnni */
#include <immintrin.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

#define ITERS 20000000L

#ifdef __AVX2__
static double avx2(void) {
  __m256i a = _mm256_set1_epi16(3), b = _mm256_set1_epi16(5);
  __m256i c0 = _mm256_setzero_si256(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0,
          c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
  double t = now();
  for (long i = 0; i < ITERS; ++i) {
#define M(c) __asm__ volatile("vpmaddwd %1, %2, %%ymm15\n\tvpaddd %%ymm15, %0, %0" : "+x"(c) : "x"(a), "x"(b) : "ymm15");
    M(c0) M(c1) M(c2) M(c3) M(c4) M(c5) M(c6) M(c7) M(c8) M(c9) M(c10) M(c11)
#undef M
  }
  t = now() - t;
  __m256i s = _mm256_add_epi32(_mm256_add_epi32(_mm256_add_epi32(c0, c1), _mm256_add_epi32(c2, c3)),
                               _mm256_add_epi32(_mm256_add_epi32(c4, c5), _mm256_add_epi32(c6, c7)));
  s = _mm256_add_epi32(s, _mm256_add_epi32(_mm256_add_epi32(c8, c9), _mm256_add_epi32(c10, c11)));
  volatile int sink = _mm256_extract_epi32(s, 0);
  (void)sink;
  return 12.0 * 16 * ITERS / t / 1e9;
}
#endif

#ifdef __AVX512VNNI__
static double vnni(void) {
  __m512i a = _mm512_set1_epi8(3), b = _mm512_set1_epi8(5);
  __m512i c0 = _mm512_setzero_si512(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0,
          c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
  double t = now();
  for (long i = 0; i < ITERS; ++i) {
#define M(c) __asm__ volatile("vpdpbusd %1, %2, %0" : "+v"(c) : "v"(a), "v"(b));
    M(c0) M(c1) M(c2) M(c3) M(c4) M(c5) M(c6) M(c7) M(c8) M(c9) M(c10) M(c11)
#undef M
  }
  t = now() - t;
  volatile int sink = _mm512_reduce_add_epi32(_mm512_add_epi32(c0, _mm512_add_epi32(c1, c11)));
  (void)sink;
  return 12.0 * 64 * ITERS / t / 1e9;
}
#endif

int main(int argc, char **argv) {
#ifdef __AVX2__
  if (argc > 1 && !strcmp(argv[1], "avx2")) { printf("%.2f\n", avx2()); return 0; }
#endif
#ifdef __AVX512VNNI__
  if (argc > 1 && !strcmp(argv[1], "vnni")) { printf("%.2f\n", vnni()); return 0; }
#endif
  fprintf(stderr, "usage: peak avx2|vnni (built with the matching -m flags)\n");
  return 1;
}
