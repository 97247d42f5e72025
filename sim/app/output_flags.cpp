#include "sim/app/output_flags.hpp"

namespace ozsim::app {

void add_progress_flags(CLI::App* command, ProgressFlags& flags) {
  command->add_flag("--quiet,-q", flags.quiet,
                    "No progress on stderr (on a terminal a line redrawn after the first second, with the "
                    "time left; in a log a line every --progress-every seconds)");
  command
      ->add_option("--progress-every", flags.every_seconds,
                   "Seconds between progress lines when stderr is not a terminal (0: after every step)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
}

void add_dialect_and_progress_flags(CLI::App* command, OutputFlags& flags) {
  command
      ->add_option(
          "--csv-dialect", flags.csv_dialect,
          "CSV files as rfc4180 (',' and decimal point, the default) or nl (';', decimal comma and a "
          "UTF-8 byte-order mark: a Dutch spreadsheet opens them by double-click)")
      ->check(CLI::IsMember({"rfc4180", "nl"}))
      ->capture_default_str();
  add_progress_flags(command, flags.progress);
}

void add_output_flags(CLI::App* command, OutputFlags& flags) {
  add_dialect_and_progress_flags(command, flags);
  command->add_flag(
      "--xlsx", flags.xlsx,
      "Also write DIR/" + command->get_name() +
          ".xlsx: the tables as one workbook, numbers as numbers with their formats, labels and "
          "units from the KPI catalogue");
}

}  // namespace ozsim::app
