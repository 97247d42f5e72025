// Must NOT compile: the report reads output folders; it never runs replications or compares them itself.
#include "sim/analysis/compare.hpp"
