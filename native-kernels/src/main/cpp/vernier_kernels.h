// The C API of Vernier's cpu kernels, called from Java through JavaCPP (see CpuNative.java).
// Each SIMD kernel takes the variant to run as its first argument (0 scalar, 1 AVX2+FMA,
// 2 AVX-512, 3 AVX-512 plus AVX512_BF16, which runs the AVX-512 kernels and the bf16 gemm); Java
// checks once, with vk_cpu_supports, that the CPU has it. Ranges [from, to) let Java split rows
// over its own threads; per-thread accumulators are reduced with vk_reduce_parts.
#pragma once

#include "vk_common.h"
#include "vk_gemm_bf16.h"
#include "vk_isa_avx2.h"
#include "vk_isa_avx512.h"
#include "vk_isa_scalar.h"

#define VK_DISPATCH(level, call) \
  do {                           \
    switch (level) {             \
      case vk::AVX512_BF16:      \
      case vk::AVX512:           \
        vk::avx512::call;        \
        break;                   \
      case vk::AVX2:             \
        vk::avx2::call;          \
        break;                   \
      default:                   \
        vk::scalar::call;        \
    }                            \
  } while (0)

// ---- memory and platform ------------------------------------------------------------------------

inline long long vk_alloc(long long bytes) {
  return static_cast<long long>(reinterpret_cast<intptr_t>(vk::alloc_zeroed(bytes)));
}
inline void vk_free(long long address) { std::free(reinterpret_cast<void*>(address)); }
inline int vk_cpu_supports(int level) { return vk::cpu_supports(level) ? 1 : 0; }
inline int vk_best_level() { return vk::best_level(); }
// Calls a `const char* f(void)` found by address (OpenBLAS's openblas_get_corename and
// openblas_get_config, which the JavaCPP nolapack preset does not map).
inline const char* vk_call_cstr(void* fn) {
  return fn == nullptr ? "unknown" : reinterpret_cast<const char* (*)()>(fn)();
}
// setenv(name, value) unless the variable is already set; 0 on success. For OpenBLAS settings
// that it reads only while loading (called before it loads, once).
inline int vk_setenv_default(const char* name, const char* value) {
  return setenv(name, value, 0);
}
inline void vk_fill(float* x, long long n, float value) { std::fill(x, x + n, value); }
inline void vk_reduce_parts(const double* parts, int nparts, long long len, float* out) {
  vk::reduce_parts(parts, nparts, len, out);
}

// ---- element-wise -------------------------------------------------------------------------------

inline void vk_axpy(int level, long long from, long long to, float alpha, const float* x,
                    float* y) {
  VK_DISPATCH(level, axpy(from, to, alpha, x, y));
}
inline void vk_scale(int level, long long from, long long to, float alpha, float* x) {
  VK_DISPATCH(level, scale(from, to, alpha, x));
}
inline void vk_row_sq_norms(int level, const float* a, int from, int to, int d, float* out) {
  VK_DISPATCH(level, row_sq_norms(a, from, to, d, out));
}
// acc (d doubles) is overwritten with the column sums of rows [from, to).
inline void vk_column_sums(int level, const float* a, int from, int to, int d, double* acc) {
  std::fill(acc, acc + d, 0.0);
  VK_DISPATCH(level, column_sums(a, from, to, d, acc));
}
inline void vk_adam(int level, long long from, long long to, float* p, const float* g, float* m,
                    float* v, float lr_c1, float b1, float b2, float inv_c2, float eps) {
  VK_DISPATCH(level, adam(from, to, p, g, m, v, lr_c1, b1, b2, inv_c2, eps));
}
inline void vk_act_backward(int level, int act, long long from, long long to, const float* out,
                            float* g) {
  VK_DISPATCH(level, act_backward(act, from, to, out, g));
}
inline void vk_soft_threshold(float* x, long long from, long long to, float lambda) {
  vk::soft_threshold(x, from, to, lambda);
}

// dst[i] = src[i] rounded to bfloat16 (kept as a float) for i in [from, to): the bf16 gemm's
// inputs where the CPU has no vdpbf16ps (vk_common.h's bf16_round_bits).
inline void vk_round_bf16(int level, long long from, long long to, const float* src, float* dst) {
  VK_DISPATCH(level, round_bf16(from, to, src, dst));
}

// ---- bf16 gemm (vk_gemm_bf16.h; level AVX512_BF16 only) -----------------------------------------

// Floats of workspace that one vk_gemm_bf16 call on (a part of) an m x n x k product needs.
inline long long vk_gemm_bf16_workspace(int m, int n, int k) {
  return vk::bf16::workspace_words(m, n, k);
}
// C (m x n, row stride ldc) = alpha op(A) op(B) + beta C in bf16 products, k >= 1; ws holds
// vk_gemm_bf16_workspace(m, n, k) floats, 64-byte aligned.
inline void vk_gemm_bf16(int trans_a, int trans_b, int m, int n, int k, float alpha, const float* a,
                         int lda, const float* b, int ldb, float beta, float* c, int ldc,
                         float* ws) {
  vk::bf16::gemm(trans_a != 0, trans_b != 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,
                 reinterpret_cast<uint32_t*>(ws));
}

// ---- rows ---------------------------------------------------------------------------------------

// Columns [c0, c1) of rows idx[from..to); returns the first bad position or -1.
inline int vk_gather_rows(const float* src, int src_rows, int d, const int* idx, int from, int to,
                          int c0, int c1, float* dst) {
  return vk::gather_rows(src, src_rows, d, idx, from, to, c0, c1, dst);
}
inline void vk_row_argmax(const float* a, int from, int to, int d, int* out) {
  vk::row_argmax(a, from, to, d, out);
}

// One part of a k-means pass: rows [from, to) into this part's sums (k x d doubles), counts (k)
// and stats {inertia, changed}, all overwritten.
inline void vk_kmeans_assign(int level, const float* x, int from, int to, int d,
                             const float* centres, const float* cnorm, int k, int* labels,
                             double* sums, double* counts, double* stats) {
  const int64_t kd = static_cast<int64_t>(k) * d;
  std::fill(sums, sums + kd, 0.0);
  std::fill(counts, counts + k, 0.0);
  stats[0] = stats[1] = 0;
  float* block = static_cast<float*>(vk::alloc_zeroed(static_cast<int64_t>(sizeof(float)) * kd));
  int* bcount = static_cast<int*>(vk::alloc_zeroed(static_cast<int64_t>(sizeof(int)) * k));
  if (block == nullptr || bcount == nullptr) {
    std::free(block);
    std::free(bcount);
    stats[0] = std::numeric_limits<double>::quiet_NaN();
    stats[1] = -1;  // Java reports the allocation failure
    return;
  }
  VK_DISPATCH(level, kmeans_assign(x, from, to, d, centres, cnorm, k, labels, sums, counts, stats,
                                   block, bcount));
  std::free(block);
  std::free(bcount);
}

// ---- losses and layers --------------------------------------------------------------------------

inline void vk_bias_act(int level, int act, float* z, int from, int to, int d, const float* bias) {
  VK_DISPATCH(level, bias_act(act, z, from, to, d, bias));
}
// Returns the first row whose label is out of range, or -1; stats {loss, correct} overwritten.
inline int vk_softmax_xent(int level, const float* z, const int* labels, int from, int to, int k,
                           float* g, float scale, double* stats) {
  stats[0] = stats[1] = 0;
  switch (level) {
    case vk::AVX512_BF16:
    case vk::AVX512:
      return vk::avx512::softmax_xent(z, labels, from, to, k, g, scale, stats);
    case vk::AVX2:
      return vk::avx2::softmax_xent(z, labels, from, to, k, g, scale, stats);
    default:
      return vk::scalar::softmax_xent(z, labels, from, to, k, g, scale, stats);
  }
}
inline void vk_logistic(const float* z, const float* y, long long from, long long to, float* g,
                        float scale, double* stats) {
  stats[0] = stats[1] = 0;
  vk::logistic_loss(z, y, from, to, g, scale, stats);
}
inline void vk_squared_error(const float* p, const float* y, long long from, long long to,
                             float* g, float scale, double* stats) {
  stats[0] = stats[1] = 0;
  vk::squared_error(p, y, from, to, g, scale, stats);
}
