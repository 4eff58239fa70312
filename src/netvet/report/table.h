// netvet/report/table.h: every answer is a typed table (STYLE.md #6).
//
// A command builds a `document`: a title, facts (key/value), and tables whose
// columns have names, types and descriptions. Renderers turn the same object
// into aligned text, JSON, CSV or Markdown; the CLI, server and dashboard
// all render the same document.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace netvet::report {

enum class column_type : std::uint8_t { text, integer, number, percent, boolean };

struct column {
  std::string name;  // JSON key and header
  column_type type = column_type::text;
  std::string description;
};

// A cell: empty (monostate), text, integer, number (percent columns hold a
// fraction 0..1 and print as "12.5%"), or boolean.
using cell = std::variant<std::monostate, std::string, std::int64_t, double, bool>;

struct table {
  std::string name;   // JSON key: "by_vendor"
  std::string title;  // human heading: "Elements by vendor"
  std::vector<column> columns;
  std::vector<std::vector<cell>> rows;

  table& add_column(std::string n, column_type t, std::string desc = {});
  table& add_row(std::vector<cell> r);
};

struct fact {
  std::string name;  // JSON key
  std::string label;
  cell value;
};

struct document {
  std::string kind;   // "summary", "outage", ...
  std::string title;  // human title
  std::vector<fact> facts;
  std::vector<table> tables;
  std::vector<std::string> notes;  // free text lines, printed last
  // Extra JSON merged into the object (for shapes scripts rely on).
  nlohmann::json extra = nlohmann::json::object();

  // Appends an empty table and returns it (valid until the next table is added).
  table& add_table(std::string table_name, std::string table_title);
};

#define NETVET_OUTPUT_FORMATS(X) X(text) X(json) X(csv) X(markdown)
enum class output_format : std::uint8_t {
#define NETVET_X(name) name,
  NETVET_OUTPUT_FORMATS(NETVET_X)
#undef NETVET_X
};
std::optional<output_format> parse_output_format(std::string_view s);
std::string_view to_string(output_format f);

std::string render(const document& doc, output_format f);
std::string render_text(const document& doc);
std::string render_markdown(const document& doc);
std::string render_csv(const document& doc);  // every table, blank line between
nlohmann::json to_json(const document& doc);
nlohmann::json to_json(const cell& c);
std::string format_cell(const cell& c, column_type t);

// "1,234,567"
std::string thousands(std::int64_t v);

}  // namespace netvet::report
