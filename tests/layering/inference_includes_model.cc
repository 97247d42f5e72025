// Must NOT compile: the generic inference knows nothing of pupils; it sees a model only as a function.
#include "sim/model/run.hpp"
