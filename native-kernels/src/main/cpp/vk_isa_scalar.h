// The scalar variant: a one-lane "vector" of plain floats, so the same kernel bodies compile to
// baseline x86-64 code with no hand-written SIMD (GCC may still auto-vectorize simple
// element-wise loops with SSE2, which every x86-64 CPU has; reductions stay scalar).
#pragma once

#include "vk_common.h"

namespace vk {

struct VScalar {
  using R = float;
  using M = bool;
  static constexpr int W = 1;
  static constexpr int ROWS = 2;     // rows per k-means block
  static constexpr int CENTRES = 4;  // most centres per block: 8 independent chains

  static inline R zero() { return 0.0f; }
  static inline R set1(float f) { return f; }
  static inline R load(const float* p) { return *p; }
  static inline R loadn(const float* p, int n) { return n > 0 ? *p : 0.0f; }
  static inline R loadn_or(const float* p, int n, float fill) { return n > 0 ? *p : fill; }
  static inline void store(float* p, R v) { *p = v; }
  static inline void storen(float* p, R v, int n) {
    if (n > 0) *p = v;
  }
  static inline R keepn(R v, int n) { return n > 0 ? v : 0.0f; }
  static inline R add(R a, R b) { return a + b; }
  static inline R sub(R a, R b) { return a - b; }
  static inline R mul(R a, R b) { return a * b; }
  static inline R div(R a, R b) { return a / b; }
  static inline R sqrt(R a) { return std::sqrt(a); }
  static inline R max(R a, R b) { return a > b ? a : b; }
  static inline R min(R a, R b) { return a < b ? a : b; }
  static inline R fma(R a, R b, R c) { return a * b + c; }  // not fused: x86-64 has no FMA
  static inline float sum(R v) { return v; }
  static inline float hmax(R v) { return v; }
  static inline R floor(R v) { return std::floor(v); }
  static inline R pow2(R n) { return std::ldexp(1.0f, static_cast<int>(n)); }
  static inline M gt(R a, R b) { return a > b; }
  static inline M lt(R a, R b) { return a < b; }
  static inline R select(M m, R t, R f) { return m ? t : f; }
  static inline R abs(R v) { return std::fabs(v); }
  static inline R copysign(R mag, R sign) { return std::copysign(mag, sign); }
  static inline void add_to_double(double* d, R v) { *d += v; }
};

namespace scalar {
using V = VScalar;
#include "vk_body.h"
}  // namespace scalar

}  // namespace vk
