// Must NOT compile: analysis computes, output writes; analysis never reaches for a writer.
#include "sim/output/atomic_file.hpp"
