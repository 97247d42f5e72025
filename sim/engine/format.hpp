#pragma once
// Number formatting shared by the engine's error messages.

#include <string>

namespace ozsim::engine {

// A double in its shortest round-trip form ("12.5", "-1", "1e+100", "inf", "nan").
std::string format_number(double value);

}  // namespace ozsim::engine
