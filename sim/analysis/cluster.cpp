#include "sim/analysis/cluster.hpp"

#include <cstdint>
#include <cstring>
#include <optional>
#include <utility>

#include "sim/analysis/result_bytes.hpp"
#include "sim/engine/thread_pool.hpp"

namespace ozsim::analysis {
namespace {

// The first byte of every rank's contribution to an exchange.
constexpr char kResults = 'R';
constexpr char kFailed = 'F';

std::string encode_failure(const Failure& failure) {
  std::string out(1, kFailed);
  const auto code = static_cast<std::int32_t>(failure.exit_code);
  out.append(reinterpret_cast<const char*>(&code), sizeof code);
  out += failure.message;
  return out;
}

Failure decode_failure(const std::string& bytes) {
  if (bytes.size() < 1 + sizeof(std::int32_t)) throw std::logic_error("exchange: a truncated failure");
  std::int32_t code = 0;
  std::memcpy(&code, bytes.data() + 1, sizeof code);
  return {code, bytes.substr(1 + sizeof code)};
}

std::string prefixed(std::size_t rank, Failure failure, bool every_rank_alike) {
  if (every_rank_alike) return std::move(failure.message);
  return "rank " + std::to_string(rank) + ": " + failure.message;
}

}  // namespace

RankFailure::RankFailure(std::size_t rank, Failure failure, bool every_rank_alike)
    : std::runtime_error(prefixed(rank, failure, every_rank_alike)),
      rank_(rank),
      exit_code_(failure.exit_code),
      every_rank_alike_(every_rank_alike) {}

std::vector<std::string> exchange_or_stop(Cluster& cluster, std::variant<std::string, Failure> mine) {
  std::string sent;
  if (auto* bytes = std::get_if<std::string>(&mine)) {
    sent.reserve(bytes->size() + 1);
    sent += kResults;
    sent += *bytes;
  } else {
    sent = encode_failure(std::get<Failure>(mine));
  }
  std::vector<std::string> all = cluster.all_gather(sent);
  std::optional<std::size_t> first_failed;
  bool every_rank_alike = true;
  for (std::size_t r = 0; r < all.size(); ++r) {
    if (all[r].empty() || (all[r][0] != kResults && all[r][0] != kFailed))
      throw std::logic_error("exchange: rank " + std::to_string(r) + " sent no header");
    if (all[r][0] == kFailed) {
      if (!first_failed) first_failed = r;
      if (all[r] != all[*first_failed]) every_rank_alike = false;
    } else {
      every_rank_alike = false;
    }
  }
  if (first_failed) throw RankFailure(*first_failed, decode_failure(all[*first_failed]), every_rank_alike);
  for (std::string& bytes : all) bytes.erase(0, 1);
  return all;
}

SlotRange share_of(std::size_t count, std::size_t rank, std::size_t ranks) {
  if (ranks == 0 || rank >= ranks) throw std::logic_error("share_of: rank out of range");
  const std::size_t base = count / ranks;
  const std::size_t extra = count % ranks;  // the first `extra` ranks run one slot more
  const std::size_t begin = rank * base + (rank < extra ? rank : extra);
  return {begin, begin + base + (rank < extra ? 1 : 0)};
}

void spread_for(Cluster& cluster, std::size_t count, unsigned threads,
                const std::function<void(std::size_t)>& task,
                const std::function<std::vector<double>(std::size_t)>& save,
                const std::function<void(std::size_t, const std::vector<double>&)>& load,
                const std::string& noun) {
  const std::size_t ranks = cluster.size();
  if (ranks == 1) {
    engine::parallel_for(count, threads, task);
    return;
  }
  const SlotRange mine = share_of(count, cluster.rank(), ranks);
  const auto errors =
      engine::run_slots(mine.end - mine.begin, threads, [&](std::size_t k) { task(mine.begin + k); });
  std::variant<std::string, Failure> sent = std::string{};
  for (std::size_t k = 0; k < errors.size(); ++k)
    if (errors[k]) {
      std::string reason;
      try {
        std::rethrow_exception(errors[k]);
      } catch (const std::exception& e) {
        reason = e.what();
      } catch (...) {
        reason = "unknown exception";
      }
      sent = Failure{1, noun + " " + std::to_string(mine.begin + k) + ": " + reason};
      break;
    }
  if (auto* bytes = std::get_if<std::string>(&sent)) {
    ByteWriter writer(*bytes);
    for (std::size_t slot = mine.begin; slot < mine.end; ++slot) writer.put(save(slot));
  }
  const std::vector<std::string> all = exchange_or_stop(cluster, std::move(sent));
  for (std::size_t r = 0; r < ranks; ++r) {
    if (r == cluster.rank()) continue;  // its slots are here already
    ByteReader reader(all[r]);
    const SlotRange theirs = share_of(count, r, ranks);
    for (std::size_t slot = theirs.begin; slot < theirs.end; ++slot) load(slot, reader.get_doubles());
    if (!reader.at_end())
      throw std::logic_error("spread_for: rank " + std::to_string(r) + " sent more than its share");
  }
}

}  // namespace ozsim::analysis
