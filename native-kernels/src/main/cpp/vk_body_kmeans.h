// The fused k-means assignment pass. Part of vk_body.h: no include guard, compiled once per
// SIMD variant.
//
// For a block of V::ROWS rows and up to V::CENTRES centres at a time, the dot products x.c sit in
// registers while the rows stream through once; the nearest centre minimises |c|^2 - 2 x.c (|x|^2
// is the same for every centre). The row, still in cache, is then added to a per-thread float
// block of sums and its exact squared distance sum (x - c)^2 goes to the inertia; the float block
// is flushed into double sums every KM_FLUSH rows so long runs keep double precision.

static constexpr int KM_FLUSH = 256;
static constexpr int KM_PREFETCH = 16;  // rows ahead; ~15% faster than one block ahead here

// out[r * CB + q] = x_r . c_q for RB rows of x and CB centres (both d wide, row-major). When pf
// is not null, the RB rows there (the next block) are prefetched alongside: the hardware
// prefetcher alone leaves this loop waiting on memory for several interleaved short rows.
template <int RB, int CB>
static inline void km_dots(const float* x, int d, const float* c, float* out, const float* pf) {
  R acc[RB][CB];
#pragma GCC unroll 8
  for (int r = 0; r < RB; ++r) {
#pragma GCC unroll 8
    for (int q = 0; q < CB; ++q) acc[r][q] = V::zero();
  }
  int j = 0;
  for (; j + V::W <= d; j += V::W) {
    if (V::W > 1 && pf != nullptr && (j & 15) == 0) {
#pragma GCC unroll 8
      for (int r = 0; r < RB; ++r) {
        _mm_prefetch(reinterpret_cast<const char*>(pf + static_cast<int64_t>(r) * d + j),
                     _MM_HINT_T0);
      }
    }
    R xv[RB];
#pragma GCC unroll 8
    for (int r = 0; r < RB; ++r) xv[r] = V::load(x + static_cast<int64_t>(r) * d + j);
#pragma GCC unroll 8
    for (int q = 0; q < CB; ++q) {
      R cv = V::load(c + static_cast<int64_t>(q) * d + j);
#pragma GCC unroll 8
      for (int r = 0; r < RB; ++r) acc[r][q] = V::fma(xv[r], cv, acc[r][q]);
    }
  }
  if (j < d) {
    int n = d - j;
    R xv[RB];
#pragma GCC unroll 8
    for (int r = 0; r < RB; ++r) xv[r] = V::loadn(x + static_cast<int64_t>(r) * d + j, n);
#pragma GCC unroll 8
    for (int q = 0; q < CB; ++q) {
      R cv = V::loadn(c + static_cast<int64_t>(q) * d + j, n);
#pragma GCC unroll 8
      for (int r = 0; r < RB; ++r) acc[r][q] = V::fma(xv[r], cv, acc[r][q]);
    }
  }
#pragma GCC unroll 8
  for (int r = 0; r < RB; ++r) {
#pragma GCC unroll 8
    for (int q = 0; q < CB; ++q) out[r * CB + q] = V::sum(acc[r][q]);
  }
}

// km_dots with the centre count nc chosen at run time (1 <= nc <= V::CENTRES).
template <int RB, int CB = 1>
static inline void km_dots_n(int nc, const float* x, int d, const float* c, float* out,
                             const float* pf) {
  if constexpr (CB <= V::CENTRES) {
    if (nc == CB) {
      km_dots<RB, CB>(x, d, c, out, pf);
    } else {
      km_dots_n<RB, CB + 1>(nc, x, d, c, out, pf);
    }
  }
}

// s += x and returns sum (x - c)^2, for one row of d floats.
static inline float km_accumulate(const float* x, const float* c, float* s, int d) {
  R a0 = V::zero(), a1 = V::zero();
  int j = 0;
  for (; j + 2 * V::W <= d; j += 2 * V::W) {
    R x0 = V::load(x + j), x1 = V::load(x + j + V::W);
    R d0 = V::sub(x0, V::load(c + j)), d1 = V::sub(x1, V::load(c + j + V::W));
    a0 = V::fma(d0, d0, a0);
    a1 = V::fma(d1, d1, a1);
    V::store(s + j, V::add(V::load(s + j), x0));
    V::store(s + j + V::W, V::add(V::load(s + j + V::W), x1));
  }
  for (; j < d; j += V::W) {
    int n = d - j < V::W ? d - j : V::W;
    R x0 = V::loadn(x + j, n);
    R d0 = V::sub(x0, V::loadn(c + j, n));
    a0 = V::fma(d0, d0, a0);
    V::storen(s + j, V::add(V::loadn(s + j, n), x0), n);
  }
  return V::sum(V::add(a0, a1));
}

// sums[c] += block[c] (widened to double) and counts[c] += bcount[c] for every centre touched
// since the last flush; clears what it flushed.
static inline void km_flush(float* block, int* bcount, int k, int d, double* sums,
                            double* counts) {
  for (int c = 0; c < k; ++c) {
    if (bcount[c] == 0) continue;
    float* b = block + static_cast<int64_t>(c) * d;
    double* s = sums + static_cast<int64_t>(c) * d;
    int j = 0;
    for (; j + V::W <= d; j += V::W) {
      V::add_to_double(s + j, V::load(b + j));
      V::store(b + j, V::zero());
    }
    for (; j < d; ++j) {
      s[j] += b[j];
      b[j] = 0;
    }
    counts[c] += bcount[c];
    bcount[c] = 0;
  }
}

// The pass over rows [from, to) of x (d wide) against k centres with squared norms cnorm.
// Accumulates into sums (k x d), counts (k) and stats {inertia, changed}; block (k x d floats)
// and bcount (k ints) are zeroed scratch.
static inline void kmeans_assign(const float* x, int from, int to, int d, const float* cen,
                                 const float* cnorm, int k, int* labels, double* sums,
                                 double* counts, double* stats, float* block, int* bcount) {
  const int nblocks = (k + V::CENTRES - 1) / V::CENTRES;
  const int cb = (k + nblocks - 1) / nblocks;  // centres per block, balanced
  double inertia = 0;
  int64_t changed = 0;
  int pending = 0;
  float dots[V::ROWS * V::CENTRES];
  for (int i = from; i < to;) {
    const int rows = to - i >= V::ROWS ? V::ROWS : 1;
    const float* xi = x + static_cast<int64_t>(i) * d;
    float best[V::ROWS];
    int arg[V::ROWS];
    for (int r = 0; r < rows; ++r) {
      best[r] = std::numeric_limits<float>::infinity();
      arg[r] = 0;
    }
    for (int c0 = 0; c0 < k; c0 += cb) {
      const int nc = k - c0 < cb ? k - c0 : cb;
      const float* c = cen + static_cast<int64_t>(c0) * d;
      // while the first centre block reads these rows, prefetch those KM_PREFETCH rows ahead
      const float* pf = c0 == 0 && i + KM_PREFETCH + rows <= to
                            ? xi + static_cast<int64_t>(KM_PREFETCH) * d
                            : nullptr;
      if (rows == V::ROWS) {
        km_dots_n<V::ROWS>(nc, xi, d, c, dots, pf);
      } else {
        km_dots_n<1>(nc, xi, d, c, dots, pf);
      }
      for (int r = 0; r < rows; ++r) {
        for (int q = 0; q < nc; ++q) {
          float dist = cnorm[c0 + q] - 2 * dots[r * nc + q];
          if (dist < best[r]) {  // strict: the lowest index wins ties
            best[r] = dist;
            arg[r] = c0 + q;
          }
        }
      }
    }
    for (int r = 0; r < rows; ++r) {
      const int b = arg[r];
      inertia += km_accumulate(xi + static_cast<int64_t>(r) * d, cen + static_cast<int64_t>(b) * d,
                               block + static_cast<int64_t>(b) * d, d);
      bcount[b]++;
      if (labels[i + r] != b) {
        labels[i + r] = b;
        ++changed;
      }
    }
    i += rows;
    pending += rows;
    if (pending >= KM_FLUSH) {
      km_flush(block, bcount, k, d, sums, counts);
      pending = 0;
    }
  }
  km_flush(block, bcount, k, d, sums, counts);
  stats[0] += inertia;
  stats[1] += static_cast<double>(changed);
}
