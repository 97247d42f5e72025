#include "sim/scenario/key_binding.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim/params/number_format.hpp"

namespace ozsim::scenario {
namespace {

using params::KeyType;

std::string quoted(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

template <class T, class Name>
std::string quoted_list(const std::vector<T>& values, Name name) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + quoted(name(values[i]));
  return out + "]";
}

}  // namespace

KeyNote required(std::string source) {
  KeyNote note(std::move(source));
  note.required = true;
  return note;
}

std::string KeyBinding::key(std::string_view field) const {
  return prefix_.empty() ? std::string(field) : prefix_ + "." + std::string(field);
}

bool KeyBinding::declare(std::string_view field, KeyType type, std::string help,
                         std::optional<std::string> default_text, double min, double max, KeyNote note,
                         std::vector<std::string> choices) {
  if (table_ == nullptr) return false;
  if (note.required) default_text.reset();
  table_->declare(key(field), type, std::move(help), std::move(default_text), min, max,
                  std::move(note.source), std::move(choices));
  return true;
}

void KeyBinding::boolean(std::string_view field, bool& value, std::string help, KeyNote note) {
  if (declare(field, KeyType::Boolean, std::move(help), value ? "true" : "false", -INF, INF, std::move(note)))
    return;
  value = reader_->boolean(key(field));
}

void KeyBinding::number(std::string_view field, double& value, std::string help, double min, double max,
                        KeyNote note) {
  if (declare(field, KeyType::Number, std::move(help), params::format_number(value), min, max,
              std::move(note)))
    return;
  value = reader_->number(key(field));
}

void KeyBinding::optional_number(std::string_view field, std::optional<double>& value, std::string help,
                                 double min, double max, KeyNote note) {
  if (declare(field, KeyType::Number, std::move(help), std::nullopt, min, max, std::move(note))) return;
  if (reader_->present(key(field))) value = reader_->number(key(field));
}

void KeyBinding::string(std::string_view field, std::string& value, std::string help, KeyNote note) {
  if (declare(field, KeyType::String, std::move(help), quoted(value), -INF, INF, std::move(note))) return;
  value = reader_->string(key(field));
}

void KeyBinding::optional_string(std::string_view field, std::optional<std::string>& value, std::string help,
                                 KeyNote note) {
  if (declare(field, KeyType::String, std::move(help), std::nullopt, -INF, INF, std::move(note))) return;
  if (reader_->present(key(field))) value = reader_->string(key(field));
}

void KeyBinding::strings(std::string_view field, std::vector<std::string>& value, std::string help,
                         KeyNote note, std::vector<std::string> choices) {
  if (declare(field, KeyType::StringList, std::move(help),
              quoted_list(value, [](const auto& s) { return s; }), -INF, INF, std::move(note),
              std::move(choices)))
    return;
  value = reader_->string_list(key(field));
}

void KeyBinding::numbers(std::string_view field, std::vector<double>& value, std::string help, double min,
                         double max, KeyNote note) {
  std::string text = "[";
  for (std::size_t i = 0; i < value.size(); ++i) text += (i ? ", " : "") + params::format_number(value[i]);
  if (declare(field, KeyType::NumberList, std::move(help), text + "]", min, max, std::move(note))) return;
  value = reader_->number_list(key(field));
}

void KeyBinding::distribution(std::string_view field, engine::Distribution& value,
                              std::optional<std::string> default_text, std::string help, KeyNote note) {
  if (declare(field, KeyType::Distribution, std::move(help), std::move(default_text), -INF, INF,
              std::move(note)))
    return;
  value = reader_->distribution(key(field));
}

void KeyBinding::setting(std::string_view field, model::Setting& value,
                         std::span<const model::Setting> choices, std::string help, KeyNote note) {
  if (declare(field, KeyType::Choice, std::move(help), quoted(model::setting_name(value)), -INF, INF,
              std::move(note), model::setting_names(choices)))
    return;
  value = *model::setting_from_name(reader_->choice(key(field)));
}

void KeyBinding::settings(std::string_view field, std::vector<model::Setting>& value,
                          std::span<const model::Setting> choices, std::string help, KeyNote note) {
  if (declare(field, KeyType::StringList, std::move(help), quoted_list(value, model::setting_name), -INF, INF,
              std::move(note), model::setting_names(choices)))
    return;
  value.clear();
  for (const std::string& n : reader_->string_list(key(field))) value.push_back(*model::setting_from_name(n));
}

void KeyBinding::levels(std::string_view field, std::vector<model::Level>& value, std::string help,
                        KeyNote note) {
  if (declare(field, KeyType::StringList, std::move(help), quoted_list(value, model::level_name), -INF, INF,
              std::move(note), model::level_names()))
    return;
  value.clear();
  for (const std::string& n : reader_->string_list(key(field))) value.push_back(*model::level_from_name(n));
}

void KeyBinding::profiles(std::string_view field, std::vector<model::Profile>& value, std::string help,
                          KeyNote note) {
  if (declare(field, KeyType::StringList, std::move(help), quoted_list(value, model::profile_name), -INF, INF,
              std::move(note), model::profile_names()))
    return;
  value.clear();
  for (const std::string& n : reader_->string_list(key(field))) value.push_back(*model::profile_from_name(n));
}

void KeyBinding::optional_level(std::string_view field, std::optional<model::Level>& value,
                                std::string help) {
  if (declare(field, KeyType::Choice, std::move(help), std::nullopt, -INF, INF, {}, model::level_names()))
    return;
  if (reader_->present(key(field))) value = model::level_from_name(reader_->choice(key(field)));
}

void KeyBinding::optional_profile(std::string_view field, std::optional<model::Profile>& value,
                                  std::string help) {
  if (declare(field, KeyType::Choice, std::move(help), std::nullopt, -INF, INF, {}, model::profile_names()))
    return;
  if (reader_->present(key(field))) value = model::profile_from_name(reader_->choice(key(field)));
}

void KeyBinding::queue_rule(std::string_view field, model::QueueRule& value, std::string help, KeyNote note) {
  if (declare(field, KeyType::Choice, std::move(help), quoted(model::queue_rule_name(value)), -INF, INF,
              std::move(note), model::queue_rule_names()))
    return;
  value = *model::queue_rule_from_name(reader_->choice(key(field)));
}

void KeyBinding::payers(std::string_view field, std::vector<model::PayerShare>& value, std::string help,
                        KeyNote note) {
  const std::string payers_key = std::string(field);
  std::string known;
  for (std::string_view name : model::PAYER_NAMES) known += (known.empty() ? "" : ", ") + std::string(name);
  if (declare(payers_key + ".*", KeyType::Number,
              std::move(help) + " (payers: " + known +
                  "; swv is booked to swv_po or swv_vo by the pupils' level)",
              std::nullopt, 0.0, 1.0, std::move(note)))
    return;
  const std::vector<std::string> names = reader_->child_names(key(payers_key));
  if (names.empty()) return;
  value.clear();
  for (const std::string& payer : names) {
    if (std::find(model::PAYER_NAMES.begin(), model::PAYER_NAMES.end(), payer) == model::PAYER_NAMES.end())
      reader_->fail(key(payers_key + "." + payer), "a payer (" + known + ")", payer);
    value.push_back({payer, reader_->number(key(payers_key + "." + payer))});
  }
}

std::size_t KeyBinding::rows(std::string_view field, std::string help,
                             std::optional<std::string> default_text) {
  if (declare(field, KeyType::Table, std::move(help), std::move(default_text), -INF, INF, {})) return 1;
  return reader_->list_size(key(field));
}

KeyBinding KeyBinding::row(std::string_view field, std::size_t i) const {
  return named(field, std::to_string(i));
}

KeyBinding KeyBinding::named(std::string_view field, std::string_view name) const {
  KeyBinding child = *this;
  child.prefix_ = key(field) + "." + (declaring() ? std::string("*") : std::string(name));
  return child;
}

KeyBinding KeyBinding::section(std::string_view field) const {
  KeyBinding child = *this;
  child.prefix_ = key(field);
  return child;
}

params::KeyReader& KeyBinding::reader() const {
  if (reader_ == nullptr) throw std::logic_error("KeyBinding::reader() while declaring");
  return *reader_;
}

}  // namespace ozsim::scenario
