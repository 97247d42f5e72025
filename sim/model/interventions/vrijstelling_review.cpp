#include "sim/model/interventions/vrijstelling_review.hpp"

#include <fmt/format.h>

#include <cmath>
#include <utility>

namespace ozsim::model::interventions {

void check(const VrijstellingReview& l) {
  if (l.after_years <= 0.0)
    throw LeverError(l.NAME, "after_years", "a number > 0", fmt::to_string(l.after_years));
  if (l.return_to.empty()) throw LeverError(l.NAME, "return_to", "at least one destination", "an empty list");
  if (l.return_p.size() != l.return_to.size())
    throw LeverError(l.NAME, "return_p",
                     std::to_string(l.return_to.size()) + " shares, one per return_to destination",
                     std::to_string(l.return_p.size()));
  double sum = 0.0;
  for (double x : l.return_p) sum += x;
  if (std::abs(sum - 1.0) > 1e-6)
    throw LeverError(l.NAME, "return_p", "shares summing to 1", "a sum of " + fmt::to_string(sum));
}

void apply(const VrijstellingReview& l, ScenarioConfig& c) {
  check(l);
  const Destination self = to_setting(Setting::Vrijstelling5a);
  std::vector<Destination> to;
  for (const std::string& name : l.return_to) {
    to.push_back(destination_named(c, l.NAME, "return_to", name));
    if (to.back() == self)
      throw LeverError(l.NAME, "return_to", "destinations out of vrijstelling_5a", "'vrijstelling_5a'");
  }
  const FreeSettingRules& f = free_setting_named(c, l.NAME, "enabled", Setting::Vrijstelling5a);
  // At the review, return_share of the renewals that would have followed go back into education instead.
  std::vector<RuleRow> reviewed = f.rules;
  for (RuleRow& row : reviewed) {
    for (std::size_t i = 0; i < row.to.size(); ++i) {
      if (!(row.to[i] == self)) continue;
      const double moved = row.probability[i] * l.return_share;
      row.probability[i] -= moved;
      for (std::size_t j = 0; j < to.size(); ++j) add_probability(row, to[j], moved * l.return_p[j]);
    }
  }
  c.exemption_review = {true, l.after_years * DAYS_PER_YEAR, std::move(reviewed)};
}

}  // namespace ozsim::model::interventions
