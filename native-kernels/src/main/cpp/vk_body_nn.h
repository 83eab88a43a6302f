// Neural-network layer kernels: bias + activation, softmax cross-entropy. Part of vk_body.h: no
// include guard, compiled once per SIMD variant.

// z[i][j] = act(z[i][j] + bias[j]) for rows [from, to): ACT 0 = IDENTITY, 1 = RELU, 2 = TANH.
template <int ACT>
static inline void bias_act_t(float* z, int from, int to, int d, const float* bias) {
  for (int i = from; i < to; ++i) {
    float* r = z + static_cast<int64_t>(i) * d;
    for (int j = 0; j < d; j += V::W) {
      const int n = d - j < V::W ? d - j : V::W;
      R v = n == V::W ? V::add(V::load(r + j), V::load(bias + j))
                      : V::add(V::loadn(r + j, n), V::loadn(bias + j, n));
      if constexpr (ACT == 1) v = V::max(v, V::zero());  // NaN -> 0, like v > 0 ? v : 0
      if constexpr (ACT == 2) v = vtanh(v);
      if (n == V::W) {
        V::store(r + j, v);
      } else {
        V::storen(r + j, v, n);
      }
    }
  }
}

static inline void bias_act(int act, float* z, int from, int to, int d, const float* bias) {
  switch (act) {
    case 1:
      bias_act_t<1>(z, from, to, d, bias);
      break;
    case 2:
      bias_act_t<2>(z, from, to, d, bias);
      break;
    default:
      bias_act_t<0>(z, from, to, d, bias);
  }
}

// Softmax cross-entropy over rows [from, to) of z (k wide) against labels; writes
// g = (softmax(z) - onehot) * scale (g may be z). stats[0] += sum of -log p[label],
// stats[1] += rows whose first argmax is the label. Returns the first row with a label outside
// [0, k), leaving that row and later ones untouched, or -1.
static inline int softmax_xent(const float* z, const int* labels, int from, int to, int k,
                               float* g, float scale, double* stats) {
  const float ninf = -std::numeric_limits<float>::infinity();
  double loss = 0;
  int64_t correct = 0;
  int bad = -1;
  for (int i = from; i < to; ++i) {
    const int y = labels[i];
    if (y < 0 || y >= k) {
      bad = i;
      break;
    }
    const float* zr = z + static_cast<int64_t>(i) * k;
    float* gr = g + static_cast<int64_t>(i) * k;
    R mv = V::set1(ninf);
    for (int j = 0; j < k; j += V::W) {
      const int n = k - j < V::W ? k - j : V::W;
      mv = V::max(mv, n == V::W ? V::load(zr + j) : V::loadn_or(zr + j, n, ninf));
    }
    const float mx = V::hmax(mv);
    int am = 0;
    for (int j = 1; j < k; ++j) {
      if (zr[j] > zr[am]) am = j;
    }
    const float zy = zr[y];
    const R vmx = V::set1(mx);
    R sv = V::zero();
    for (int j = 0; j < k; j += V::W) {  // read zr[j] before writing gr[j]: g may alias z
      const int n = k - j < V::W ? k - j : V::W;
      if (n == V::W) {
        R e = vexp(V::sub(V::load(zr + j), vmx));
        V::store(gr + j, e);
        sv = V::add(sv, e);
      } else {
        R e = V::keepn(vexp(V::sub(V::loadn(zr + j, n), vmx)), n);
        V::storen(gr + j, e, n);
        sv = V::add(sv, e);
      }
    }
    const float sum = V::sum(sv);
    loss += std::log(static_cast<double>(sum)) - (static_cast<double>(zy) - mx);
    if (am == y) ++correct;
    const R f = V::set1(scale / sum);
    for (int j = 0; j < k; j += V::W) {
      const int n = k - j < V::W ? k - j : V::W;
      if (n == V::W) {
        V::store(gr + j, V::mul(V::load(gr + j), f));
      } else {
        V::storen(gr + j, V::mul(V::loadn(gr + j, n), f), n);
      }
    }
    gr[y] -= scale;
  }
  stats[0] += loss;
  stats[1] += static_cast<double>(correct);
  return bad;
}
