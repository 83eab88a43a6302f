// The bf16 gemm: C = alpha op(A) op(B) + beta C with op(A) and op(B) rounded to bfloat16 and the
// products summed in fp32 by AVX512_BF16's vdpbf16ps, which multiplies pairs of bf16 values and
// adds both products into one fp32 lane. One call is one thread's product (Java splits C, or the
// depth, over its threads, as for sgemm); it packs its own blocks of A and B into the workspace
// that Java passes (vk_gemm_bf16_workspace words).
//
// Rounding is bf16_round_bits (vk_common.h) done with integer operations, the same here, in the
// fallback (vk_round_bf16) and in the Java oracle.
//
// Blocking (GotoBLAS order): for each block of NC columns, each block of KC depth, B's block is
// packed into panels of NR columns, [panel][pair][NR] words, each word a pair of consecutive k
// (low half the even k); then for each block of MC rows, A's block is packed, and an MR x NR
// register block of C is computed from one A panel and one B panel (B's panel stays in L1, A's
// block in L2). A is packed by rows ([row][pair], pairs are contiguous in a row-major A) or, when
// transposed, in panels ([panel][pair][MR], two rows of A hold a pair), so no packing transposes.
#pragma once

#include "vk_common.h"

namespace vk {
namespace bf16 {

constexpr int MR = 8;        // rows of C per register block
constexpr int NV = 2;        // 16-float vectors per row of a register block
constexpr int NR = 16 * NV;  // columns of C per register block
constexpr int KC = 512;      // most k per block (even)
constexpr int MC = 192;      // most rows per block (a multiple of MR)
constexpr int NC = 512;      // most columns per block (a multiple of NR)

// Blocks of at most `most`, as even as possible, each a multiple of `unit`.
inline int block(int n, int most, int unit) {
  int blocks = (n + most - 1) / most;
  int b = (n + blocks - 1) / blocks;
  return (b + unit - 1) / unit * unit;
}

// 32-bit words of workspace one call on an m x n x k product needs (an upper bound for any part of
// it), a multiple of 16 so that parts' workspaces stay 64-byte aligned.
inline int64_t workspace_words(int m, int n, int k) {
  int64_t mc = std::min((m + MR - 1) / MR * MR, MC);
  int64_t nc = std::min((n + NR - 1) / NR * NR, NC);
  int64_t kp = std::min((k + 1) / 2, KC / 2);
  return ((mc + nc) * kp + 15) / 16 * 16;
}

}  // namespace bf16
}  // namespace vk

#pragma GCC push_options
#pragma GCC target("avx512f,avx512bw,avx512dq,avx512vl,avx512bf16,fma")
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace vk {
namespace bf16 {

// Lanes [0, n) of 16, n clamped to [0, 16].
inline __mmask16 head16(int n) {
  return n >= 16 ? static_cast<__mmask16>(0xffff)
                 : static_cast<__mmask16>((1u << std::max(n, 0)) - 1u);
}

// bf16_round_bits on 16 lanes.
inline __m512i round16(__m512i u) {
  const __m512i abs = _mm512_and_si512(u, _mm512_set1_epi32(0x7fffffff));
  const __mmask16 tiny = _mm512_testn_epi32_mask(u, _mm512_set1_epi32(0x7f800000));
  const __mmask16 nan = _mm512_cmpgt_epu32_mask(abs, _mm512_set1_epi32(0x7f800000));
  __m512i r = _mm512_add_epi32(
      u, _mm512_add_epi32(_mm512_set1_epi32(0x7fff),
                          _mm512_and_si512(_mm512_srli_epi32(u, 16), _mm512_set1_epi32(1))));
  r = _mm512_mask_mov_epi32(r, nan, _mm512_or_si512(u, _mm512_set1_epi32(0x00400000)));
  return _mm512_mask_mov_epi32(r, tiny, _mm512_and_si512(u, _mm512_set1_epi32(0x80000000)));
}

// Words (lo[j] rounded, hi[j] rounded) for 16 lanes j: pairs that lie in two rows.
inline __m512i pair_rows(__m512 lo, __m512 hi) {
  const __m512i l = round16(_mm512_castps_si512(lo));
  const __m512i h = round16(_mm512_castps_si512(hi));
  return _mm512_or_si512(_mm512_and_si512(h, _mm512_set1_epi32(static_cast<int>(0xffff0000u))),
                         _mm512_srli_epi32(l, 16));
}

// Packs `len` consecutive floats (pairs of consecutive k) into (len + 1) / 2 words; an odd last
// float is paired with zero.
inline void pack_row(const float* src, int len, uint32_t* dst) {
  // word w of the result is 16-bit word 2w + 1 (the upper half of float 2w, then of 2w + 1)
  const __m512i idx = _mm512_set_epi16(63, 61, 59, 57, 55, 53, 51, 49, 47, 45, 43, 41, 39, 37, 35,
                                       33, 31, 29, 27, 25, 23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3,
                                       1);
  int p = 0;
  for (; p + 32 <= len; p += 32) {
    __m512i a = round16(_mm512_castps_si512(_mm512_loadu_ps(src + p)));
    __m512i b = round16(_mm512_castps_si512(_mm512_loadu_ps(src + p + 16)));
    _mm512_storeu_si512(dst + p / 2, _mm512_permutex2var_epi16(a, idx, b));
  }
  if (p < len) {
    int rem = len - p;
    __m512i a = round16(_mm512_castps_si512(_mm512_maskz_loadu_ps(head16(rem), src + p)));
    __m512i b =
        round16(_mm512_castps_si512(_mm512_maskz_loadu_ps(head16(rem - 16), src + p + 16)));
    _mm512_mask_storeu_epi32(dst + p / 2, head16((rem + 1) / 2),
                             _mm512_permutex2var_epi16(a, idx, b));
  }
}

// B's block: rows [p0, p0 + kc) and columns [j0, j0 + nc) of op(B), into panels of NR columns
// ([panel][pair][NR] words), columns past nc zero.
inline void pack_b(bool tb, const float* b, int64_t ldb, int p0, int kc, int j0, int nc,
                   uint32_t* dst) {
  const int kp = (kc + 1) / 2;
  for (int jp = 0; jp < nc; jp += NR) {
    uint32_t* panel = dst + static_cast<int64_t>(jp) * kp;
    const int cols = std::min(NR, nc - jp);
    if (!tb) {  // op(B)(p, j) = b[p ldb + j]: a pair lies in two rows
      for (int q = 0; q < kp; ++q) {
        const float* r0 = b + (p0 + 2 * static_cast<int64_t>(q)) * ldb + j0 + jp;
        const float* r1 = r0 + ldb;
        const bool odd = 2 * q + 1 >= kc;
        for (int v = 0; v < NV; ++v) {
          const __mmask16 m = head16(cols - 16 * v);
          __m512 lo = _mm512_maskz_loadu_ps(m, r0 + 16 * v);
          __m512 hi = odd ? _mm512_setzero_ps() : _mm512_maskz_loadu_ps(m, r1 + 16 * v);
          _mm512_storeu_si512(panel + q * NR + 16 * v, pair_rows(lo, hi));
        }
      }
    } else {  // op(B)(p, j) = b[j ldb + p]: a pair lies in one row of b
      uint32_t row[KC / 2];
      for (int jj = 0; jj < NR; ++jj) {
        if (jj < cols) {
          pack_row(b + (j0 + jp + jj) * ldb + p0, kc, row);
          for (int q = 0; q < kp; ++q) panel[q * NR + jj] = row[q];
        } else {
          for (int q = 0; q < kp; ++q) panel[q * NR + jj] = 0;
        }
      }
    }
  }
}

// A's block: rows [i0, i0 + mc) and columns [p0, p0 + kc) of op(A). Not transposed: by rows,
// [row][pair]; transposed: in panels of MR rows, [panel][pair][MR], rows past mc zero.
inline void pack_a(bool ta, const float* a, int64_t lda, int i0, int mc, int p0, int kc,
                   uint32_t* dst) {
  const int kp = (kc + 1) / 2;
  if (!ta) {
    for (int i = 0; i < mc; ++i) {
      pack_row(a + (i0 + i) * lda + p0, kc, dst + static_cast<int64_t>(i) * kp);
    }
    return;
  }
  for (int ip = 0; ip < mc; ip += 16) {  // two panels at a time
    const __mmask16 m = head16(mc - ip);
    uint32_t* p0dst = dst + static_cast<int64_t>(ip) * kp;
    uint32_t* p1dst = p0dst + static_cast<int64_t>(MR) * kp;
    const bool second = ip + MR < mc;
    for (int q = 0; q < kp; ++q) {
      const float* r0 = a + (p0 + 2 * static_cast<int64_t>(q)) * lda + i0 + ip;
      __m512 lo = _mm512_maskz_loadu_ps(m, r0);
      __m512 hi = 2 * q + 1 < kc ? _mm512_maskz_loadu_ps(m, r0 + lda) : _mm512_setzero_ps();
      __m512i w = pair_rows(lo, hi);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(p0dst + q * MR), _mm512_castsi512_si256(w));
      if (second) {
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(p1dst + q * MR),
                            _mm512_extracti64x4_epi64(w, 1));
      }
    }
  }
}

// One MR x NR block of C (mr x nr of it stored) from kp pairs: A by rows (stride `ars` words) or
// in a panel, B in a panel. first: C = alpha acc + beta C (beta 0: C's old values ignored);
// otherwise C += alpha acc.
template <bool PANEL>
inline void micro(int kp, const uint32_t* ap, int64_t ars, const uint32_t* bp, int mr, int nr,
                  float* c, int64_t ldc, float alpha, float beta, bool first) {
  __m512 acc[MR][NV];
  for (int i = 0; i < MR; ++i)
    for (int v = 0; v < NV; ++v) acc[i][v] = _mm512_setzero_ps();
  const uint32_t* row[MR];
  for (int i = 0; i < MR; ++i) row[i] = ap + (PANEL ? i : std::min(i, mr - 1) * ars);
  for (int q = 0; q < kp; ++q) {
    __m512bh bv[NV];
    for (int v = 0; v < NV; ++v) bv[v] = (__m512bh)_mm512_loadu_si512(bp + q * NR + 16 * v);
#pragma GCC unroll 8
    for (int i = 0; i < MR; ++i) {
      const uint32_t word = PANEL ? row[0][q * MR + i] : row[i][q];
      const __m512bh av = (__m512bh)_mm512_set1_epi32(static_cast<int>(word));
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[i][v] = _mm512_dpbf16_ps(acc[i][v], av, bv[v]);
    }
  }
  const __m512 va = _mm512_set1_ps(alpha);
  const __m512 vb = _mm512_set1_ps(beta);
  for (int i = 0; i < mr; ++i) {
    float* cr = c + i * ldc;
    for (int v = 0; v < NV; ++v) {
      const __mmask16 m = head16(nr - 16 * v);
      if (m == 0) break;
      __m512 r = _mm512_mul_ps(va, acc[i][v]);
      if (!first) {
        r = _mm512_add_ps(_mm512_maskz_loadu_ps(m, cr + 16 * v), r);
      } else if (beta != 0) {
        r = _mm512_add_ps(_mm512_mul_ps(vb, _mm512_maskz_loadu_ps(m, cr + 16 * v)), r);
      }
      _mm512_mask_storeu_ps(cr + 16 * v, m, r);
    }
  }
}

// C (m x n, row stride ldc) = alpha op(A) op(B) + beta C, op(A) m x k, op(B) k x n, k >= 1;
// ws holds workspace_words(m, n, k) words.
inline void gemm(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int64_t lda,
                 const float* b, int64_t ldb, float beta, float* c, int64_t ldc, uint32_t* ws) {
  const int mcb = block(m, MC, MR);
  const int ncb = block(n, NC, NR);
  const int kcb = block(k, KC, 2);
  uint32_t* ap = ws;
  uint32_t* bp = ws + static_cast<int64_t>(mcb) * (kcb / 2);
  for (int jc = 0; jc < n; jc += ncb) {
    const int nc = std::min(ncb, n - jc);
    for (int pc = 0; pc < k; pc += kcb) {
      const int kc = std::min(kcb, k - pc);
      const int kp = (kc + 1) / 2;
      pack_b(tb, b, ldb, pc, kc, jc, nc, bp);
      for (int ic = 0; ic < m; ic += mcb) {
        const int mc = std::min(mcb, m - ic);
        pack_a(ta, a, lda, ic, mc, pc, kc, ap);
        for (int jr = 0; jr < nc; jr += NR) {
          const uint32_t* bpanel = bp + static_cast<int64_t>(jr) * kp;
          for (int ir = 0; ir < mc; ir += MR) {
            float* cb = c + (ic + ir) * ldc + jc + jr;
            const int mr = std::min(MR, mc - ir);
            const int nr = std::min(NR, nc - jr);
            if (ta) {
              micro<true>(kp, ap + static_cast<int64_t>(ir) * kp, 0, bpanel, mr, nr, cb, ldc,
                          alpha, beta, pc == 0);
            } else {
              micro<false>(kp, ap + static_cast<int64_t>(ir) * kp, kp, bpanel, mr, nr, cb, ldc,
                           alpha, beta, pc == 0);
            }
          }
        }
      }
    }
  }
}

}  // namespace bf16
}  // namespace vk

#pragma GCC diagnostic pop
#pragma GCC pop_options
