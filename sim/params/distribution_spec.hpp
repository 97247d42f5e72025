#pragma once
// A distribution as a scenario file names it: "dist" plus named parameters
// (or, for empirical, the lists 'values' and 'weights'). This is where a name
// becomes an engine::Distribution; the engine itself knows no names to parse.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/distribution.hpp"

namespace ozsim::params {

// Accepted sets: exponential{mean}|{rate}; weibull{shape,scale}; lognormal{mean,sd}|{mu,sigma};
// gamma{shape,scale}|{mean,sd}; uniform{low,high}; fixed{value}; empirical{values,weights} (the two
// vectors); bernoulli{p}. Throws engine::DistributionError: an unknown name gets a did-you-mean and
// the list of valid names; missing and unexpected parameters are listed; parameter() names the field
// at fault where there is one.
engine::Distribution distribution_from_spec(std::string_view name,
                                            const std::map<std::string, double>& params,
                                            const std::vector<double>& values = {},
                                            const std::vector<double>& weights = {});

// The names distribution_from_spec accepts, in the order of engine::DistributionKind.
const std::vector<std::string>& distribution_names();

}  // namespace ozsim::params
