// Must NOT compile: the model knows nothing of files (tests/CMakeLists.txt checks the error).
#include "sim/params/param_tree.hpp"
