// Must NOT compile: the generic inference knows nothing of scenarios; the bridge builds on it, never the
// reverse.
#include "calibration/bridge/model_bridge.hpp"
