// The kernel bodies, written once against a vector type V (V512, V256 or VScalar) and included
// by each vk_isa_*.h inside its own namespace and target region, so every hot kernel exists in
// three variants compiled from one source. Deliberately no include guard, and no #include of
// system headers below this point (vk_common.h brings them in at global scope).

using R = V::R;

#include "vk_body_math.h"
#include "vk_body_elementwise.h"
#include "vk_body_kmeans.h"
#include "vk_body_nn.h"
