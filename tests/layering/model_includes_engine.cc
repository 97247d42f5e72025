// Must compile: the control case, so a failure of the others is the include root and nothing else.
#include "sim/engine/simulator.hpp"
#include "sim/model/run.hpp"
