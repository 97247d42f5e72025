// [provisions.<name>]: places, waiting lists, eligibility, the rules of leaving and the cost.
#include <algorithm>
#include <cmath>

#include "sim/params/number_format.hpp"
#include "sim/scenario/section_keys.hpp"

namespace ozsim::scenario {
namespace {

constexpr double INF = KeyBinding::INF;

// [provisions.<name>.catchment]: referrals from outside the modelled population (model::CatchmentInflow).
// Absent: none. Read after eligible_levels, which vo_share must agree with.
void catchment_keys(KeyBinding& provision, model::ProvisionConfig& p) {
  KeyBinding k = provision.section("catchment");
  const bool present = provision.declaring() || provision.reader().present(provision.key("catchment"));
  if (!present) return;
  model::CatchmentInflow c;
  k.string("name", c.name,
           "the catchment outside the modelled population that also refers to this provision, one lowercase "
           "word (e.g. rijnstreek): its KPIs (catchment.<provision>.*) and the payer its part of the cost is "
           "booked to",
           required());
  c.referrals = year_count_keys(
      k, "referrals",
      "its referrals per school year as { year, count } rows (a Poisson process at that rate, drawn from a "
      "stream of its own); a year not listed takes the latest listed year before it; none while the "
      "provision has no places",
      "referrals in the school year");
  k.number("vo_share", c.vo_share,
           "share of its referrals of secondary-school age (their level for eligibility, rules and the SWV's "
           "split)",
           0.0, 1.0);
  k.integer("initial_occupants", c.initial_occupants,
            "its referrals in a place when the run starts, each in a stay caught in progress", 0.0, INF);
  if (provision.declaring()) return;
  params::KeyReader& reader = k.reader();
  if (!reader.present(k.key("referrals")))
    reader.fail(k.key("referrals"), "{ year, count } rows of referrals per school year", "none");
  // A scenario built on one with a catchment removes it with an empty series and no initial occupants.
  if (c.referrals.empty() && c.initial_occupants == 0) return;
  const bool is_word = !c.name.empty() && std::all_of(c.name.begin(), c.name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || ch == '_';
  });
  if (!is_word) reader.fail(k.key("name"), "one lowercase word (letters and '_')", "'" + c.name + "'");
  if (c.name == "total" ||
      std::find(model::PAYER_NAMES.begin(), model::PAYER_NAMES.end(), c.name) != model::PAYER_NAMES.end())
    reader.fail(k.key("name"),
                "a name other than a payer of the region or 'total' (its cost is booked to it)",
                "'" + c.name + "'");
  for (const model::Level level : {model::Level::Po, model::Level::Vo}) {
    const double share = level == model::Level::Vo ? c.vo_share : 1.0 - c.vo_share;
    const bool admitted =
        p.eligible_levels.empty() ||
        std::find(p.eligible_levels.begin(), p.eligible_levels.end(), level) != p.eligible_levels.end();
    if (share > 0.0 && !admitted)
      reader.fail(k.key("vo_share"),
                  std::string("a share the provision admits (it takes no ") + model::level_name(level) +
                      " pupils: vo_share = " + (level == model::Level::Vo ? "0" : "1") + ")",
                  params::format_number(c.vo_share));
  }
  p.catchment = std::move(c);
}

}  // namespace

void provision_keys(KeyBinding& k, model::ProvisionConfig& p, const Destinations& to,
                    const LeverOwnsField& lever_owns) {
  // Fields a lever sets (the opbouwarrangement's design) are read there, not here.
  const auto own = [&](std::string_view field) { return k.declaring() || !lever_owns(field); };
  const auto destination = [&](std::string_view field, const std::string& name) {
    return to(k.key(field), name);
  };
  k.setting("setting", p.setting, model::PROVISION_SETTINGS, "the kind of setting pupils are in while placed",
            required());
  if (own("capacity")) k.integer("capacity", p.capacity, "places", 0.0, INF, required());
  k.queue_rule("queue_rule", p.queue_rule, "waiting-list order");
  if (own("max_queue"))
    k.optional_integer("max_queue", p.max_queue, "longest waiting list; absent = unbounded", 0.0, INF);
  k.setting("wait_in", p.wait_in, model::DESTINATION_FREE_SETTINGS, "where a waiting pupil is meanwhile");
  k.boolean("is_care", p.is_care, "youth care or treatment: 'care comes first' applies");
  k.optional_number("max_wait_days", p.max_wait_days,
                    "days after which a waiting pupil gives up; absent = never", 0.0, INF);
  std::optional<std::string> on_renege;
  k.optional_string("on_renege", on_renege, "destination after giving up");
  std::vector<std::string> fallback;
  if (own("fallback"))
    k.strings("fallback", fallback, "destinations tried in order when not eligible or the list is full");
  if (own("eligible_levels")) k.levels("eligible_levels", p.eligible_levels, "levels admitted; empty = all");
  if (own("eligible_profiles"))
    k.profiles("eligible_profiles", p.eligible_profiles, "profiles admitted; empty = all");
  k.optional_number("leave_at_age", p.leave_at_age, "pupils leave when they reach this age", 0.0, 30.0);
  k.optional_number("max_age", p.max_age,
                    "pupils placed here stay to this age instead of population.max_age (VSO: 20)", 1.0, 30.0);
  std::string leave_at_age_to = "attending";
  k.string("leave_at_age_to", leave_at_age_to, "destination at leave_at_age");
  const std::size_t changes = k.rows("capacity_changes", "capacity from the start of a school year", "[]");
  for (std::size_t i = 0; i < changes; ++i) {
    KeyBinding row = k.row("capacity_changes", i);
    model::CapacityChange change;
    row.integer("year", change.year, "school year (its 1 August)", 1900, 2200, required());
    row.integer("capacity", change.capacity, "new capacity", 0.0, INF, required());
    if (!k.declaring()) p.capacity_changes.push_back(change);
  }
  if (own("rules")) rule_keys(k, "rules", p.rules, true, to);
  if (own("cost")) {
    KeyBinding cost = k.section("cost");
    cost_keys(cost, p.cost, CostOf::Provision);
  }
  catchment_keys(k, p);
  if (k.declaring()) return;

  params::KeyReader& reader = k.reader();
  if (p.max_wait_days && *p.max_wait_days <= 0.0)
    reader.fail(k.key("max_wait_days"), "a number > 0", params::format_number(*p.max_wait_days));
  if (on_renege) p.on_renege = destination("on_renege", *on_renege);
  for (const std::string& name : fallback) p.fallback.push_back(destination("fallback", name));
  if (p.leave_at_age)
    p.leave_at_age_to = destination("leave_at_age_to", leave_at_age_to);
  else if (reader.present(k.key("leave_at_age_to")))
    reader.fail(k.key("leave_at_age_to"), "leave_at_age to be set as well", "leave_at_age_to alone");
}

}  // namespace ozsim::scenario

namespace ozsim::scenario {

void initial_state_keys(KeyBinding& k, model::ScenarioConfig& c, const Destinations& to) {
  const std::size_t n = k.rows(
      "stocks",
      "the observed state on day 0: { in, age_from, age_to, count } rows; count pupils of those ages from "
      "the "
      "initial population start in 'in' (a provision or free setting), each in a spell caught in progress",
      "[]");
  for (std::size_t i = 0; i < n; ++i) {
    KeyBinding row = k.row("stocks", i);
    model::InitialStock stock;
    std::string in;
    row.string("in", in, "a provision or free setting (not attending)", required());
    row.number("age_from", stock.age_from, "youngest age", 0.0, 30.0, required());
    row.number("age_to", stock.age_to, "age the band ends before", 0.0, 30.0, required());
    row.integer("count", stock.count, "pupils there on day 0", 0.0, INF, required());
    row.optional_number(
        "entered_from_age", stock.entered_from_age,
        "the youngest age at which these spells began (VSO: 12); bounds the time each spell "
        "has run on day 0; unset: population.intake_age, or po_vo_age for a provision only VO "
        "pupils are eligible for",
        0.0, 30.0);
    row.optional_number("entered_to_age", stock.entered_to_age,
                        "the age before which these spells began (VSO pupils from SO at 12: 13); with "
                        "entered_from_age the window of entry ages; unset: no bound",
                        0.0, 30.0);
    if (k.declaring()) continue;
    params::KeyReader& reader = k.reader();
    if (stock.age_to <= stock.age_from)
      reader.fail(row.key("age_to"), "an age above age_from (" + params::format_number(stock.age_from) + ")",
                  params::format_number(stock.age_to));
    stock.in = to(row.key("in"), in);
    using model::Destination;
    if (stock.in.type == Destination::Type::Exit ||
        stock.in ==
            Destination{Destination::Type::Setting, static_cast<std::uint16_t>(model::Setting::Attending)})
      reader.fail(row.key("in"), "a provision or a free setting other than attending", "'" + in + "'");
    if (stock.entered_from_age && *stock.entered_from_age >= stock.age_to)
      reader.fail(row.key("entered_from_age"),
                  "an age below age_to (" + params::format_number(stock.age_to) + ")",
                  params::format_number(*stock.entered_from_age));
    if (stock.entered_to_age && *stock.entered_to_age <= stock.entered_from_age.value_or(0.0))
      reader.fail(row.key("entered_to_age"),
                  "an age above entered_from_age (" +
                      params::format_number(stock.entered_from_age.value_or(0.0)) + ")",
                  params::format_number(*stock.entered_to_age));
    const double max_age = c.population.max_age;
    if (stock.age_from < max_age && stock.age_to > max_age)
      reader.fail(row.key("age_to"),
                  "an age at most population.max_age (" + params::format_number(max_age) +
                      "); a band past it (VSO to 20) is a row of its own",
                  params::format_number(stock.age_to));
    if (stock.age_from >= max_age &&
        (stock.in.type != Destination::Type::Provision || !c.provisions[stock.in.index].max_age ||
         *c.provisions[stock.in.index].max_age < stock.age_to))
      reader.fail(row.key("in"),
                  "a provision whose max_age is at least " + params::format_number(stock.age_to) +
                      " (pupils past population.max_age are only there)",
                  "'" + in + "'");
    if (stock.age_from < max_age) {
      // The stock is drawn from the initial population: its band must hold that many pupils (ages spread
      // evenly over each population band).
      double available = 0.0;
      for (const model::AgeGroup& g : c.population.initial) {
        const double overlap = std::min(g.age_to, stock.age_to) - std::max(g.age_from, stock.age_from);
        if (overlap > 0.0) available += static_cast<double>(g.count) * overlap / (g.age_to - g.age_from);
      }
      if (static_cast<double>(stock.count) > available)
        reader.fail(row.key("count"),
                    "at most the " + params::format_number(std::floor(available)) +
                        " pupils population.initial " + "holds aged " +
                        params::format_number(stock.age_from) + " to " + params::format_number(stock.age_to),
                    std::to_string(stock.count));
    }
    c.initial_state.push_back(stock);
  }
}

}  // namespace ozsim::scenario
