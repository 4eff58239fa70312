// Network CSV reader and writer (docs/formats/network-csv.md).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include <sys/stat.h>

#include "netvet/core/text.h"
#include "netvet/io/reader.h"

namespace netvet::io {
namespace {

using model::element_column;
using model::element_index;
using model::network;
using model::network_builder;

enum class ecol : std::uint8_t {
  id,
  function,
  vendor,
  model,
  software,
  site,
  region,
  lat,
  lon,
  subscribers,
  installed,
  managed_by,
  status,
  attribute
};

struct column_map {
  std::vector<ecol> kinds;             // per input column
  std::vector<std::size_t> attr_slot;  // per input column: attribute index
  std::vector<std::string> names;
  std::vector<std::string> attr_names;
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

  void add(row r, std::string_view a, std::string_view b, std::span<const std::string_view> f, int ca, int cb, int cm,
           int cc) {
    auto keep = [&](std::string_view v) {
      const std::size_t off = text.size();
      text.append(v);
      return std::pair<std::size_t, std::size_t>(off, v.size());
    };
    spans.push_back(keep(a));
    spans.push_back(keep(b));
    r.attr_begin = attr_spans.size();
    for (std::size_t i = 0; i < f.size(); ++i) {
      const auto ii = static_cast<int>(i);
      if (ii != ca && ii != cb && ii != cm && ii != cc) {
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

class csv_loader {
 public:
  csv_loader(const read_options& opt, std::string name)
      : opt_(opt), name_(std::move(name)), diag_(opt.max_errors), builder_(*opt.catalog) {}

  void add(std::string_view file, std::size_t line, std::size_t col, std::string_view field, std::string msg) {
    diag_.add(error_code::invalid_input, std::move(msg), location{std::string(file), line, col, std::string(field)});
  }

  // Reads a header; returns false (after adding diagnostics) if unusable.
  bool header(csv_reader& rd, const std::vector<std::string_view>& required, const std::vector<std::string_view>& known,
              column_map& map) {
    auto first = rd.next();
    if (!first) {
      diag_.add(first.take_error());
      return false;
    }
    if (!*first) {
      add(rd.name(), 0, 0, "", "empty file: expected a header row");
      return false;
    }
    const auto f = rd.fields();
    bool any_known = false;
    for (std::size_t i = 0; i < f.size(); ++i) {
      const std::string name(trim(f[i]));
      if (name.empty()) {
        add(rd.name(), rd.line(), i + 1, "", "empty column name in the header");
      }
      for (std::size_t j = 0; j < map.names.size(); ++j) {
        if (map.names[j] == name) {
          add(rd.name(), rd.line(), i + 1, name,
              "duplicate column in the header (also column " + std::to_string(j + 1) + ")");
        }
      }
      map.names.push_back(name);
      if (std::find(known.begin(), known.end(), name) != known.end()) {
        any_known = true;
      }
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

  static std::string join_views(const std::vector<std::string_view>& v) {
    std::string out;
    for (const auto& s : v) {
      out += out.empty() ? "" : ", ";
      out += s;
    }
    return out;
  }

  status read_elements(csv_reader& rd) {
    static const std::vector<std::string_view> kRequired = {"id", "function", "vendor"};
    static const std::vector<std::string_view> kKnown = {"id",        "function",   "vendor", "model", "software",
                                                         "site",      "region",     "lat",    "lon",   "subscribers",
                                                         "installed", "managed_by", "status"};
    column_map map;
    if (!header(rd, kRequired, kKnown, map)) {
      return status::ok();
    }
    for (std::size_t i = 0; i < map.names.size(); ++i) {
      const auto& n = map.names[i];
      auto it = std::find(kKnown.begin(), kKnown.end(), n);
      if (it == kKnown.end()) {
        map.kinds.push_back(ecol::attribute);
        map.attr_slot.push_back(map.attr_names.size());
        map.attr_names.push_back(n);
      } else {
        map.kinds.push_back(static_cast<ecol>(it - kKnown.begin()));
        map.attr_slot.push_back(0);
        if (auto c = model::parse_element_column(n)) {
          builder_.mark_column(*c);
        }
      }
    }
    builder_.set_element_attributes(map.attr_names);
    // Reserve from the rows in the first chunk, so that vectors and the id
    // index are sized once.
    builder_.reserve(rd.estimated_records(), 0);
    std::vector<std::string_view> attrs(map.attr_names.size());
    const std::string& file = rd.name();
    std::uint64_t next_progress = std::uint64_t{8} << 20;
    while (true) {
      auto more = rd.next();
      if (!more) {
        diag_.add(more.take_error());
        break;
      }
      if (!*more) {
        break;
      }
      const auto f = rd.fields();
      if (is_blank_record(f)) {
        continue;
      }
      const std::size_t line = rd.line();
      if (f.size() != map.kinds.size()) {
        add(file, line, 0, "",
            "row has " + std::to_string(f.size()) + " fields, the header has " + std::to_string(map.kinds.size()));
        continue;
      }
      model::element_record r;
      bool ok = true;
      bool have_fn = false;
      for (std::size_t i = 0; i < f.size(); ++i) {
        const std::string_view v = f[i];
        switch (map.kinds[i]) {
          case ecol::id:
            r.id = v;
            if (v.empty()) {
              add(file, line, i + 1, "id", "empty id");
              ok = false;
            }
            break;
          case ecol::function: {
            const auto fn = model::parse_function(v);
            if (!fn) {
              const auto t = trim(v);
              const auto fn2 = model::parse_function(t);
              if (fn2) {
                r.fn = *fn2;
                have_fn = true;
                break;
              }
              std::string msg = t.empty() ? "empty function" : "unknown function '" + std::string(t) + "'";
              std::vector<std::string> names;
              for (auto x : model::all_functions()) {
                names.emplace_back(model::to_string(x));
              }
              const auto near = closest(to_lower_ascii(t), names, 1);
              if (!near.empty()) {
                msg += " (did you mean '" + near.front() + "'?)";
              }
              msg += "; expected one of: " + std::string(model::function_list());
              add(file, line, i + 1, "function", msg);
              ok = false;
            } else {
              r.fn = *fn;
              have_fn = true;
            }
            break;
          }
          case ecol::vendor:
            r.vendor = trim(v);
            if (r.vendor.empty()) {
              add(file, line, i + 1, "vendor", "empty vendor (the column is required; write the manufacturer)");
              ok = false;
            }
            break;
          case ecol::model:
            r.model = v;
            break;
          case ecol::software:
            r.software = v;
            break;
          case ecol::site:
            r.site = v;
            break;
          case ecol::region:
            r.region = v;
            break;
          case ecol::managed_by:
            r.managed_by = v;
            break;
          case ecol::lat:
          case ecol::lon: {
            if (trim(v).empty()) {
              break;
            }
            const bool is_lat = map.kinds[i] == ecol::lat;
            double d = 0;
            const double lim = is_lat ? 90.0 : 180.0;
            if (!parse_double(v, d)) {
              add(file, line, i + 1, is_lat ? "lat" : "lon", "not a number: '" + std::string(v) + "'");
              ok = false;
            } else if (d < -lim || d > lim) {
              add(file, line, i + 1, is_lat ? "lat" : "lon",
                  std::string(is_lat ? "latitude" : "longitude") + " " + std::string(trim(v)) + " is out of range [" +
                      format_double(-lim) + ", " + format_double(lim) + "]");
              ok = false;
            } else {
              (is_lat ? r.lat : r.lon) = d;
            }
            break;
          }
          case ecol::subscribers:
            if (!trim(v).empty() && !parse_u32(v, r.subscribers)) {
              add(file, line, i + 1, "subscribers",
                  "not a whole number from 0 to 4294967295: '" + std::string(v) + "'");
              ok = false;
            }
            break;
          case ecol::installed:
            if (!trim(v).empty()) {
              const auto d = parse_date(trim(v));
              if (!d) {
                add(file, line, i + 1, "installed", "not a date (YYYY-MM-DD): '" + std::string(v) + "'");
                ok = false;
              } else {
                r.installed = d->days;
              }
            }
            break;
          case ecol::status:
            if (!trim(v).empty()) {
              const auto s = model::parse_status(trim(v));
              if (!s) {
                add(file, line, i + 1, "status",
                    "unknown status '" + std::string(v) + "'; expected one of: " + std::string(model::status_list()));
                ok = false;
              } else {
                r.status = *s;
              }
            }
            break;
          case ecol::attribute:
            attrs[map.attr_slot[i]] = v;
            break;
        }
      }
      if (!ok || !have_fn) {
        continue;
      }
      r.attributes = attrs;
      const auto e = builder_.add_element(r);
      if (e == model::kNoElement) {
        const auto first = builder_.find(r.id);
        add(file, line, 0, "id",
            "duplicate id '" + std::string(r.id) + "' (first on line " +
                std::to_string(first ? element_lines_[*first] : 0) + ")");
        continue;
      }
      element_lines_.push_back(static_cast<std::uint32_t>(line));
      if (opt_.progress && rd.bytes_consumed() >= next_progress) {
        opt_.progress(rd.bytes_consumed() + progress_base_, progress_total_);
        next_progress += std::uint64_t{8} << 20;
      }
    }
    progress_base_ += rd.bytes_consumed();
    return status::ok();
  }

  status read_links(csv_reader& rd) {
    static const std::vector<std::string_view> kRequired = {"a", "b"};
    static const std::vector<std::string_view> kKnown = {"a", "b", "medium", "capacity_gbps"};
    column_map map;
    if (!header(rd, kRequired, kKnown, map)) {
      return status::ok();
    }
    int ca = -1;
    int cb = -1;
    int cm = -1;
    int cc = -1;
    for (std::size_t i = 0; i < map.names.size(); ++i) {
      const auto& n = map.names[i];
      map.attr_slot.push_back(map.attr_names.size());
      if (n == "a") {
        ca = static_cast<int>(i);
      } else if (n == "b") {
        cb = static_cast<int>(i);
      } else if (n == "medium") {
        cm = static_cast<int>(i);
        builder_.mark_column(model::link_column::medium);
      } else if (n == "capacity_gbps") {
        cc = static_cast<int>(i);
        builder_.mark_column(model::link_column::capacity_gbps);
      } else {
        map.attr_names.push_back(n);
      }
    }
    builder_.set_link_attributes(map.attr_names);
    builder_.reserve(0, rd.estimated_records());
    const std::string& file = rd.name();
    std::uint64_t next_progress = std::uint64_t{8} << 20;
    // Rows are resolved in batches: their ids are copied into `batch`, then
    // looked up together so that the index's cache misses overlap
    // (network::find_many). Errors keep their line numbers.
    link_batch batch;
    const std::size_t n_attrs = map.attr_names.size();
    auto flush = [&] {
      batch.resolve(builder_.peek());
      std::vector<std::string_view> attrs(n_attrs);
      for (std::size_t i = 0; i < batch.rows.size(); ++i) {
        const auto& row = batch.rows[i];
        model::link_record r;
        r.medium = row.medium;
        r.capacity_gbps = row.capacity;
        bool ok = true;
        for (int end = 0; end < 2; ++end) {
          const element_index e = batch.found[2 * i + static_cast<std::size_t>(end)];
          if (e == model::kNoElement) {
            const int c = end == 0 ? ca : cb;
            add(file, row.line, static_cast<std::size_t>(c) + 1, end == 0 ? "a" : "b",
                "dangling link end: no element with id '" +
                    std::string(batch.ids[2 * i + static_cast<std::size_t>(end)]) + "' in elements.csv");
            ok = false;
          }
          (end == 0 ? r.a : r.b) = e;
        }
        if (!ok) {
          continue;
        }
        for (std::size_t k = 0; k < n_attrs; ++k) {
          attrs[k] = batch.attr(i, k);
        }
        r.attributes = attrs;
        builder_.add_link(r);
      }
      batch.clear();
    };
    while (true) {
      auto more = rd.next();
      if (!more) {
        diag_.add(more.take_error());
        break;
      }
      if (!*more) {
        break;
      }
      const auto f = rd.fields();
      if (is_blank_record(f)) {
        continue;
      }
      const std::size_t line = rd.line();
      if (f.size() != map.names.size()) {
        add(file, line, 0, "",
            "row has " + std::to_string(f.size()) + " fields, the header has " + std::to_string(map.names.size()));
        continue;
      }
      link_batch::row row;
      row.line = line;
      bool ok = true;
      for (int end = 0; end < 2; ++end) {
        const int c = end == 0 ? ca : cb;
        if (f[static_cast<std::size_t>(c)].empty()) {
          add(file, line, static_cast<std::size_t>(c) + 1, end == 0 ? "a" : "b", "empty link end");
          ok = false;
        }
      }
      if (cm >= 0) {
        const auto v = trim(f[static_cast<std::size_t>(cm)]);
        const auto m = model::parse_medium(v);
        if (!m) {
          add(file, line, static_cast<std::size_t>(cm) + 1, "medium",
              "unknown medium '" + std::string(v) + "'; expected fiber, microwave, copper or virtual");
          ok = false;
        } else {
          row.medium = *m;
        }
      }
      if (cc >= 0) {
        const auto v = f[static_cast<std::size_t>(cc)];
        if (!trim(v).empty()) {
          double d = 0;
          if (!parse_double(v, d) || d < 0) {
            add(file, line, static_cast<std::size_t>(cc) + 1, "capacity_gbps",
                "not a non-negative decimal: '" + std::string(v) + "'");
            ok = false;
          } else {
            row.capacity = d;
          }
        }
      }
      if (!ok) {
        continue;
      }
      batch.add(row, f[static_cast<std::size_t>(ca)], f[static_cast<std::size_t>(cb)], f, ca, cb, cm, cc);
      if (batch.rows.size() == link_batch::kSize) {
        flush();
      }
      if (opt_.progress && rd.bytes_consumed() >= next_progress) {
        opt_.progress(rd.bytes_consumed() + progress_base_, progress_total_);
        next_progress += std::uint64_t{8} << 20;
      }
    }
    flush();
    return status::ok();
  }

  result<network> finish() {
    if (!diag_.empty()) {
      return diag_.combined();
    }
    return std::move(builder_).finish();
  }

  void set_total(std::uint64_t t) { progress_total_ = t; }

 private:
  const read_options& opt_;
  std::string name_;
  diagnostics diag_;
  network_builder builder_;
  std::vector<std::uint32_t> element_lines_;
  std::uint64_t progress_base_ = 0;
  std::uint64_t progress_total_ = 0;
};

bool file_exists(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace

result<network> read_network_csv(const std::string& dir, const read_options& options) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    return make_error(error_code::not_found, "no such file or directory", location{dir});
  }
  if (!S_ISDIR(st.st_mode)) {
    return make_error(error_code::invalid_input, "a network CSV is a folder holding elements.csv and links.csv",
                      location{dir});
  }
  const std::string elements = dir + "/elements.csv";
  const std::string links = dir + "/links.csv";
  if (!file_exists(elements)) {
    return make_error(error_code::invalid_input, "the folder has no elements.csv (network-csv layout)", location{dir});
  }
  csv_loader loader(options, dir);
  struct stat ls {};
  const bool have_links = ::stat(links.c_str(), &ls) == 0 && S_ISREG(ls.st_mode);
  {
    auto rd = csv_reader::open_file(elements, options.csv);
    if (!rd) {
      return rd.take_error();
    }
    loader.set_total(rd->total_bytes() + (have_links ? static_cast<std::uint64_t>(ls.st_size) : 0));
    NETVET_TRY(loader.read_elements(*rd));
  }
  if (have_links) {
    auto rd = csv_reader::open_file(links, options.csv);
    if (!rd) {
      return rd.take_error();
    }
    NETVET_TRY(loader.read_links(*rd));
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
  out += "id,function,vendor";
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
      }
    }
    for (std::size_t a = 0; a < net.element_attribute_names().size(); ++a) {
      out += ',';
      append_csv_field(out, net.element_attribute(a, e));
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
  out += "a,b";
  if (medium) {
    out += ",medium";
  }
  if (cap) {
    out += ",capacity_gbps";
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
      append_csv_field(out, net.link_attribute(a, l));
    }
    out += '\n';
  }
  return out;
}

status write_network_csv(const network& net, const std::string& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    if (::mkdir(dir.c_str(), 0755) != 0) {
      return make_error(error_code::io_error, std::string("cannot create folder: ") + std::strerror(errno),
                        location{dir});
    }
  } else if (!S_ISDIR(st.st_mode)) {
    return make_error(error_code::invalid_input, "exists and is not a folder", location{dir});
  }
  NETVET_TRY(write_file_atomic(dir + "/elements.csv", write_elements_csv(net)));
  NETVET_TRY(write_file_atomic(dir + "/links.csv", write_links_csv(net)));
  return {};
}

}  // namespace netvet::io
