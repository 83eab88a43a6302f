// Shared by every SIMD variant: CPU detection, aligned allocation, and the kernels that need no
// hand-written SIMD (they run at plain x86-64 speed and are not hot in training).
#pragma once

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>

#include <sys/mman.h>

namespace vk {

// The SIMD variants; the numbers are the ones Java's Simd enum passes. AVX512_BF16 runs the
// AVX512 kernels, and the bf16 gemm with vdpbf16ps.
enum Level { SCALAR = 0, AVX2 = 1, AVX512 = 2, AVX512_BF16 = 3 };

inline bool cpu_supports(int level) {
  __builtin_cpu_init();
  switch (level) {
    case SCALAR:
      return true;
    case AVX2:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case AVX512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
             __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
             __builtin_cpu_supports("fma");
    case AVX512_BF16:
      return cpu_supports(AVX512) && __builtin_cpu_supports("avx512bf16");
    default:
      return false;
  }
}

inline int best_level() {
  return cpu_supports(AVX512_BF16) ? AVX512_BF16
         : cpu_supports(AVX512)    ? AVX512
         : cpu_supports(AVX2)      ? AVX2
                                   : SCALAR;
}

// 64-byte aligned and zero-filled; null when out of memory (0 bytes still gets a cache line).
// Blocks of 4 MiB or more are 2 MiB aligned and asked to use transparent huge pages, which
// Linux grants on request only ("madvise" mode) on many machines.
inline void* alloc_zeroed(int64_t bytes) {
  if (bytes < 0) return nullptr;
  constexpr size_t huge = size_t(2) << 20;
  size_t n = bytes == 0 ? 64 : static_cast<size_t>((bytes + 63) / 64 * 64);
  void* p;
  if (n >= 2 * huge) {
    n = (n + huge - 1) / huge * huge;
    p = std::aligned_alloc(huge, n);
    if (p != nullptr) madvise(p, n, MADV_HUGEPAGE);  // advice only: failure is harmless
  } else {
    p = std::aligned_alloc(64, n);
  }
  if (p != nullptr) std::memset(p, 0, n);
  return p;
}

// x's bits rounded to bfloat16 in the upper half (the lower half is to be dropped): to nearest,
// ties to even (overflowing to infinity); an fp32 subnormal becomes a signed zero and a NaN stays
// a quiet NaN, as vcvtne2ps2bf16 and vdpbf16ps (which reads bf16 subnormals as zero) do. The Java
// oracle (Precision.bf16) rounds the same way.
inline uint32_t bf16_round_bits(uint32_t u) {
  if ((u & 0x7f800000u) == 0) return u & 0x80000000u;          // zero or subnormal
  if ((u & 0x7fffffffu) > 0x7f800000u) return u | 0x00400000u;  // NaN: payload truncated
  return u + 0x7fffu + ((u >> 16) & 1u);
}

// ---- kernels without SIMD variants -------------------------------------------------------------

// Copies columns [c0, c1) of rows idx[from..to) of src (src_rows x d) to the same columns of dst
// rows [from..to); returns the first position whose index is out of range (nothing copied for it
// or after it), or -1. The rows are random rows of a large matrix, so each copy waits on memory:
// the rows GATHER_AHEAD positions ahead are prefetched while the current one is copied, keeping
// several in flight.
constexpr int GATHER_AHEAD = 4;

inline void prefetch_row(const float* src, int src_rows, int d, int r, int c0, int c1) {
  if (r < 0 || r >= src_rows) return;  // reported when its turn comes
  const char* p = reinterpret_cast<const char*>(src + static_cast<int64_t>(r) * d + c0);
  const int64_t bytes = static_cast<int64_t>(c1 - c0) * sizeof(float);
  for (int64_t o = 0; o < bytes; o += 64) __builtin_prefetch(p + o, 0, 3);
}

inline int gather_rows(const float* src, int src_rows, int d, const int* idx, int from, int to,
                       int c0, int c1, float* dst) {
  for (int i = from; i < to && i < from + GATHER_AHEAD; ++i) {
    prefetch_row(src, src_rows, d, idx[i], c0, c1);
  }
  for (int i = from; i < to; ++i) {
    if (i + GATHER_AHEAD < to) prefetch_row(src, src_rows, d, idx[i + GATHER_AHEAD], c0, c1);
    int r = idx[i];
    if (r < 0 || r >= src_rows) return i;
    std::memcpy(dst + static_cast<int64_t>(i) * d + c0, src + static_cast<int64_t>(r) * d + c0,
                sizeof(float) * static_cast<size_t>(c1 - c0));
  }
  return -1;
}

// out[i] = the first index of the largest value of row i (NaNs never win, as in the oracle).
inline void row_argmax(const float* a, int from, int to, int d, int* out) {
  for (int i = from; i < to; ++i) {
    const float* r = a + static_cast<int64_t>(i) * d;
    int best = 0;
    for (int j = 1; j < d; ++j) {
      if (r[j] > r[best]) best = j;
    }
    out[i] = best;
  }
}

// Binary cross-entropy on [from, to); stats[0] += loss, stats[1] += correct.
inline void logistic_loss(const float* z, const float* y, int64_t from, int64_t to, float* g,
                          float scale, double* stats) {
  double loss = 0;
  int64_t correct = 0;
  for (int64_t i = from; i < to; ++i) {
    double zi = z[i];
    double yi = y[i];
    loss += std::log1p(std::exp(-std::fabs(zi))) + std::max(zi, 0.0) - yi * zi;
    double p = 1 / (1 + std::exp(-zi));
    if ((zi > 0) == (yi > 0.5)) ++correct;
    g[i] = static_cast<float>((p - yi) * scale);
  }
  stats[0] += loss;
  stats[1] += static_cast<double>(correct);
}

// Squared error on [from, to); stats[0] += sum of squared residuals.
inline void squared_error(const float* p, const float* y, int64_t from, int64_t to, float* g,
                          float scale, double* stats) {
  double loss = 0;
  for (int64_t i = from; i < to; ++i) {
    double r = static_cast<double>(p[i]) - y[i];
    loss += r * r;
    g[i] = static_cast<float>(r * scale);
  }
  stats[0] += loss;
}

inline void soft_threshold(float* x, int64_t from, int64_t to, float lambda) {
  for (int64_t i = from; i < to; ++i) {
    float v = x[i];
    float a = std::fabs(v) - lambda;
    x[i] = a > 0 ? std::copysign(a, v) : 0.0f;
  }
}

// out[i] = (float) sum over p of parts[p * len + i]: the reduction of per-thread accumulators.
inline void reduce_parts(const double* parts, int nparts, int64_t len, float* out) {
  for (int64_t i = 0; i < len; ++i) {
    double s = 0;
    for (int p = 0; p < nparts; ++p) s += parts[static_cast<int64_t>(p) * len + i];
    out[i] = static_cast<float>(s);
  }
}

}  // namespace vk
