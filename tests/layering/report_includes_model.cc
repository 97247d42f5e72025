// Must NOT compile: the report reads output folders; it never runs or sees the model.
#include "sim/model/run.hpp"
