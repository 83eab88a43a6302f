// Vector exp and tanh (Cephes single-precision algorithms, ~2 ulp); the scalar variant uses the
// C library. Part of vk_body.h: no include guard, compiled once per SIMD variant.

// e^x: NaN stays NaN, large |x| clamps to [~0, ~FLT_MAX].
template <class T = V>  // a template, so that the branch not taken is discarded
static inline typename T::R vexp(typename T::R x) {
  if constexpr (T::W == 1) {
    return std::exp(x);
  } else {
    // min/max return their second operand on NaN, so the constant goes first to keep NaN.
    x = V::max(V::set1(-87.3365447505f), V::min(V::set1(88.3762626647949f), x));
    R fx = V::floor(V::fma(x, V::set1(1.44269504088896341f), V::set1(0.5f)));
    x = V::sub(x, V::mul(fx, V::set1(0.693359375f)));
    x = V::sub(x, V::mul(fx, V::set1(-2.12194440e-4f)));
    R z = V::mul(x, x);
    R y = V::set1(1.9875691500e-4f);
    y = V::fma(y, x, V::set1(1.3981999507e-3f));
    y = V::fma(y, x, V::set1(8.3334519073e-3f));
    y = V::fma(y, x, V::set1(4.1665795894e-2f));
    y = V::fma(y, x, V::set1(1.6666665459e-1f));
    y = V::fma(y, x, V::set1(5.0000001201e-1f));
    y = V::add(V::fma(y, z, x), V::set1(1.0f));
    return V::mul(y, V::pow2(fx));
  }
}

// tanh(x): an odd polynomial below |x| = 0.625, 1 - 2 / (e^2|x| + 1) above.
template <class T = V>
static inline typename T::R vtanh(typename T::R x) {
  if constexpr (T::W == 1) {
    return std::tanh(x);
  } else {
    R ax = V::abs(x);
    R e = vexp(V::add(ax, ax));
    R big = V::sub(V::set1(1.0f), V::div(V::set1(2.0f), V::add(e, V::set1(1.0f))));
    big = V::copysign(big, x);
    R z = V::mul(x, x);
    R p = V::set1(-5.70498872745e-3f);
    p = V::fma(p, z, V::set1(2.06390887954e-2f));
    p = V::fma(p, z, V::set1(-5.37397155531e-2f));
    p = V::fma(p, z, V::set1(1.33314422036e-1f));
    p = V::fma(p, z, V::set1(-3.33332819422e-1f));
    R small = V::fma(V::mul(p, z), x, x);
    return V::select(V::lt(ax, V::set1(0.625f)), small, big);
  }
}
