// Element-wise and row/column reductions: axpy, scale, row squared norms, column sums, the Adam
// step and activation backward. Part of vk_body.h: no include guard, compiled once per variant.
// Element-wise arithmetic uses the same float operations in the same order as the Java oracle
// (no fused multiply-add), so those results match it bit for bit.

// y[i] += alpha * x[i] for i in [from, to).
static inline void axpy(int64_t from, int64_t to, float alpha, const float* x, float* y) {
  const R a = V::set1(alpha);
  int64_t i = from;
  for (; i + V::W <= to; i += V::W) {
    V::store(y + i, V::add(V::load(y + i), V::mul(a, V::load(x + i))));
  }
  if (i < to) {
    int n = static_cast<int>(to - i);
    V::storen(y + i, V::add(V::loadn(y + i, n), V::mul(a, V::loadn(x + i, n))), n);
  }
}

// x[i] *= alpha for i in [from, to).
static inline void scale(int64_t from, int64_t to, float alpha, float* x) {
  const R a = V::set1(alpha);
  int64_t i = from;
  for (; i + V::W <= to; i += V::W) V::store(x + i, V::mul(V::load(x + i), a));
  if (i < to) {
    int n = static_cast<int>(to - i);
    V::storen(x + i, V::mul(V::loadn(x + i, n), a), n);
  }
}

// dst[i] = src[i] rounded to bfloat16 for i in [from, to) (may be in place); the compiler
// vectorizes the loop for each variant.
static inline void round_bf16(int64_t from, int64_t to, const float* src, float* dst) {
  for (int64_t i = from; i < to; ++i) {
    uint32_t u;
    std::memcpy(&u, src + i, sizeof u);
    u = bf16_round_bits(u) & 0xffff0000u;
    std::memcpy(dst + i, &u, sizeof u);
  }
}

// The sum of squares of a row of d floats, in two interleaved accumulators.
static inline float dot_self(const float* r, int d) {
  R s0 = V::zero(), s1 = V::zero();
  int j = 0;
  for (; j + 2 * V::W <= d; j += 2 * V::W) {
    R a = V::load(r + j), b = V::load(r + j + V::W);
    s0 = V::fma(a, a, s0);
    s1 = V::fma(b, b, s1);
  }
  for (; j < d; j += V::W) {
    R a = V::loadn(r + j, d - j < V::W ? d - j : V::W);
    s0 = V::fma(a, a, s0);
  }
  return V::sum(V::add(s0, s1));
}

// out[i] = sum_j a[i][j]^2 for rows [from, to).
static inline void row_sq_norms(const float* a, int from, int to, int d, float* out) {
  for (int i = from; i < to; ++i) out[i] = dot_self(a + static_cast<int64_t>(i) * d, d);
}

// acc[j] += sum over rows [from, to) of a[i][j], accumulated in double.
static inline void column_sums(const float* a, int from, int to, int d, double* acc) {
  for (int i = from; i < to; ++i) {
    const float* r = a + static_cast<int64_t>(i) * d;
    int j = 0;
    for (; j + V::W <= d; j += V::W) V::add_to_double(acc + j, V::load(r + j));
    for (; j < d; ++j) acc[j] += r[j];
  }
}

// One Adam step on [from, to); lr_c1 = lr / (1 - b1^t), inv_c2 = 1 / (1 - b2^t).
static inline void adam(int64_t from, int64_t to, float* p, const float* g, float* m, float* v,
                        float lr_c1, float b1, float b2, float inv_c2, float eps) {
  const R vb1 = V::set1(b1), vb2 = V::set1(b2);
  const R nb1 = V::set1(1 - b1), nb2 = V::set1(1 - b2);
  const R vlr = V::set1(lr_c1), vic2 = V::set1(inv_c2), veps = V::set1(eps);
  for (int64_t i = from; i < to; i += V::W) {
    int n = to - i < V::W ? static_cast<int>(to - i) : V::W;
    R gi = V::loadn(g + i, n);
    R mi = V::add(V::mul(vb1, V::loadn(m + i, n)), V::mul(nb1, gi));
    R vi = V::add(V::mul(vb2, V::loadn(v + i, n)), V::mul(V::mul(nb2, gi), gi));
    R step = V::div(V::mul(vlr, mi), V::add(V::sqrt(V::mul(vi, vic2)), veps));
    if (n == V::W) {
      V::store(m + i, mi);
      V::store(v + i, vi);
      V::store(p + i, V::sub(V::load(p + i), step));
    } else {
      V::storen(m + i, mi, n);
      V::storen(v + i, vi, n);
      V::storen(p + i, V::sub(V::loadn(p + i, n), step), n);
    }
  }
}

// grad *= act'(out) on [from, to): act 1 = RELU (out > 0), 2 = TANH (1 - out^2).
static inline void act_backward(int act, int64_t from, int64_t to, const float* out, float* g) {
  const R one = V::set1(1.0f), zero = V::zero();
  for (int64_t i = from; i < to; i += V::W) {
    int n = to - i < V::W ? static_cast<int>(to - i) : V::W;
    R o = n == V::W ? V::load(out + i) : V::loadn(out + i, n);
    R gi = n == V::W ? V::load(g + i) : V::loadn(g + i, n);
    R r = act == 1 ? V::select(V::gt(o, zero), gi, zero) : V::mul(gi, V::sub(one, V::mul(o, o)));
    if (n == V::W) {
      V::store(g + i, r);
    } else {
      V::storen(g + i, r, n);
    }
  }
}
