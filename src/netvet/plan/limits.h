// netvet/plan/limits.h: a budget or crew capacity per period or per year,
// read from a CSV (`netvet plan --budget FILE`, `--capacity FILE`) beside the
// scalar forms (--budget AMOUNT a year, --crews N).
//
// The file has the columns `period,amount` (a header line, in any order; an
// unknown column is an error). `period` is a year (`2024`) or one of the plan's periods
// (`2024-Q3` in a quarterly plan, `2024-07` in a monthly one); `amount` is a
// non-negative number (money in the cost model's currency for --budget,
// crew-days for --capacity). A year's amount is spread evenly over its
// periods (a quarter a quarter, a twelfth a month); a period no row covers
// has nothing (0): the file is all the money or crews there are. Rows for
// periods outside the plan are read and ignored. Errors name file, line and
// field: a bad period or amount, a month in a quarterly plan (or a quarter
// in a monthly one), a period or year given twice, a period of a year that
// has a row of its own.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "netvet/core/csv.h"
#include "netvet/core/error.h"
#include "netvet/plan/schedule.h"

namespace netvet::plan {

struct limit_row {
  int year = 0;
  std::string period;  // the period's label; empty for a whole year
  double amount = 0;
  std::size_t line = 0;
};

struct limit_table {
  std::string file;
  std::vector<limit_row> rows;
};

result<limit_table> read_limits(csv_reader rd, period_length length);

// The limit of each of `periods` (all of the length the table was read for).
std::vector<std::optional<double>> limits_per_period(const limit_table& table, const std::vector<period>& periods,
                                                     period_length length);

}  // namespace netvet::plan
