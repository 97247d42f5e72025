// Must NOT compile: the engine knows nothing of pupils (tests/CMakeLists.txt checks the error).
#include "sim/model/run.hpp"
