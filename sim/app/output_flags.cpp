#include "sim/app/output_flags.hpp"

namespace ozsim::app {

void add_output_flags(CLI::App* command, OutputFlags& flags) {
  command
      ->add_option(
          "--csv-dialect", flags.csv_dialect,
          "CSV files as rfc4180 (',' and decimal point, the default) or nl (';', decimal comma and a "
          "UTF-8 byte-order mark: a Dutch spreadsheet opens them by double-click)")
      ->check(CLI::IsMember({"rfc4180", "nl"}))
      ->capture_default_str();
  command->add_flag(
      "--xlsx", flags.xlsx,
      "Also write DIR/" + command->get_name() +
          ".xlsx: the tables as one workbook, numbers as numbers with their formats, labels and "
          "units from the KPI catalogue");
}

}  // namespace ozsim::app
