// JOS, jeugdhulp op school (JosConfig): the youth workers' caseload in the VO schools and its own waiting
// list. JOS acts where a pupil's problems start; a pupil it cannot take at once gets no effect.
#include <algorithm>

#include "sim/model/pupil_model.hpp"

namespace ozsim::model {

bool PupilModel::jos_takes_up(std::uint32_t id, engine::RandomStream& rng) {
  const JosConfig& jos = config_.jos;
  if (jos.places <= 0) return false;
  Pupil& p = pupils_[id];
  const double now = sim_.now();
  if (std::find(jos.levels.begin(), jos.levels.end(), level_of(p, now)) == jos.levels.end()) return false;
  const std::uint64_t case_id = next_jos_case_++;
  // JOS's list has no maximum length (its waits are bounded by max_wait_days), so a request is never
  // rejected.
  if (jos_.request(now, case_id) != engine::RequestOutcome::Admitted) {
    trace(id, "jos_waiting_list", "attending", "");
    schedule_jos(now + jos.max_wait_days, JosListExpiry, case_id);
    return false;
  }
  schedule_jos(now + jos.support_days, JosCaseEnd, case_id);
  // The onset's own stream, after its problem draws: the draw moves no other draw of this pupil.
  const bool prevented = rng.uniform01() < jos.prevention_share;
  ledger_.jos_case(now, prevented);
  if (!prevented) return false;
  // Dealt with in school: the pupil keeps attending. The episode happened (had_episode stays set, so the
  // relapse hazard applies), but there is no absence.
  trace(id, "jos_prevented", "attending", "attending");
  start_attending_spell(id);
  return true;
}

// A case from JOS's list taken up when a place frees: bridging for a pupil whose problem has taken its
// course meanwhile (the youth worker supports it where it now is), so it has no effect on the pupil's route,
// but it holds the place for support_days.
void PupilModel::on_jos_admitted(const engine::Admission& admission) {
  ledger_.jos_case(admission.admitted_at, false);
  schedule_jos(admission.admitted_at + config_.jos.support_days, JosCaseEnd, admission.entity);
}

void PupilModel::schedule_jos(double day, EventKind kind, std::uint64_t case_id) {
  // Events after the horizon never run: leaving them out keeps the calendar small.
  if (day > calendar_.horizon_day()) return;
  sim_.schedule_at(day, kind, 0, case_id);
}

}  // namespace ozsim::model
