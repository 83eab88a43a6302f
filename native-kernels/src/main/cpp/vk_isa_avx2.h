// The AVX2+FMA variant: an 8-lane vector type, then the kernel bodies compiled against it, all
// with target("avx2,fma") while the library stays plain x86-64.
#pragma once

#include "vk_common.h"

#pragma GCC push_options
#pragma GCC target("avx2,fma")

namespace vk {

struct V256 {
  using R = __m256;
  using M = __m256;
  static constexpr int W = 8;
  static constexpr int ROWS = 2;     // rows per k-means register block
  static constexpr int CENTRES = 5;  // most centres per block: 2 x 5 accumulators of 16 registers

  static inline __m256i headi(int n) {  // lanes [0, n) all ones
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  }
  static inline R zero() { return _mm256_setzero_ps(); }
  static inline R set1(float f) { return _mm256_set1_ps(f); }
  static inline R load(const float* p) { return _mm256_loadu_ps(p); }
  static inline R loadn(const float* p, int n) { return _mm256_maskload_ps(p, headi(n)); }
  static inline R loadn_or(const float* p, int n, float fill) {
    __m256i m = headi(n);
    return _mm256_blendv_ps(set1(fill), _mm256_maskload_ps(p, m), _mm256_castsi256_ps(m));
  }
  static inline void store(float* p, R v) { _mm256_storeu_ps(p, v); }
  static inline void storen(float* p, R v, int n) { _mm256_maskstore_ps(p, headi(n), v); }
  static inline R keepn(R v, int n) { return _mm256_and_ps(v, _mm256_castsi256_ps(headi(n))); }
  static inline R add(R a, R b) { return _mm256_add_ps(a, b); }
  static inline R sub(R a, R b) { return _mm256_sub_ps(a, b); }
  static inline R mul(R a, R b) { return _mm256_mul_ps(a, b); }
  static inline R div(R a, R b) { return _mm256_div_ps(a, b); }
  static inline R sqrt(R a) { return _mm256_sqrt_ps(a); }
  // max/min return b when either is NaN, like a > b ? a : b.
  static inline R max(R a, R b) { return _mm256_max_ps(a, b); }
  static inline R min(R a, R b) { return _mm256_min_ps(a, b); }
  static inline R fma(R a, R b, R c) { return _mm256_fmadd_ps(a, b, c); }
  static inline float sum(R v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
  }
  static inline float hmax(R v) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
  }
  static inline R floor(R v) { return _mm256_floor_ps(v); }
  // 2^n for integral n in [-126, 127].
  static inline R pow2(R n) {
    __m256i i = _mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127));
    return _mm256_castsi256_ps(_mm256_slli_epi32(i, 23));
  }
  static inline M gt(R a, R b) { return _mm256_cmp_ps(a, b, _CMP_GT_OQ); }
  static inline M lt(R a, R b) { return _mm256_cmp_ps(a, b, _CMP_LT_OQ); }
  static inline R select(M m, R t, R f) { return _mm256_blendv_ps(f, t, m); }
  static inline R abs(R v) { return _mm256_andnot_ps(set1(-0.0f), v); }
  static inline R copysign(R mag, R sign) {
    const R s = set1(-0.0f);
    return _mm256_or_ps(_mm256_andnot_ps(s, mag), _mm256_and_ps(s, sign));
  }
  // d[0..8) += v, widened to double.
  static inline void add_to_double(double* d, R v) {
    __m256d lo = _mm256_cvtps_pd(_mm256_castps256_ps128(v));
    __m256d hi = _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1));
    _mm256_storeu_pd(d, _mm256_add_pd(_mm256_loadu_pd(d), lo));
    _mm256_storeu_pd(d + 4, _mm256_add_pd(_mm256_loadu_pd(d + 4), hi));
  }
};

namespace avx2 {
using V = V256;
#include "vk_body.h"
}  // namespace avx2

}  // namespace vk

#pragma GCC pop_options
