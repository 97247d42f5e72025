// The observed state a run starts from. A run that starts with every provision empty spends years filling
// up, and the fill-up looks like a trend; so the scenario gives the stocks on day 0, and each pupil placed
// there is in a spell caught in progress: its remaining time has the equilibrium residual-life density
// S(x)/m of the stay (a spell seen in progress is longer than average), not the full-stay distribution.
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/model/pupil_model.hpp"

namespace ozsim::model {

void PupilModel::create_initial_population() {
  const std::size_t regions = config_.region_count();
  const double now = sim_.now();
  const double max_age = config_.population.max_age;
  const bool aggregate = !options_.materialise_every_pupil && !options_.trace;
  // Each region's stocks, with the provision that serves it in place of the kind its stocks name.
  std::vector<std::vector<InitialStock>> stocks(regions);
  for (std::size_t r = 0; r < regions; ++r) {
    stocks[r] = initial_state_of(r);
    for (InitialStock& stock : stocks[r])
      if (stock.in.type == Destination::Type::Provision)
        stock.in.index = static_cast<std::uint16_t>(serving(stock.in.index, r));
  }

  // Who is drawn for a stock: the region's initial pupils in a random order of their own (one draw each, from
  // the pupil's creation stream), so a pupil's place does not depend on how many pupils other bands hold; a
  // stock takes the first pupils of its band in that order that no earlier stock took. So from the ages
  // between two neighbouring band edges (a cell) no more pupils are taken than the stocks whose bands cover
  // it hold together, and only that many lowest keys per cell need keeping: the choice is the same as from
  // every pupil, without a list of every pupil.
  // A candidate's age is known by its cell (between two band edges, so inside or outside every band): 16
  // bytes, not 24, for the few hundred thousand a national run sorts.
  struct Candidate {
    double key = 0.0;
    std::uint32_t serial = 0;
    std::uint16_t cell = 0;
    bool taken = false;
    bool operator<(const Candidate& other) const {
      return key != other.key ? key < other.key : serial < other.serial;
    }
  };
  static_assert(sizeof(Candidate) == 16);
  std::vector<std::vector<Candidate>> candidates(regions);
  std::vector<std::vector<double>> band_edges(regions);
  constexpr std::uint16_t NO_CELL = std::numeric_limits<std::uint16_t>::max();  // a pupil passed over
  // What a region's draws need: its cells and their room, its age groups as one run of serials from `first`
  // on (group_end[j] is the offset after group j), and the bound below which a key is kept.
  struct CandidateRegion {
    std::size_t region = 0;
    std::vector<std::int64_t> room;
    const std::vector<AgeGroup>* groups = nullptr;
    std::vector<std::int64_t> group_end;
    std::uint32_t first = 0;
    std::int64_t pupils = 0;
    std::vector<double> bound;
    std::vector<std::vector<Candidate>> kept;  // per cell
  };
  std::vector<CandidateRegion> drawn_regions;  // the regions with a stock to draw for
  std::uint32_t serial = pupils_created_;
  for (std::size_t r = 0; r < regions; ++r) {
    std::vector<double>& edges = band_edges[r];
    for (const InitialStock& stock : stocks[r])
      if (stock.age_from < max_age && stock.count > 0) {
        edges.push_back(stock.age_from);
        edges.push_back(stock.age_to);
      }
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    const std::size_t cells = edges.empty() ? 0 : edges.size() - 1;
    if (cells >= NO_CELL)
      throw std::invalid_argument("initial_state: more than 65,534 age bands in one region");
    CandidateRegion region;
    region.region = r;
    region.room.assign(cells, 0);
    for (const InitialStock& stock : stocks[r])
      for (std::size_t c = 0; c < cells && stock.age_from < max_age; ++c)
        if (edges[c] >= stock.age_from && edges[c + 1] <= stock.age_to) region.room[c] += stock.count;
    // The region's age groups as one run of serials, drawn in one call as draw_and_count_groups does.
    region.groups = &initial_of(r);
    for (const AgeGroup& g : *region.groups)
      region.group_end.push_back((region.group_end.empty() ? 0 : region.group_end.back()) + g.count);
    region.first = serial;
    region.pupils = region.group_end.empty() ? 0 : region.group_end.back();
    serial += static_cast<std::uint32_t>(region.pupils);
    // A cell needs only its `room` lowest keys, and the keys are uniform: of the pupils expected in the
    // cell (ages are uniform within a group), those below a bound that leaves room plus six standard
    // deviations are kept, the rest passed over on the drawing thread. Every key below the bound is kept,
    // so if at least `room` were, the lowest `room` of them are those of every pupil; if fewer were (about
    // once in a billion), the region is drawn again with no bound. The choice is the same either way.
    region.bound.assign(cells, 1.0);
    for (std::size_t c = 0; c < cells; ++c) {
      double expected = 0.0;
      for (const AgeGroup& g : *region.groups) {
        const double overlap = std::min(edges[c + 1], g.age_to) - std::max(edges[c], g.age_from);
        if (overlap > 0.0 && g.age_to > g.age_from)
          expected += static_cast<double>(g.count) * overlap / (g.age_to - g.age_from);
      }
      const auto need = static_cast<double>(region.room[c]);
      const double keep = need + options_.starting_stock_key_margin * std::sqrt(need) + 20.0;
      if (expected > 0.0 && keep < expected) region.bound[c] = keep / expected;
    }
    region.kept.resize(cells);
    if (cells > 0 && region.pupils > 0) drawn_regions.push_back(std::move(region));
  }
  // Pupil i of a region: its cell and, if the cell has room and its key is below the bound, its candidate.
  // Its own draws, so any thread may take them.
  const auto candidate_of = [&](const CandidateRegion& region, std::int64_t i,
                                const std::vector<double>& below) -> Candidate {
    const std::vector<std::int64_t>& group_end = region.group_end;
    const AgeGroup& g = (*region.groups)[static_cast<std::size_t>(
        std::upper_bound(group_end.begin(), group_end.end(), i) - group_end.begin())];
    const std::uint32_t s = region.first + static_cast<std::uint32_t>(i);
    const double age = SchoolCalendar::age_in_years(
        draw_birth(s, g.age_from, g.age_to, now, /*age_only=*/true).birth_day, now);
    const std::vector<double>& edges = band_edges[region.region];
    const auto above = std::upper_bound(edges.begin(), edges.end(), age);
    if (above == edges.begin() || above == edges.end()) return {.cell = NO_CELL};
    const auto c = static_cast<std::size_t>(above - edges.begin()) - 1;
    if (region.room[c] == 0) return {.cell = NO_CELL};
    const double key = entity_first_uniform01(Purpose::Creation, s, 1);
    if (!(key < below[c])) return {.cell = NO_CELL};
    return Candidate{key, s, static_cast<std::uint16_t>(c)};
  };
  // A region's draws done: the lowest `room` keys of each cell (drawn again without a bound if a cell's
  // kept keys fall short), in key order.
  const auto choose_candidates = [&](CandidateRegion& region) {
    bool short_of_keys = false;
    for (std::size_t c = 0; c < region.kept.size(); ++c)
      if (region.bound[c] < 1.0 && static_cast<std::int64_t>(region.kept[c].size()) < region.room[c])
        short_of_keys = true;
    if (short_of_keys) {
      ++starting_stock_redraws_;
      for (std::vector<Candidate>& cell : region.kept) cell.clear();
      const std::vector<double> unbounded(region.kept.size(), 1.0);
      in_order_of_draws<Candidate>(
          region.pupils, [&](std::int64_t i) { return candidate_of(region, i, unbounded); },
          [&](std::int64_t, const Candidate& drawn) {
            if (drawn.cell != NO_CELL) region.kept[drawn.cell].push_back(drawn);
          });
    }
    std::vector<Candidate>& chosen = candidates[region.region];
    for (std::size_t c = 0; c < region.kept.size(); ++c) {
      std::vector<Candidate>& cell = region.kept[c];
      starting_candidates_kept_ += cell.size();
      if (static_cast<std::int64_t>(cell.size()) > region.room[c]) {
        const auto end_of_lowest = cell.begin() + static_cast<std::ptrdiff_t>(region.room[c]);
        std::nth_element(cell.begin(), end_of_lowest, cell.end());
        cell.erase(end_of_lowest, cell.end());
      }
      chosen.insert(chosen.end(), cell.begin(), cell.end());
      std::vector<Candidate>().swap(cell);
    }
    std::sort(chosen.begin(), chosen.end());
  };
  // Every region's pupils in one run of draws, so that the drawing threads go on with the next region's
  // while this thread chooses a region's candidates: region_end[j] is the offset after drawn region j.
  std::vector<std::int64_t> region_end;
  for (const CandidateRegion& region : drawn_regions)
    region_end.push_back((region_end.empty() ? 0 : region_end.back()) + region.pupils);
  const auto region_at = [&](std::int64_t i) {
    return static_cast<std::size_t>(std::upper_bound(region_end.begin(), region_end.end(), i) -
                                    region_end.begin());
  };
  in_order_of_draws<Candidate>(
      region_end.empty() ? 0 : region_end.back(),
      [&](std::int64_t i) {
        const std::size_t j = region_at(i);
        const CandidateRegion& region = drawn_regions[j];
        return candidate_of(region, i - (region_end[j] - region.pupils), region.bound);
      },
      [&](std::int64_t i, const Candidate& drawn) {
        const std::size_t j = region_at(i);
        CandidateRegion& region = drawn_regions[j];
        if (drawn.cell != NO_CELL) region.kept[drawn.cell].push_back(drawn);
        if (i + 1 == region_end[j]) choose_candidates(region);
      });
  drawn_regions.clear();

  // The draw itself, stock by stock in the scenario's order: which pupil goes where.
  constexpr std::uint32_t MADE_FOR_THE_STOCK = 0xFFFFFFFF;
  struct Placement {
    std::size_t region = 0;
    std::size_t stock = 0;
    std::uint32_t serial = MADE_FOR_THE_STOCK;
  };
  std::vector<Placement> placements;
  std::vector<std::uint32_t> drawn;
  for (std::size_t r = 0; r < regions; ++r) {
    for (std::size_t j = 0; j < stocks[r].size(); ++j) {
      const InitialStock& stock = stocks[r][j];
      // Past qualification age only a provision with a higher maximum age (VSO, to 20) holds pupils: they
      // are not in the initial population, so they are made for the stock.
      if (stock.age_from >= max_age) {
        placements.push_back({r, j});
        continue;
      }
      // The stock's band is the cells [from_cell, to_cell): its edges are band edges.
      const std::vector<double>& edges = band_edges[r];
      const auto from_cell = std::lower_bound(edges.begin(), edges.end(), stock.age_from) - edges.begin();
      const auto to_cell = std::lower_bound(edges.begin(), edges.end(), stock.age_to) - edges.begin();
      std::int64_t placed = 0;
      for (Candidate& candidate : candidates[r]) {
        if (placed == stock.count) break;
        if (candidate.taken || candidate.cell < from_cell || candidate.cell >= to_cell) continue;
        candidate.taken = true;
        placements.push_back({r, j, candidate.serial});
        drawn.push_back(candidate.serial);
        ++placed;
      }
      if (placed < stock.count)
        throw std::invalid_argument(
            "initial_state: " + std::to_string(stock.count) + " pupils in " +
            destination_name(config_, stock.in) + " need as many pupils aged " +
            std::to_string(stock.age_from) + " to " + std::to_string(stock.age_to) +
            " in the initial population" +
            (scenario_.regions.empty() ? std::string() : " of region " + scenario_.regions[r].name) +
            ", but only " + std::to_string(placed) + " are left");
    }
  }
  candidates = {};
  // Which initial pupils were drawn, by serial: each one's test below is a look-up, not a search.
  const std::uint32_t first_initial = pupils_created_;
  std::vector<bool> was_drawn(serial - first_initial, false);
  for (std::uint32_t s : drawn) was_drawn[s - first_initial] = true;
  const std::size_t drawn_count = drawn.size();
  std::vector<std::uint32_t>().swap(drawn);  // released, not emptied (`= {}` keeps the capacity)

  // The initial pupils in order of their serials: made if drawn for a stock or if anything but school happens
  // to them, else counted in aggregate.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> drawn_ids;  // (serial, id), by serial
  drawn_ids.reserve(drawn_count);
  std::vector<RegionGroups> initial_groups;
  for (std::size_t r = 0; r < regions; ++r)
    initial_groups.push_back({static_cast<std::uint16_t>(r), &initial_of(r)});
  draw_and_count_regions(pupils_created_, initial_groups, {}, now, aggregate, was_drawn, first_initial,
                         [&](std::uint32_t s, const AgeGroup& g) {
                           made_for_a_stock_ = was_drawn[s - first_initial];
                           const std::uint32_t id = create_pupil(g.age_from, g.age_to);
                           if (made_for_a_stock_) drawn_ids.emplace_back(s, id);
                           made_for_a_stock_ = false;
                         });
  if (placements.empty()) return;

  // A provision that holds more pupils than its places on day 0 (a capacity cut, a sweep to fewer places)
  // keeps them until they leave, as after a capacity change: its places are raised for the placement and
  // put back after, with the excess as overflow.
  std::vector<std::int64_t> stock_in(provisions_.size(), 0);
  for (const std::vector<InitialStock>& region_stocks : stocks)
    for (const InitialStock& stock : region_stocks)
      if (stock.in.type == Destination::Type::Provision) stock_in[stock.in.index] += stock.count;
  std::vector<std::int64_t> places(provisions_.size(), 0);
  for (std::size_t k = 0; k < provisions_.size(); ++k) {
    places[k] = provisions_[k].capacity();
    if (stock_in[k] > places[k]) provisions_[k].set_capacity(now, stock_in[k]);
  }
  // Each drawn pupil's slot, in the placements' order, so that the next one's pupil and ledger entry can be
  // asked for while this one is placed: at national scale each is a cache miss, and this loop runs alone.
  constexpr std::uint32_t NO_SLOT = 0xFFFFFFFF;
  std::vector<std::uint32_t> slot_of(placements.size(), NO_SLOT);
  for (std::size_t i = 0; i < placements.size(); ++i)
    if (placements[i].serial != MADE_FOR_THE_STOCK)
      slot_of[i] = std::lower_bound(drawn_ids.begin(), drawn_ids.end(),
                                    std::pair<std::uint32_t, std::uint32_t>{placements[i].serial, 0})
                       ->second;
  const auto prefetch_placement = [&](std::size_t i) {
    if (i >= placements.size() || slot_of[i] == NO_SLOT) return;
    const auto* pupil = reinterpret_cast<const char*>(pupils_.data() + slot_of[i]);
    __builtin_prefetch(pupil);
    __builtin_prefetch(pupil + sizeof(Pupil) - 1);
    ledger_.prefetch_pupil(slot_of[i]);
  };
  // A drawn pupil's placement draws are its own (draw_initial): the creation threads take them ahead while
  // this thread places. They read the pupils' records, so no record may move meanwhile: the pupils made for
  // a stock below must fit in the room reserved (they do, as PupilModel::run reserves it), else every draw
  // is taken here.
  std::size_t made_here = 0;
  for (const Placement& placement : placements)
    if (placement.serial == MADE_FOR_THE_STOCK)
      made_here += static_cast<std::size_t>(stocks[placement.region][placement.stock].count);
  const bool draws_ahead = pupils_.size() + made_here <= pupils_.capacity();
  const auto place = [&](std::size_t i, const InitialDraws* draws) {
    const Placement& placement = placements[i];
    const InitialStock& stock = stocks[placement.region][placement.stock];
    if (placement.serial != MADE_FOR_THE_STOCK) {
      prefetch_placement(i + 1);
      if (draws != nullptr) {
        place_initial(slot_of[i], stock, *draws);
      } else {
        place_initial(slot_of[i], stock);
      }
      return;
    }
    creating_region_ = static_cast<std::uint16_t>(placement.region);
    for (std::int64_t made = 0; made < stock.count; ++made) {
      made_for_a_stock_ = true;
      const std::uint32_t id = create_pupil(stock.age_from, stock.age_to);
      made_for_a_stock_ = false;
      place_initial(id, stock);
    }
  };
  if (draws_ahead) {
    in_order_of_draws<InitialDraws>(
        static_cast<std::int64_t>(placements.size()),
        [&](std::int64_t i) {
          const auto at = static_cast<std::size_t>(i);
          if (slot_of[at] == NO_SLOT) return InitialDraws{};
          return draw_initial(pupils_[slot_of[at]], stocks[placements[at].region][placements[at].stock], now);
        },
        [&](std::int64_t i, const InitialDraws& draws) { place(static_cast<std::size_t>(i), &draws); });
  } else {
    for (std::size_t i = 0; i < placements.size(); ++i) place(i, nullptr);
  }
  for (std::size_t k = 0; k < provisions_.size(); ++k) {
    if (provisions_[k].capacity() == places[k]) continue;
    provisions_[k].set_capacity(now, places[k]);
    overflow_allowance_[k] = std::max<std::int64_t>(0, provisions_[k].occupancy() - places[k]);
  }
}

double PupilModel::entry_age(const InitialStock& stock) const {
  if (stock.entered_from_age) return *stock.entered_from_age;
  const PopulationConfig& population = config_.population;
  if (stock.in.type != Destination::Type::Provision) return population.intake_age;
  const std::vector<Level>& levels = config_.provisions[stock.in.index].eligible_levels;
  const bool secondary_only =
      !levels.empty() && std::all_of(levels.begin(), levels.end(), [](Level l) { return l == Level::Vo; });
  return secondary_only ? population.po_vo_age : population.intake_age;
}

PupilModel::InitialDraws PupilModel::draw_initial(const Pupil& made, const InitialStock& stock,
                                                  double now) const {
  const Destination& in = stock.in;
  const bool placement = in.type == Destination::Type::Provision;
  const Setting setting = placement ? config_.provisions[in.index].setting : static_cast<Setting>(in.index);
  // The pupil as place_initial leaves it when its spell is drawn: with its problem, in `setting`.
  Pupil pupil = made;
  InitialDraws drawn;
  // Pupils in the drop-out chain had a problem episode, with a profile and a severity; special education and
  // structured groups are reached by referral, without one.
  const bool referred =
      setting == Setting::Sbo || setting == Setting::SoVso || setting == Setting::Structuurgroep;
  if (!referred) {
    engine::RandomStream rng =
        entity_stream(Purpose::Profile, pupil.serial, pupil.draws[counter_index(Purpose::Profile)]);
    drawn.problem = onset_.draw_problem(rng, level_of(pupil, now));
    drawn.problem_drawn = true;
    pupil.profile = drawn.problem.profile;
    pupil.severity = drawn.problem.severity & 3U;
  }
  // The spell began after the pupil could first be there (school start; VSO at 12), and before the end of
  // the stock's entry window if it has one.
  const double age_days = now - pupil.birth_day;
  const double max_elapsed = std::max(0.0, age_days - SchoolCalendar::years_to_days(entry_age(stock)));
  const double min_elapsed =
      stock.entered_to_age
          ? std::clamp(age_days - SchoolCalendar::years_to_days(*stock.entered_to_age), 0.0, max_elapsed)
          : 0.0;
  const std::vector<RuleRow>& rules = placement ? config_.provisions[in.index].rules : rules_for(setting);
  drawn.sojourn = draw_sojourn(pupil, setting, rules, pupil.draws[counter_index(Purpose::Sojourn)],
                               /*in_progress=*/true, min_elapsed, max_elapsed, Purpose::Sojourn, now);
  return drawn;
}

void PupilModel::place_initial(std::uint32_t id, const InitialStock& stock, const InitialDraws& drawn) {
  const Destination& in = stock.in;
  Pupil& p = pupils_[id];
  const bool placement = in.type == Destination::Type::Provision;
  const Setting setting = placement ? config_.provisions[in.index].setting : static_cast<Setting>(in.index);
  if (drawn.problem_drawn) {
    ++p.draws[counter_index(Purpose::Profile)];
    p.profile = drawn.problem.profile;
    p.severity = drawn.problem.severity & 3U;  // 1-3: fits the two bits
    p.had_episode = true;
  }
  if (!placement) {
    set_setting(id, setting, "initial");
  } else {
    const ProvisionConfig& pc = config_.provisions[in.index];
    engine::Provision& prov = provisions_[in.index];
    if (prov.request(sim_.now(), id, 0.0) != engine::RequestOutcome::Admitted)
      throw std::invalid_argument("initial_state: more pupils in " + pc.name + " than its " +
                                  std::to_string(prov.capacity()) + " places");
    p.provision = static_cast<std::int16_t>(in.index);
    ledger_.place_taken(sim_.now(), in.index, vo_day(p), /*already_held=*/true);
    set_setting(id, setting, pc.name);
  }
  // As start_sojourn begins it, scheduled once below, when the spell's start is known.
  ++p.draws[counter_index(Purpose::Sojourn)];
  begin_sojourn(id, drawn.sojourn.duration);
  // The spell began before day 0: stays, absence episodes and home spells are measured from its start, so
  // the first years' lengths are not cut short (a pupil home for months is past the 3-month norm on day 0).
  const double began = sim_.now() - drawn.sojourn.elapsed;
  p.spell_start = began;
  if (p.absence_since != Pupil::NEVER) p.absence_since = began;
  if (p.home_since != Pupil::NEVER) p.home_since = began;
  schedule_next(id);
}

}  // namespace ozsim::model
