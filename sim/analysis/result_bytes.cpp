#include "sim/analysis/result_bytes.hpp"

namespace ozsim::analysis {

void write_result(ByteWriter& out, const model::RunResult& result) {
  out.put(static_cast<std::uint64_t>(result.kpis.size()));
  for (const auto& [name, value] : result.kpis) {
    out.put(std::string_view(name));
    out.put(value);
  }
  out.put(static_cast<std::uint64_t>(result.series_names.size()));
  for (const std::string& name : result.series_names) out.put(std::string_view(name));
  out.put(result.series_days);
  out.put(static_cast<std::uint64_t>(result.series_values.size()));
  for (const std::vector<double>& month : result.series_values) out.put(month);
  out.put(static_cast<std::uint64_t>(result.flows.size()));
  for (const model::FlowCount& flow : result.flows) {
    out.put(static_cast<std::int64_t>(flow.year));
    out.put(std::string_view(flow.from));
    out.put(std::string_view(flow.to));
    out.put(flow.count);
  }
  out.put(static_cast<std::uint64_t>(result.costs.size()));
  for (const model::CostLine& cost : result.costs) {
    out.put(static_cast<std::int64_t>(cost.year));
    out.put(std::string_view(cost.payer));
    out.put(std::string_view(cost.item));
    out.put(cost.euros);
    out.put(static_cast<std::uint8_t>(cost.kind));
    out.put(static_cast<std::uint8_t>(cost.catchment ? 1 : 0));
    out.put(std::string_view(cost.region));
  }
  out.put(static_cast<std::int64_t>(result.first_cost_year));
  out.put(static_cast<std::int64_t>(result.last_cost_year));
  out.put(result.fingerprint);
  out.put(result.events);
  out.put(result.pupils);
  out.put(result.unmaterialised_pupils);
  out.put(result.pupils_made_at_onset_month);
  out.put(std::string_view(result.trace_csv));
}

model::RunResult read_result(ByteReader& in) {
  model::RunResult result;
  for (auto n = in.get<std::uint64_t>(); n > 0; --n) {
    std::string name = in.get_string();
    result.kpis.emplace_hint(result.kpis.end(), std::move(name), in.get<double>());
  }
  for (auto n = in.get<std::uint64_t>(); n > 0; --n) result.series_names.push_back(in.get_string());
  result.series_days = in.get_doubles();
  for (auto n = in.get<std::uint64_t>(); n > 0; --n) result.series_values.push_back(in.get_doubles());
  for (auto n = in.get<std::uint64_t>(); n > 0; --n) {
    model::FlowCount flow;
    flow.year = static_cast<int>(in.get<std::int64_t>());
    flow.from = in.get_string();
    flow.to = in.get_string();
    flow.count = in.get<std::uint64_t>();
    result.flows.push_back(std::move(flow));
  }
  for (auto n = in.get<std::uint64_t>(); n > 0; --n) {
    model::CostLine cost;
    cost.year = static_cast<int>(in.get<std::int64_t>());
    cost.payer = in.get_string();
    cost.item = in.get_string();
    cost.euros = in.get<double>();
    const auto kind = in.get<std::uint8_t>();
    if (kind >= model::COST_KIND_COUNT) throw std::logic_error("result bytes: a cost kind out of range");
    cost.kind = static_cast<model::CostKind>(kind);
    cost.catchment = in.get<std::uint8_t>() != 0;
    cost.region = in.get_string();
    result.costs.push_back(std::move(cost));
  }
  result.first_cost_year = static_cast<int>(in.get<std::int64_t>());
  result.last_cost_year = static_cast<int>(in.get<std::int64_t>());
  result.fingerprint = in.get<std::uint64_t>();
  result.events = in.get<std::uint64_t>();
  result.pupils = in.get<std::uint64_t>();
  result.unmaterialised_pupils = in.get<std::uint64_t>();
  result.pupils_made_at_onset_month = in.get<std::uint64_t>();
  result.trace_csv = in.get_string();
  return result;
}

}  // namespace ozsim::analysis
