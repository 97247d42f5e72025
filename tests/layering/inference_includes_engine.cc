// Must compile: the control case for the inference, so a failure of the two above is the include root and
// nothing else.
#include "calibration/inference/abc.hpp"
#include "sim/engine/random.hpp"
