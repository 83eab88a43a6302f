// The AVX-512 variant: a 16-lane vector type, then the kernel bodies compiled against it. Every
// function defined between push_options and pop_options gets
// target("avx512f,avx512bw,avx512dq,avx512vl,fma"), while the library stays plain x86-64.
#pragma once

#include "vk_common.h"

#pragma GCC push_options
#pragma GCC target("avx512f,avx512bw,avx512dq,avx512vl,fma")
// GCC 12 reports its own _mm256_undefined_pd in _mm512_castps512_ps256 as uninitialized.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace vk {

struct V512 {
  using R = __m512;
  using M = __mmask16;
  static constexpr int W = 16;
  static constexpr int ROWS = 4;     // rows per k-means register block
  static constexpr int CENTRES = 6;  // most centres per k-means register block (4 x 6 accumulators)

  static inline M head(int n) { return static_cast<M>((1u << n) - 1u); }  // n in [0, 16]
  static inline R zero() { return _mm512_setzero_ps(); }
  static inline R set1(float f) { return _mm512_set1_ps(f); }
  static inline R load(const float* p) { return _mm512_loadu_ps(p); }
  static inline R loadn(const float* p, int n) { return _mm512_maskz_loadu_ps(head(n), p); }
  static inline R loadn_or(const float* p, int n, float fill) {
    return _mm512_mask_loadu_ps(set1(fill), head(n), p);
  }
  static inline void store(float* p, R v) { _mm512_storeu_ps(p, v); }
  static inline void storen(float* p, R v, int n) { _mm512_mask_storeu_ps(p, head(n), v); }
  static inline R keepn(R v, int n) { return _mm512_maskz_mov_ps(head(n), v); }
  static inline R add(R a, R b) { return _mm512_add_ps(a, b); }
  static inline R sub(R a, R b) { return _mm512_sub_ps(a, b); }
  static inline R mul(R a, R b) { return _mm512_mul_ps(a, b); }
  static inline R div(R a, R b) { return _mm512_div_ps(a, b); }
  static inline R sqrt(R a) { return _mm512_sqrt_ps(a); }
  // max/min return b when either is NaN, like a > b ? a : b.
  static inline R max(R a, R b) { return _mm512_max_ps(a, b); }
  static inline R min(R a, R b) { return _mm512_min_ps(a, b); }
  static inline R fma(R a, R b, R c) { return _mm512_fmadd_ps(a, b, c); }
  // Horizontal sum and max, by halves (GCC 12's _mm512_reduce_add_ps warns -Wuninitialized).
  static inline float sum(R v) {
    __m256 h = _mm256_add_ps(_mm512_castps512_ps256(v), _mm512_extractf32x8_ps(v, 1));
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
  }
  static inline float hmax(R v) {
    __m256 h = _mm256_max_ps(_mm512_castps512_ps256(v), _mm512_extractf32x8_ps(v, 1));
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
  }
  static inline R floor(R v) {
    return _mm512_roundscale_ps(v, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
  }
  // 2^n for integral n in [-126, 127].
  static inline R pow2(R n) {
    __m512i i = _mm512_add_epi32(_mm512_cvtps_epi32(n), _mm512_set1_epi32(127));
    return _mm512_castsi512_ps(_mm512_slli_epi32(i, 23));
  }
  static inline M gt(R a, R b) { return _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ); }
  static inline M lt(R a, R b) { return _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ); }
  static inline R select(M m, R t, R f) { return _mm512_mask_blend_ps(m, f, t); }
  static inline R abs(R v) { return _mm512_abs_ps(v); }
  static inline R copysign(R mag, R sign) {
    const R s = set1(-0.0f);
    return _mm512_or_ps(_mm512_andnot_ps(s, mag), _mm512_and_ps(s, sign));
  }
  // d[0..16) += v, widened to double.
  static inline void add_to_double(double* d, R v) {
    __m512d lo = _mm512_cvtps_pd(_mm512_castps512_ps256(v));
    __m512d hi = _mm512_cvtps_pd(_mm512_extractf32x8_ps(v, 1));
    _mm512_storeu_pd(d, _mm512_add_pd(_mm512_loadu_pd(d), lo));
    _mm512_storeu_pd(d + 8, _mm512_add_pd(_mm512_loadu_pd(d + 8), hi));
  }
};

namespace avx512 {
using V = V512;
#include "vk_body.h"
}  // namespace avx512

}  // namespace vk

#pragma GCC diagnostic pop
#pragma GCC pop_options
