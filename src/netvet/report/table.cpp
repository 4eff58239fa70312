#include "netvet/report/table.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "netvet/core/csv.h"
#include "netvet/core/text.h"

namespace netvet::report {

table& table::add_column(std::string n, column_type t, std::string desc) {
  columns.push_back(column{std::move(n), t, std::move(desc)});
  return *this;
}
table& table::add_row(std::vector<cell> r) {
  rows.push_back(std::move(r));
  return *this;
}
table& document::add_table(std::string table_name, std::string table_title) {
  tables.push_back(table{std::move(table_name), std::move(table_title), {}, {}});
  return tables.back();
}

namespace {
constexpr std::array<std::string_view, 4> kOutputFormats = {{
#define NETVET_X(name) #name,
    NETVET_OUTPUT_FORMATS(NETVET_X)
#undef NETVET_X
}};
}  // namespace

std::optional<output_format> parse_output_format(std::string_view s) {
  if (s == "md") {
    return output_format::markdown;  // the usual short form
  }
  for (std::size_t i = 0; i < kOutputFormats.size(); ++i) {
    if (kOutputFormats[i] == s) {
      return static_cast<output_format>(i);
    }
  }
  return std::nullopt;
}

std::string_view to_string(output_format f) { return kOutputFormats[static_cast<std::size_t>(f)]; }

std::string thousands(std::int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(digits[i]);
    if ((n - i - 1) % 3 == 0 && i + 1 < n) {
      out.push_back(',');
    }
  }
  return v < 0 ? "-" + out : out;
}

std::string format_cell(const cell& c, column_type t) {
  if (std::holds_alternative<std::monostate>(c)) {
    return "";
  }
  if (const auto* s = std::get_if<std::string>(&c)) {
    return *s;
  }
  if (const auto* b = std::get_if<bool>(&c)) {
    return *b ? "yes" : "no";
  }
  if (const auto* i = std::get_if<std::int64_t>(&c)) {
    if (t == column_type::percent) {
      return std::to_string(*i * 100) + "%";
    }
    return thousands(*i);
  }
  const double d = std::get<double>(c);
  char buf[64];
  if (t == column_type::percent) {
    std::snprintf(buf, sizeof buf, "%.1f%%", d * 100.0);
  } else if (std::fabs(d - std::round(d)) < 1e-9 && std::fabs(d) < 1e15) {
    return thousands(static_cast<std::int64_t>(std::llround(d)));
  } else {
    std::snprintf(buf, sizeof buf, "%.4g", d);
  }
  return buf;
}

nlohmann::json to_json(const cell& c) {
  if (std::holds_alternative<std::monostate>(c)) {
    return nullptr;
  }
  if (const auto* s = std::get_if<std::string>(&c)) {
    return *s;
  }
  if (const auto* b = std::get_if<bool>(&c)) {
    return *b;
  }
  if (const auto* i = std::get_if<std::int64_t>(&c)) {
    return *i;
  }
  return std::get<double>(c);
}

nlohmann::json to_json(const document& doc) {
  nlohmann::json out = nlohmann::json::object();
  out["kind"] = doc.kind;
  out["title"] = doc.title;
  for (const auto& f : doc.facts) {
    out[f.name] = to_json(f.value);
  }
  for (const auto& t : doc.tables) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : t.rows) {
      nlohmann::json o = nlohmann::json::object();
      for (std::size_t i = 0; i < t.columns.size() && i < r.size(); ++i) {
        o[t.columns[i].name] = to_json(r[i]);
      }
      rows.push_back(std::move(o));
    }
    out[t.name] = std::move(rows);
  }
  if (!doc.notes.empty()) {
    out["notes"] = doc.notes;
  }
  for (const auto& [k, v] : doc.extra.items()) {
    out[k] = v;
  }
  return out;
}

namespace {

bool right_aligned(column_type t) { return t != column_type::text && t != column_type::boolean; }

// Display width of UTF-8 text (code points; good enough for tables).
std::size_t width(std::string_view s) {
  std::size_t w = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++w;
    }
  }
  return w;
}

void pad(std::string& out, std::string_view s, std::size_t w, bool right) {
  const std::size_t sw = width(s);
  if (right) {
    out.append(w > sw ? w - sw : 0, ' ');
  }
  out.append(s);
  if (!right) {
    out.append(w > sw ? w - sw : 0, ' ');
  }
}

}  // namespace

namespace {

void trim_trailing_spaces(std::string& out) {
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
}

void append_notes(std::string& out, const std::vector<std::string>& notes, std::string_view after,
                  std::string (*convert)(std::string_view)) {
  if (notes.empty()) {
    return;
  }
  out += "\n";
  for (const auto& n : notes) {
    out += convert(n);
    out += after;
  }
}

std::string as_is(std::string_view s) { return std::string(s); }

// The cell of row `r` in column `i` as text, empty past the row's end.
std::string cell_text(const table& t, const std::vector<cell>& r, std::size_t i) {
  return i < r.size() ? format_cell(r[i], t.columns[i].type) : "";
}

void text_facts(std::string& out, const std::vector<fact>& facts) {
  std::size_t lw = 0;
  for (const auto& f : facts) {
    lw = std::max(lw, width(f.label));
  }
  for (const auto& f : facts) {
    out += "  ";
    pad(out, f.label + ":", lw + 1, false);
    out +=
        " " + format_cell(f.value, std::holds_alternative<double>(f.value) ? column_type::number : column_type::text);
    out += "\n";
  }
}

// A table's cells as text, and each column's width (header included).
struct text_grid {
  std::vector<std::size_t> widths;
  std::vector<std::vector<std::string>> lines;
};

text_grid layout(const table& t) {
  text_grid g;
  for (const auto& c : t.columns) {
    g.widths.push_back(width(c.name));
  }
  for (const auto& r : t.rows) {
    std::vector<std::string> line;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      line.push_back(cell_text(t, r, i));
      g.widths[i] = std::max(g.widths[i], width(line.back()));
    }
    g.lines.push_back(std::move(line));
  }
  return g;
}

void text_header(std::string& out, const table& t, const std::vector<std::size_t>& w) {
  out += "  ";
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    pad(out, t.columns[i].name, w[i], right_aligned(t.columns[i].type));
    out += i + 1 < t.columns.size() ? "  " : "";
  }
  trim_trailing_spaces(out);
  out += "\n  ";
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    out.append(w[i], '-');
    out += i + 1 < t.columns.size() ? "  " : "";
  }
  out += "\n";
}

void text_line(std::string& out, const table& t, const std::vector<std::string>& line,
               const std::vector<std::size_t>& w) {
  out += "  ";
  for (std::size_t i = 0; i < line.size(); ++i) {
    const bool right = right_aligned(t.columns[i].type);
    pad(out, line[i], i + 1 < line.size() || right ? w[i] : 0, right);
    out += i + 1 < line.size() ? "  " : "";
  }
  trim_trailing_spaces(out);
  out += "\n";
}

void text_table(std::string& out, const table& t) {
  out += "\n" + t.title + "\n";
  if (t.rows.empty()) {
    out += "  (none)\n";
    return;
  }
  const auto grid = layout(t);
  text_header(out, t, grid.widths);
  for (const auto& line : grid.lines) {
    text_line(out, t, line, grid.widths);
  }
}

std::string markdown_escape(std::string_view s) {
  std::string r;
  for (const char c : s) {
    if (c == '|') {
      r += "\\|";
    } else {
      r += c == '\n' ? ' ' : c;
    }
  }
  return r;
}

void markdown_table(std::string& out, const table& t) {
  out += "\n## " + t.title + "\n\n";
  if (t.rows.empty()) {
    out += "(none)\n";
    return;
  }
  out += "|";
  for (const auto& c : t.columns) {
    out += " " + markdown_escape(c.name) + " |";
  }
  out += "\n|";
  for (const auto& c : t.columns) {
    out += right_aligned(c.type) ? "---:|" : "---|";
  }
  out += "\n";
  for (const auto& r : t.rows) {
    out += "|";
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      out += " " + markdown_escape(cell_text(t, r, i)) + " |";
    }
    out += "\n";
  }
}

// CSV keeps full precision and machine spellings (true/false, no separators).
void append_csv_cell(std::string& out, const cell& c) {
  if (const auto* d = std::get_if<double>(&c)) {
    out += format_double(*d);
  } else if (const auto* n = std::get_if<std::int64_t>(&c)) {
    out += std::to_string(*n);
  } else if (const auto* b = std::get_if<bool>(&c)) {
    out += *b ? "true" : "false";
  } else if (const auto* s = std::get_if<std::string>(&c)) {
    append_csv_field(out, *s);
  }
}

void csv_table(std::string& out, const table& t) {
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    out += i ? "," : "";
    append_csv_field(out, t.columns[i].name);
  }
  out += "\n";
  for (const auto& r : t.rows) {
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      out += i ? "," : "";
      if (i < r.size()) {
        append_csv_cell(out, r[i]);
      }
    }
    out += "\n";
  }
}

}  // namespace

namespace {

// How a human-readable renderer writes each part of a document.
struct prose_style {
  void (*heading)(std::string& out, const std::string& title);
  void (*facts)(std::string& out, const std::vector<fact>& facts);
  void (*table)(std::string& out, const table& t);
  std::string (*note)(std::string_view note);
  std::string_view after_note;
};

std::string render_prose(const document& doc, const prose_style& style) {
  std::string out;
  if (!doc.title.empty()) {
    style.heading(out, doc.title);
  }
  style.facts(out, doc.facts);
  for (const auto& t : doc.tables) {
    style.table(out, t);
  }
  append_notes(out, doc.notes, style.after_note, style.note);
  return out;
}

void text_heading(std::string& out, const std::string& title) {
  out += title + "\n";
  out.append(width(title), '=');
  out += "\n";
}

void markdown_heading(std::string& out, const std::string& title) { out += "# " + title + "\n\n"; }

void markdown_facts(std::string& out, const std::vector<fact>& facts) {
  for (const auto& f : facts) {
    out +=
        "- **" + markdown_escape(f.label) + "**: " + markdown_escape(format_cell(f.value, column_type::number)) + "\n";
  }
}

}  // namespace

std::string render_text(const document& doc) {
  return render_prose(doc, prose_style{text_heading, text_facts, text_table, as_is, "\n"});
}

std::string render_markdown(const document& doc) {
  return render_prose(doc, prose_style{markdown_heading, markdown_facts, markdown_table, markdown_escape, "\n\n"});
}

std::string render_csv(const document& doc) {
  std::string out;
  for (std::size_t i = 0; i < doc.tables.size(); ++i) {
    const auto& t = doc.tables[i];
    out += i ? "\n" : "";
    if (doc.tables.size() > 1) {
      out += "# " + t.name + "\n";
    }
    csv_table(out, t);
  }
  return out;
}

std::string render(const document& doc, output_format f) {
  switch (f) {
    case output_format::text:
      return render_text(doc);
    case output_format::json:
      return to_json(doc).dump(2) + "\n";
    case output_format::csv:
      return render_csv(doc);
    case output_format::markdown:
      return render_markdown(doc);
  }
  return render_text(doc);
}

}  // namespace netvet::report
