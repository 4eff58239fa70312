// Network CSV reader and writer (docs/formats/network-csv.md).
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>
#include <thread>
#include <unordered_map>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "netvet/core/text.h"
#include "netvet/io/columns_internal.h"
#include "netvet/io/reader.h"

namespace netvet::io {
namespace {

using model::element_column;
using model::element_index;
using model::network;
using model::network_builder;

// The columns of elements.csv in columns::kElement order, then any other.
enum class ecol : std::uint8_t {
  id,
  function,
  vendor,
#define NETVET_X(name) name,
  NETVET_ELEMENT_COLUMNS(NETVET_X)
#undef NETVET_X
      attribute
};
static_assert(static_cast<std::size_t>(ecol::model) == columns::kRequiredElementColumns &&
                  static_cast<std::size_t>(ecol::attribute) == columns::kElement.size(),
              "ecol follows columns::kElement");

// A header, mapped onto a table of known columns (columns::kElement / kLink).
struct column_map {
  std::vector<std::uint8_t> kinds;     // per input column: position in the table; table size: an attribute
  std::vector<std::size_t> attr_slot;  // per input column: attribute index
  std::vector<std::string> names;
  std::vector<std::string> attr_names;

  void map_onto(std::span<const std::string_view> table) {
    for (const auto& n : names) {
      const auto pos = columns::position(table, n);
      kinds.push_back(static_cast<std::uint8_t>(pos.value_or(table.size())));
      attr_slot.push_back(attr_names.size());
      if (!pos) {
        attr_names.push_back(n);
      }
    }
  }
};

// Where each known links.csv column is in the input (-1: absent).
struct link_layout {
  std::array<int, columns::kLink.size()> input{};

  explicit link_layout(const column_map& map) {
    input.fill(-1);
    for (std::size_t i = 0; i < map.kinds.size(); ++i) {
      if (map.kinds[i] < input.size()) {
        input[map.kinds[i]] = static_cast<int>(i);
      }
    }
  }
  [[nodiscard]] int end(std::size_t which) const { return input[which]; }  // 0: a, 1: b
  [[nodiscard]] int optional(model::link_column c) const {
    return input[columns::kRequiredLinkColumns + static_cast<std::size_t>(c)];
  }
};

bool is_blank_record(std::span<const std::string_view> f) { return f.size() == 1 && f[0].empty(); }

bool parse_double(std::string_view s, double& out) {
  s = trim(s);
  if (s.empty()) {
    return false;
  }
  if (s.front() == '+') {
    s.remove_prefix(1);
  }
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size() && std::isfinite(out);
}

bool parse_u32(std::string_view s, std::uint32_t& out) {
  s = trim(s);
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc{} && p == s.data() + s.size();
}

std::string join_views(std::span<const std::string_view> v) {
  std::string out;
  for (const auto& s : v) {
    out += out.empty() ? "" : ", ";
    out += s;
  }
  return out;
}

// "unknown function 'x' (did you mean 'y'?); expected one of: ..."
std::string unknown_function_message(std::string_view t) {
  std::string msg = t.empty() ? "empty function" : "unknown function '" + std::string(t) + "'";
  std::vector<std::string> names;
  for (auto x : model::all_functions()) {
    names.emplace_back(model::to_string(x));
  }
  const auto near = closest(to_lower_ascii(t), names, 1);
  if (!near.empty()) {
    msg += " (did you mean '" + near.front() + "'?)";
  }
  return msg + "; expected one of: " + std::string(model::function_list());
}

// Link rows waiting for their ends to be looked up.
struct link_batch {
  static constexpr std::size_t kSize = 256;
  struct row {
    std::size_t line = 0;
    model::link_medium medium = model::link_medium::none;
    double capacity = model::kNoValue;
    std::size_t attr_begin = 0;  // into attr_spans
  };
  std::vector<row> rows;
  std::string text;                                        // copied ids and attributes
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // ids: 2 per row
  std::vector<std::pair<std::size_t, std::size_t>> attr_spans;
  std::vector<std::string_view> ids;
  std::vector<element_index> found;

  void add(row r, std::span<const std::string_view> f, const link_layout& at, const std::vector<std::uint8_t>& kinds) {
    auto keep = [&](std::string_view v) {
      const std::size_t off = text.size();
      text.append(v);
      return std::pair<std::size_t, std::size_t>(off, v.size());
    };
    spans.push_back(keep(f[static_cast<std::size_t>(at.end(0))]));
    spans.push_back(keep(f[static_cast<std::size_t>(at.end(1))]));
    r.attr_begin = attr_spans.size();
    for (std::size_t i = 0; i < f.size(); ++i) {
      if (kinds[i] == columns::kLink.size()) {
        attr_spans.push_back(keep(f[i]));
      }
    }
    rows.push_back(r);
  }
  void resolve(const network& net) {
    ids.clear();
    for (const auto& [off, len] : spans) {
      ids.emplace_back(text.data() + off, len);
    }
    found.resize(ids.size());
    net.find_many(ids, found);
  }
  [[nodiscard]] std::string_view attr(std::size_t row_index, std::size_t k) const {
    const auto& [off, len] = attr_spans[rows[row_index].attr_begin + k];
    return {text.data() + off, len};
  }
  void clear() {
    rows.clear();
    text.clear();
    spans.clear();
    attr_spans.clear();
  }
};

// One field of a row, for reading and reporting.
struct cell {
  const std::string& file;
  std::size_t line;
  std::size_t column;  // 1-based
  std::string_view value;
};

class csv_loader {
 public:
  // `index`: where link ends are looked up (a part of a parallel load reads
  // links against the whole network); null: this loader's own elements.
  csv_loader(const read_options& opt, std::string name, const network* index = nullptr)
      : opt_(opt), name_(std::move(name)), diag_(opt.max_errors), builder_(*opt.catalog), index_(index) {}

  status read_elements(csv_reader& rd) {
    column_map map;
    NETVET_ASSIGN_OR_RETURN(const bool usable, element_header(rd, map));
    return usable ? element_records(rd, map) : status::ok();
  }

  // Reads elements.csv's header into `map`; false (reported) when unusable.
  result<bool> element_header(csv_reader& rd, column_map& map) {
    NETVET_ASSIGN_OR_RETURN(const bool usable, header(rd, columns::required_element(), columns::kElement, map));
    if (usable) {
      map.map_onto(columns::kElement);
    }
    return usable;
  }

  // The records after the header (read by element_header, perhaps through
  // another reader: a part of the file).
  // `expected`: rows to reserve room for (0: the reader's estimate).
  status element_records(csv_reader& rd, const column_map& map, std::uint64_t expected = 0) {
    for (const auto k : map.kinds) {
      if (k >= columns::kRequiredElementColumns && k < columns::kElement.size()) {
        builder_.mark_column(columns::element_column_at(k));
      }
    }
    builder_.set_element_attributes(map.attr_names);
    // Reserve from the rows in the first chunk, so that vectors and the id
    // index are sized once.
    builder_.reserve(expected != 0 ? expected : rd.estimated_records(), 0);
    std::vector<std::string_view> attrs(map.attr_names.size());
    const std::string& file = rd.name();
    NETVET_TRY(for_each_record(rd, map.kinds.size(), [&](std::span<const std::string_view> f, std::size_t line) {
      return element_row(f, line, map, attrs, file);
    }));
    progress_base_ += rd.bytes_consumed() * progress_scale_;
    return status::ok();
  }

  status read_links(csv_reader& rd) {
    column_map map;
    NETVET_ASSIGN_OR_RETURN(const bool usable, link_header(rd, map));
    return usable ? link_records(rd, map) : status::ok();
  }

  result<bool> link_header(csv_reader& rd, column_map& map) {
    NETVET_ASSIGN_OR_RETURN(const bool usable, header(rd, columns::required_link(), columns::kLink, map));
    if (usable) {
      map.map_onto(columns::kLink);
    }
    return usable;
  }

  status link_records(csv_reader& rd, const column_map& map, std::uint64_t expected = 0) {
    for (const auto k : map.kinds) {
      if (k >= columns::kRequiredLinkColumns && k < columns::kLink.size()) {
        builder_.mark_column(columns::link_column_at(k));
      }
    }
    builder_.set_link_attributes(map.attr_names);
    builder_.reserve(0, expected != 0 ? expected : rd.estimated_records());
    // Rows are resolved in batches: their ids are copied into `batch`, then
    // looked up together so that the index's cache misses overlap
    // (network::find_many). Errors keep their line numbers.
    link_pass pass{link_layout(map), map.kinds, rd.name(), {}, std::vector<std::string_view>(map.attr_names.size())};
    NETVET_TRY(for_each_record(rd, map.names.size(), [&](std::span<const std::string_view> f, std::size_t line) {
      return link_row(f, line, pass);
    }));
    flush_links(pass);
    return status::ok();
  }

  result<network> finish() {
    if (!diag_.empty()) {
      return diag_.combined();
    }
    return std::move(builder_).finish();
  }

  void set_total(std::uint64_t t) { progress_total_ = t; }
  // This loader reads one of `parts` even parts: its bytes stand for all.
  void set_progress_scale(std::uint64_t parts) { progress_scale_ = parts; }
  [[nodiscard]] bool failed() const { return !diag_.empty(); }
  network_builder& builder() { return builder_; }

 private:
  static constexpr std::uint64_t kProgressStep = std::uint64_t{8} << 20;

  // The state of reading one links.csv.
  struct link_pass {
    link_layout at;
    const std::vector<std::uint8_t>& kinds;
    const std::string& file;
    link_batch batch;
    std::vector<std::string_view> attrs;
  };

  void add(std::string_view file, std::size_t line, std::size_t col, std::string_view field, std::string msg) {
    diag_.add(error_code::invalid_input, std::move(msg), location{std::string(file), line, col, std::string(field)});
  }
  // Reports a malformed field; false, for `return bad(...)`.
  bool bad(const cell& c, std::string_view field, std::string msg) {
    add(c.file, c.line, c.column, field, std::move(msg));
    return false;
  }

  // A tokenizer error: a read that failed is returned (the input is not all
  // there); a syntax error is reported and ends the file.
  status take_reader_error(error e) {
    if (e.code == error_code::io_error) {
      return e;
    }
    diag_.add(std::move(e));
    return status::ok();
  }

  // Reads a header; returns false (after adding diagnostics) if unusable.
  result<bool> header(csv_reader& rd, std::span<const std::string_view> required,
                      std::span<const std::string_view> known, column_map& map) {
    auto first = rd.next();
    if (!first) {
      NETVET_TRY(take_reader_error(first.take_error()));
      return false;
    }
    if (!*first) {
      add(rd.name(), 0, 0, "", "empty file: expected a header row");
      return false;
    }
    bool any_known = false;
    const auto f = rd.fields();
    std::unordered_map<std::string, std::size_t> seen;  // hashed: a header may have 100k columns
    seen.reserve(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) {
      std::string name(trim(f[i]));
      check_header_name(rd, i, name, seen);
      any_known = any_known || columns::position(known, name).has_value();
      map.names.push_back(std::move(name));
    }
    if (!any_known) {
      add(rd.name(), rd.line(), 0, "",
          "no header row: the first line names none of the columns (expected " + join_views(required) + ")");
      return false;
    }
    for (const auto& r : required) {
      if (std::find(map.names.begin(), map.names.end(), r) == map.names.end()) {
        add(rd.name(), rd.line(), 0, std::string(r), "missing required column '" + std::string(r) + "'");
      }
    }
    return diag_.empty();
  }

  // An empty or repeated column name in the header is reported.
  // `seen` maps each name so far to its first column.
  void check_header_name(const csv_reader& rd, std::size_t i, const std::string& name,
                         std::unordered_map<std::string, std::size_t>& seen) {
    if (name.empty()) {
      add(rd.name(), rd.line(), i + 1, "", "empty column name in the header");
    }
    const auto [it, fresh] = seen.emplace(name, i);
    if (!fresh) {
      add(rd.name(), rd.line(), i + 1, name,
          "duplicate column in the header (also column " + std::to_string(it->second + 1) + ")");
    }
  }

  // Calls `row(fields, line)` for every record after the header that is not
  // blank and has the header's width (the others are reported). `row`
  // returns whether it kept the record; kept records advance the progress
  // lines. A syntax error of the file is reported and ends the file; a read
  // that fails is returned.
  template <typename Row>
  status for_each_record(csv_reader& rd, std::size_t width, Row&& row) {
    std::uint64_t next_progress = kProgressStep;
    while (true) {
      auto more = rd.next();
      if (!more) {
        return take_reader_error(more.take_error());
      }
      if (!*more) {
        return status::ok();
      }
      const auto f = rd.fields();
      if (is_blank_record(f)) {
        continue;
      }
      if (f.size() != width) {
        add(rd.name(), rd.line(), 0, "",
            "row has " + std::to_string(f.size()) + " fields, the header has " + std::to_string(width));
        continue;
      }
      if (row(f, rd.line()) && opt_.progress && rd.bytes_consumed() >= next_progress) {
        opt_.progress(rd.bytes_consumed() * progress_scale_ + progress_base_, progress_total_);
        next_progress += kProgressStep;
      }
    }
  }

  // One elements.csv row into the builder; false (reported) when it is malformed.
  bool element_row(std::span<const std::string_view> f, std::size_t line, const column_map& map,
                   std::vector<std::string_view>& attrs, const std::string& file) {
    model::element_record r;
    bool ok = true;
    std::size_t generation_at = 0;  // the generation column, when it states one
    for (std::size_t i = 0; i < f.size(); ++i) {
      const auto kind = static_cast<ecol>(map.kinds[i]);
      if (kind == ecol::attribute) {
        attrs[map.attr_slot[i]] = f[i];
      } else {
        ok = element_field(kind, cell{file, line, i + 1, f[i]}, r) && ok;
        generation_at = kind == ecol::generation ? i : generation_at;
      }
    }
    // The function may come after the generation: checked once both are read.
    if (ok && !r.generation.empty() && !model::generation_fits(r.fn, r.generation)) {
      return bad(cell{file, line, generation_at + 1, f[generation_at]}, "generation",
                 model::generation_conflict(r.fn, r.generation));
    }
    if (!ok) {
      return false;
    }
    r.attributes = attrs;
    const auto e = builder_.add_element(r);
    if (e == model::kNoElement) {
      const auto first = builder_.find(r.id);
      add(file, line, 0, "id",
          "duplicate id '" + std::string(r.id) + "' (first on line " +
              std::to_string(first ? element_lines_[*first] : 0) + ")");
      return false;
    }
    element_lines_.push_back(static_cast<std::uint32_t>(line));
    return true;
  }

  // One known field of an element into `r`; false (reported) when malformed.
  bool element_field(ecol kind, const cell& c, model::element_record& r) {
    switch (kind) {
      case ecol::id:
        r.id = c.value;
        return !c.value.empty() || bad(c, "id", "empty id");
      case ecol::function:
        return read_function(c, r.fn);
      case ecol::vendor:
        r.vendor = trim(c.value);
        return !r.vendor.empty() || bad(c, "vendor", "empty vendor (the column is required; write the manufacturer)");
      case ecol::model:
        r.model = c.value;
        return true;
      case ecol::software:
        r.software = c.value;
        return true;
      case ecol::site:
        r.site = c.value;
        return true;
      case ecol::region:
        r.region = c.value;
        return true;
      case ecol::managed_by:
        r.managed_by = c.value;
        return true;
      case ecol::lat:
        return read_coordinate(c, true, r.lat);
      case ecol::lon:
        return read_coordinate(c, false, r.lon);
      case ecol::subscribers:
        return trim(c.value).empty() || parse_u32(c.value, r.subscribers) ||
               bad(c, "subscribers", "not a whole number from 0 to 4294967295: '" + std::string(c.value) + "'");
      case ecol::installed:
        return read_installed(c, r.installed);
      case ecol::status:
        return read_status(c, r.status);
      case ecol::generation:
        return read_generation(c, r.generation);
      case ecol::attribute:
        break;
    }
    return true;
  }

  bool read_function(const cell& c, model::function& out) {
    // Exact first: the hot path; then with spaces trimmed.
    auto fn = model::parse_function(c.value);
    if (!fn) {
      fn = model::parse_function(trim(c.value));
    }
    if (!fn) {
      return bad(c, "function", unknown_function_message(trim(c.value)));
    }
    out = *fn;
    return true;
  }

  bool read_coordinate(const cell& c, bool is_lat, double& out) {
    const std::string_view v = c.value;
    if (trim(v).empty()) {
      return true;
    }
    const char* field = is_lat ? "lat" : "lon";
    const double lim = is_lat ? 90.0 : 180.0;
    double d = 0;
    if (!parse_double(v, d)) {
      return bad(c, field, "not a number: '" + std::string(v) + "'");
    }
    if (d < -lim || d > lim) {
      return bad(c, field,
                 std::string(is_lat ? "latitude" : "longitude") + " " + std::string(trim(v)) + " is out of range [" +
                     format_double(-lim) + ", " + format_double(lim) + "]");
    }
    out = d;
    return true;
  }

  bool read_installed(const cell& c, std::int32_t& out) {
    if (trim(c.value).empty()) {
      return true;
    }
    const auto d = parse_date(trim(c.value));
    if (!d) {
      return bad(c, "installed", "not a date (YYYY-MM-DD): '" + std::string(c.value) + "'");
    }
    out = d->days;
    return true;
  }

  bool read_status(const cell& c, model::element_status& out) {
    if (trim(c.value).empty()) {
      return true;
    }
    const auto s = model::parse_status(trim(c.value));
    if (!s) {
      return bad(
          c, "status",
          "unknown status '" + std::string(c.value) + "'; expected one of: " + std::string(model::status_list()));
    }
    out = *s;
    return true;
  }

  bool read_generation(const cell& c, model::generation_set& out) {
    const std::string_view v = trim(c.value);
    if (v.empty()) {
      return true;  // not stated: the function's own
    }
    const auto g = model::parse_generation(v);
    if (!g) {
      return bad(c, "generation", "unknown generation '" + std::string(c.value) + "'; expected 4g, 5g or any");
    }
    out = model::generation_set::of(*g);
    return true;
  }

  // One links.csv row checked and queued; false (reported) when malformed.
  bool link_row(std::span<const std::string_view> f, std::size_t line, link_pass& pass) {
    link_batch::row row;
    row.line = line;
    bool ok = true;
    for (std::size_t end = 0; end < 2; ++end) {
      const auto c = static_cast<std::size_t>(pass.at.end(end));
      if (f[c].empty()) {
        add(pass.file, line, c + 1, columns::kLink[end], "empty link end");
        ok = false;
      }
    }
    ok = read_medium(f, line, pass, row.medium) && ok;
    ok = read_capacity(f, line, pass, row.capacity) && ok;
    if (!ok) {
      return false;
    }
    pass.batch.add(row, f, pass.at, pass.kinds);
    if (pass.batch.rows.size() == link_batch::kSize) {
      flush_links(pass);
    }
    return true;
  }

  bool read_medium(std::span<const std::string_view> f, std::size_t line, const link_pass& pass,
                   model::link_medium& out) {
    const int col = pass.at.optional(model::link_column::medium);
    if (col < 0) {
      return true;
    }
    const auto v = trim(f[static_cast<std::size_t>(col)]);
    const auto m = model::parse_medium(v);
    if (!m) {
      add(pass.file, line, static_cast<std::size_t>(col) + 1, "medium",
          "unknown medium '" + std::string(v) + "'; expected fiber, microwave, copper or virtual");
      return false;
    }
    out = *m;
    return true;
  }

  bool read_capacity(std::span<const std::string_view> f, std::size_t line, const link_pass& pass, double& out) {
    const int col = pass.at.optional(model::link_column::capacity_gbps);
    if (col < 0) {
      return true;
    }
    const auto v = f[static_cast<std::size_t>(col)];
    if (trim(v).empty()) {
      return true;
    }
    double d = 0;
    if (!parse_double(v, d) || d < 0) {
      add(pass.file, line, static_cast<std::size_t>(col) + 1, "capacity_gbps",
          "not a non-negative decimal: '" + std::string(v) + "'");
      return false;
    }
    out = d;
    return true;
  }

  // Looks up the queued rows' ends and adds the links whose ends exist.
  void flush_links(link_pass& pass) {
    auto& batch = pass.batch;
    batch.resolve(index_ != nullptr ? *index_ : builder_.peek());
    for (std::size_t i = 0; i < batch.rows.size(); ++i) {
      const auto& row = batch.rows[i];
      model::link_record r;
      r.medium = row.medium;
      r.capacity_gbps = row.capacity;
      if (!resolve_ends(pass, i, r)) {
        continue;
      }
      for (std::size_t k = 0; k < pass.attrs.size(); ++k) {
        pass.attrs[k] = batch.attr(i, k);
      }
      r.attributes = pass.attrs;
      builder_.add_link(r);
    }
    batch.clear();
  }

  bool resolve_ends(const link_pass& pass, std::size_t i, model::link_record& r) {
    const auto& batch = pass.batch;
    bool ok = true;
    for (std::size_t end = 0; end < 2; ++end) {
      const element_index e = batch.found[2 * i + end];
      if (e == model::kNoElement) {
        add(pass.file, batch.rows[i].line, static_cast<std::size_t>(pass.at.end(end)) + 1, columns::kLink[end],
            "dangling link end: no element with id '" + std::string(batch.ids[2 * i + end]) + "' in elements.csv");
        ok = false;
      }
      (end == 0 ? r.a : r.b) = e;
    }
    return ok;
  }

  const read_options& opt_;
  std::string name_;
  diagnostics diag_;
  network_builder builder_;
  const network* index_;
  std::vector<std::uint32_t> element_lines_;
  std::uint64_t progress_base_ = 0;
  std::uint64_t progress_total_ = 0;
  std::uint64_t progress_scale_ = 1;
};

std::size_t load_threads(const read_options& o) {
  if (o.threads != 0) {
    return o.threads;
  }
  return std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
}

// The files of a network CSV folder, checked: elements.csv must be there,
// links.csv may be (a folder in their place is an error, not no rows). The
// statuses are the ones the read starts from (a parallel read checks that the
// files are still these when it has read them).
struct csv_files {
  std::string elements;
  std::string links;  // empty: none
  file_status element_status;
  file_status link_status;
};

// A network CSV read on several threads. Each file is split at line ends
// into even parts (csv_split); part 0, with the header, is read on this
// thread, the others each on one of their own, into builders that defer the
// id index; the parts are appended in file order and the index built once
// (network_builder::join), so the network equals the one a
// single reader builds. Links are read the same way, their ends looked up in
// the finished element index. Whenever the parallel read would not give
// exactly the serial result — any problem in any row (the serial reader
// reports them with their line numbers), a repeated id, a split that fell
// inside a quoted field — run() gives nullopt and the caller reads serially.
class parallel_csv {
 public:
  parallel_csv(const read_options& opt, std::string dir, std::size_t threads)
      : opt_(opt), quiet_(opt), dir_(std::move(dir)), threads_(threads) {
    quiet_.progress = nullptr;
  }

  result<std::optional<network>> run(const csv_files& files) {
    csv_loader main(opt_, dir_);
    main.set_total(files.element_status.size + files.link_status.size);
    main.builder().defer_index();
    NETVET_ASSIGN_OR_RETURN(bool ok, read_file(main, files.elements, files.element_status, false));
    if (!ok) {
      return std::optional<network>();
    }
    if (!files.links.empty()) {
      NETVET_ASSIGN_OR_RETURN(ok, read_file(main, files.links, files.link_status, true));
      if (!ok) {
        return std::optional<network>();
      }
    }
    NETVET_ASSIGN_OR_RETURN(auto net, main.finish());
    others_done();
    return std::optional<network>(std::move(net));
  }

 private:
  // One file's parts: where each begins (and the file's end), a reader each.
  struct split_file {
    std::vector<std::uint64_t> points;
    std::vector<csv_reader> readers;
  };

  result<split_file> open_parts(const std::string& path, std::uint64_t bytes) const {
    // Smaller files than read_options::parallel_bytes are read on one thread:
    // splitting would cost more than it saves.
    const std::uint64_t min_part = std::max<std::uint64_t>(opt_.parallel_bytes / 4, 1);
    const std::size_t parts = std::clamp<std::size_t>(bytes / min_part, 1, threads_);
    split_file f;
    NETVET_ASSIGN_OR_RETURN(f.points, csv_split(opt_.files(), path, 0, bytes, parts, opt_.csv.max_record_bytes));
    f.points.insert(f.points.begin(), 0);
    f.points.push_back(bytes);
    for (std::size_t i = 0; i + 1 < f.points.size(); ++i) {
      NETVET_ASSIGN_OR_RETURN(auto rd,
                              csv_reader::open_range(opt_.files(), path, f.points[i], f.points[i + 1], opt_.csv));
      f.readers.push_back(std::move(rd));
    }
    return f;
  }

  // Reads one file in parts into `main`; false when the serial reader must
  // decide. A read that failed is returned.
  // Each part opens the file by its path: if the file is replaced or written
  // to after `before` was taken, the parts could mix versions. Then the
  // serial reader reads it once, as it is.
  result<bool> read_file(csv_loader& main, const std::string& path, const file_status& before, bool links) {
    NETVET_ASSIGN_OR_RETURN(auto file, open_parts(path, before.size));
    column_map map;
    NETVET_ASSIGN_OR_RETURN(const bool usable,
                            links ? main.link_header(file.readers[0], map) : main.element_header(file.readers[0], map));
    if (!usable) {
      return false;
    }
    std::vector<std::unique_ptr<csv_loader>> others;
    for (std::size_t i = 1; i < file.readers.size(); ++i) {
      others.push_back(std::make_unique<csv_loader>(quiet_, dir_, links ? &main.builder().peek() : nullptr));
      others.back()->builder().defer_index();
    }
    NETVET_TRY(read_parts(main, others, file, map, links));
    if (main.failed() || std::any_of(others.begin(), others.end(), [](const auto& l) { return l->failed(); })) {
      return false;
    }
    NETVET_ASSIGN_OR_RETURN(const file_status after, opt_.files().status_of(path));
    if (!after.same_file(before)) {
      return false;
    }
    return links ? join_links(main, others) : join_elements(main, others);
  }

  // Every part's records, part 0 into `main` on this thread, part i into
  // others[i - 1] on a thread of its own. Row problems are reported in the
  // loaders; a read that failed is returned.
  status read_parts(csv_loader& main, std::vector<std::unique_ptr<csv_loader>>& others, split_file& file,
                    const column_map& map, bool links) {
    auto& readers = file.readers;
    const auto& points = file.points;
    // Room for the rows: part 0's estimate, scaled by bytes. Part 0's
    // builder receives the others, so it makes room for the whole file.
    const double per_byte = static_cast<double>(readers[0].estimated_records()) /
                            static_cast<double>(std::max<std::uint64_t>(points[1] - readers[0].bytes_consumed(), 1));
    auto records = [&](csv_loader& l, std::size_t i) {
      const std::uint64_t span = i == 0 ? points.back() : points[i + 1] - points[i];
      const auto expected = static_cast<std::uint64_t>(per_byte * static_cast<double>(span));
      return links ? l.link_records(readers[i], map, expected) : l.element_records(readers[i], map, expected);
    };
    std::vector<status> done(readers.size());
    main.set_progress_scale(readers.size());
    {
      std::vector<std::jthread> pool;
      for (std::size_t i = 1; i < readers.size(); ++i) {
        pool.emplace_back([&, i] { done[i] = records(*others[i - 1], i); });
      }
      done[0] = records(main, 0);
    }
    main.set_progress_scale(1);
    for (auto& d : done) {
      NETVET_TRY(std::move(d));
    }
    return status::ok();
  }

  static bool join_links(csv_loader& main, std::vector<std::unique_ptr<csv_loader>>& others) {
    std::size_t count = main.builder().link_count();
    for (const auto& l : others) {
      count += l->builder().link_count();
    }
    main.builder().reserve(main.builder().element_count(), count);  // each column grows once
    for (auto& l : others) {
      main.builder().append(std::move(l->builder()));
    }
    return true;
  }

  // Joined and indexed; false on a repeated id (the serial reader reports it).
  bool join_elements(csv_loader& main, std::vector<std::unique_ptr<csv_loader>>& others) const {
    std::vector<network_builder*> builders;
    for (auto& l : others) {
      builders.push_back(&l->builder());
    }
    return main.builder().join(builders, threads_).empty();
  }

  // The parts' builders are gone: give their memory back to the system
  // (glibc keeps freed memory of other threads' arenas otherwise).
  static void others_done() {
#if defined(__GLIBC__)
    ::malloc_trim(0);
#endif
  }

  const read_options& opt_;
  read_options quiet_;  // for the other parts: no progress lines
  std::string dir_;
  std::size_t threads_;
};

}  // namespace

namespace {

result<csv_files> network_csv_files(file_system& fs, const std::string& dir) {
  NETVET_ASSIGN_OR_RETURN(const file_status st, fs.status_of(dir));
  if (!st.exists) {
    return make_error(error_code::not_found, "no such file or directory", location{dir});
  }
  if (!st.is_directory) {
    return make_error(error_code::invalid_input, "a network CSV is a folder holding elements.csv and links.csv",
                      location{dir});
  }
  csv_files f{dir + "/elements.csv", dir + "/links.csv"};
  NETVET_ASSIGN_OR_RETURN(const file_status es, fs.status_of(f.elements));
  if (!es.exists) {
    return make_error(error_code::invalid_input, "the folder has no elements.csv (network-csv layout)", location{dir});
  }
  if (es.is_directory) {
    return make_error(error_code::invalid_input, "is a folder, expected the file elements.csv", location{f.elements});
  }
  NETVET_ASSIGN_OR_RETURN(const file_status ls, fs.status_of(f.links));
  if (ls.is_directory) {
    return make_error(error_code::invalid_input, "is a folder, expected the file links.csv", location{f.links});
  }
  f.element_status = es;
  f.link_status = ls;
  if (!ls.exists) {
    f.links.clear();
  }
  return f;
}

}  // namespace

result<network> read_network_csv(const std::string& dir, const read_options& options) {
  file_system& fs = options.files();
  NETVET_ASSIGN_OR_RETURN(const csv_files files, network_csv_files(fs, dir));
  const std::size_t threads = load_threads(options);
  if (threads > 1 && files.element_status.size >= options.parallel_bytes) {
    parallel_csv par(options, dir, threads);
    NETVET_ASSIGN_OR_RETURN(auto net, par.run(files));
    if (net) {
      return std::move(*net);
    }
  }
  csv_loader loader(options, dir);
  {
    NETVET_ASSIGN_OR_RETURN(auto rd, csv_reader::open_file(fs, files.elements, options.csv));
    loader.set_total(rd.total_bytes() + files.link_status.size);
    NETVET_TRY(loader.read_elements(rd));
  }
  if (!files.links.empty()) {
    NETVET_ASSIGN_OR_RETURN(auto rd, csv_reader::open_file(fs, files.links, options.csv));
    NETVET_TRY(loader.read_links(rd));
  }
  return loader.finish();
}

result<network> read_network_csv_text(std::string_view elements_csv, std::string_view links_csv, std::string_view name,
                                      const read_options& options) {
  csv_loader loader(options, std::string(name));
  auto erd = csv_reader::from_text(elements_csv, std::string(name) + "/elements.csv", options.csv);
  NETVET_TRY(loader.read_elements(erd));
  if (!links_csv.empty()) {
    auto lrd = csv_reader::from_text(links_csv, std::string(name) + "/links.csv", options.csv);
    NETVET_TRY(loader.read_links(lrd));
  }
  return loader.finish();
}

namespace {

void append_u64(std::string& out, std::uint64_t v) {
  char buf[24];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, p);
}

std::string join_fields(std::span<const std::string_view> names) {
  std::string out;
  for (const auto& n : names) {
    out += out.empty() ? "" : ",";
    out += n;
  }
  return out;
}

void append_num(std::string& out, double v) {
  if (std::isnan(v)) {
    return;
  }
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, p);
}

}  // namespace

std::string write_elements_csv(const network& net) {
  std::string out;
  out.reserve(net.element_count() * 96 + 256);
  std::vector<element_column> cols;
  for (std::size_t c = 0; c < model::kElementColumnCount; ++c) {
    if (net.has_column(static_cast<element_column>(c))) {
      cols.push_back(static_cast<element_column>(c));
    }
  }
  out += join_fields(columns::required_element());
  for (auto c : cols) {
    out += ',';
    out += model::to_string(c);
  }
  for (const auto& a : net.element_attribute_names()) {
    out += ',';
    append_csv_field(out, a);
  }
  out += '\n';
  for (model::element_index e = 0; e < net.element_count(); ++e) {
    append_csv_field(out, net.id(e));
    out += ',';
    out += model::to_string(net.fn(e));
    out += ',';
    append_csv_field(out, net.vendor_spelling_of(e));
    for (auto c : cols) {
      out += ',';
      switch (c) {
        case element_column::model:
          append_csv_field(out, net.model(e));
          break;
        case element_column::software:
          append_csv_field(out, net.software(e));
          break;
        case element_column::site:
          append_csv_field(out, net.site(e));
          break;
        case element_column::region:
          append_csv_field(out, net.region(e));
          break;
        case element_column::lat:
          append_num(out, net.lat(e));
          break;
        case element_column::lon:
          append_num(out, net.lon(e));
          break;
        case element_column::subscribers:
          append_u64(out, net.subscribers(e));
          break;
        case element_column::installed:
          if (auto d = net.installed(e)) {
            out += format_date(*d);
          }
          break;
        case element_column::managed_by:
          append_csv_field(out, net.managed_by(e));
          break;
        case element_column::status:
          out += model::to_string(net.status(e));
          break;
        case element_column::generation:
          out += model::to_string(net.stated_generations(e));
          break;
      }
    }
    for (std::size_t a = 0; a < net.element_attribute_names().size(); ++a) {
      out += ',';
      append_csv_field(out, net.element_attribute(a, e).view());
    }
    out += '\n';
  }
  return out;
}

std::string write_links_csv(const network& net) {
  std::string out;
  out.reserve(net.link_count() * 48 + 64);
  const bool medium = net.has_column(model::link_column::medium);
  const bool cap = net.has_column(model::link_column::capacity_gbps);
  out += join_fields(columns::required_link());
  for (std::size_t c = 0; c < model::kLinkColumnCount; ++c) {
    if (net.has_column(static_cast<model::link_column>(c))) {
      out += ',';
      out += model::to_string(static_cast<model::link_column>(c));
    }
  }
  for (const auto& a : net.link_attribute_names()) {
    out += ',';
    append_csv_field(out, a);
  }
  out += '\n';
  for (model::link_index l = 0; l < net.link_count(); ++l) {
    append_csv_field(out, net.id(net.link_a(l)));
    out += ',';
    append_csv_field(out, net.id(net.link_b(l)));
    if (medium) {
      out += ',';
      out += model::to_string(net.medium(l));
    }
    if (cap) {
      out += ',';
      append_num(out, net.capacity_gbps(l));
    }
    for (std::size_t a = 0; a < net.link_attribute_names().size(); ++a) {
      out += ',';
      append_csv_field(out, net.link_attribute(a, l).view());
    }
    out += '\n';
  }
  return out;
}

status write_network_csv(const network& net, const std::string& dir, file_system& fs) {
  NETVET_ASSIGN_OR_RETURN(const file_status st, fs.status_of(dir));
  if (st.exists && !st.is_directory) {
    return make_error(error_code::invalid_input, "exists and is not a folder", location{dir});
  }
  if (!st.exists) {
    NETVET_TRY(fs.create_directories(dir));
  }
  NETVET_TRY(fs.write_file_atomic(dir + "/elements.csv", write_elements_csv(net)));
  NETVET_TRY(fs.write_file_atomic(dir + "/links.csv", write_links_csv(net)));
  return {};
}

}  // namespace netvet::io
