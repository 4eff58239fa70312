#include "netvet/model/vendor.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <unordered_map>

#include "netvet/core/csv.h"
#include "netvet/core/text.h"
#include "netvet/model/embedded_data.h"

namespace netvet::model {
namespace {

// Legal-form words dropped from the end of a spelling before matching.
// Lower case, punctuation already removed ("co., ltd." -> "co", "ltd").
constexpr std::array<std::string_view, 38> kLegalSuffixes = {
    "co", "ltd",  "limited", "inc",  "incorporated", "corp", "corporation", "company", "oy",  "oyj",
    "ab", "se",   "ag",      "gmbh", "llc",          "plc",  "sa",          "sas",     "spa", "srl",
    "nv", "bv",   "kk",      "pty",  "pte",          "lp",   "llp",         "as",      "asa", "aps",
    "kg", "sarl", "bhd",     "sdn",  "jsc",          "pjsc", "ooo",         "ao"};

bool is_legal_suffix(std::string_view w) {
  return std::find(kLegalSuffixes.begin(), kLegalSuffixes.end(), w) != kLegalSuffixes.end();
}

}  // namespace

std::string_view to_string(match_kind k) {
  // In the order of `match_kind`.
  static constexpr std::array<std::string_view, 4> kNames = {"display name", "legal name", "alias", "unknown"};
  return kNames[static_cast<std::size_t>(k)];
}

std::string normalise_vendor_key(std::string_view spelling) { return vendor_key(spelling, true); }

std::string vendor_key(std::string_view spelling, bool drop_suffixes) {
  // Split into words of letters and digits (any non-ASCII byte counts as a
  // letter, so CJK names survive), lower-cased.
  std::vector<std::string> words;
  std::string cur;
  for (const char ch : trim(spelling)) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
      cur.push_back(static_cast<char>(c));
    } else if (c >= 'A' && c <= 'Z') {
      cur.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (c == '.' || c == '\'') {
      // "Co." and "L.M." keep their letters together.
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) {
    words.push_back(std::move(cur));
  }
  while (drop_suffixes && words.size() > 1 && is_legal_suffix(words.back())) {
    words.pop_back();
  }
  std::string key;
  for (const auto& w : words) {
    key += w;
  }
  return key;
}

const vendor_catalog& vendor_catalog::builtin() {
  static const vendor_catalog kCatalog = [] {
    auto c = vendor_catalog::from_csv(embedded_vendors_csv(), "data/vendors.csv");
    NETVET_ASSERT(c.has_value(), "data/vendors.csv is compiled in and parsed by the tests: it cannot be malformed");
    vendor_catalog cat = std::move(c).value();
    // Every manufacturer of the NetBox device-type library: an alias where it
    // names a catalogue vendor, a vendor of its own otherwise.
    auto rd = csv_reader::from_text(embedded_device_types_csv(), "data/devicetypes/device_types.csv");
    bool header = true;
    std::string last;
    while (true) {
      auto more = rd.next();
      if (!more || !*more) {
        break;
      }
      if (header) {
        header = false;
        continue;
      }
      const auto f = rd.fields();
      if (f.empty() || trim(f[0]).empty() || f[0] == last) {
        continue;
      }
      last = std::string(f[0]);
      if (!cat.resolve(last).vendor) {
        vendor_info v;
        v.display_name = last;
        v.canonical_name = last;
        v.origin = "device-type library";
        v.source = "NetBox device-type library (CC0), manufacturer";
        (void)cat.add_vendor_row(std::move(v), location{"data/devicetypes/device_types.csv", rd.line()}, false);
      }
    }
    return cat;
  }();
  return kCatalog;
}

status vendor_catalog::add_key(std::string_view spelling, vendor_id id, match_kind kind, const location& where) {
  const std::string exact = vendor_key(spelling, false);
  if (exact.empty()) {
    return make_error(error_code::invalid_input,
                      "vendor name '" + std::string(spelling) + "' is empty after normalisation", where);
  }
  const key_entry entry{id, kind, std::string(trim(spelling))};
  // The spelling itself (case and punctuation ignored): no two vendors may
  // share it.
  auto [it, inserted] = exact_keys_.emplace(exact, entry);
  if (!inserted && it->second.vendor != id) {
    return make_error(error_code::invalid_input,
                      "spelling '" + std::string(spelling) + "' would belong to both '" +
                          vendors_[it->second.vendor].display_name + "' and '" + vendors_[id].display_name + "'",
                      where);
  }
  if (!inserted && kind < it->second.kind) {
    it->second = entry;
  }
  // Without legal suffixes: "TP-Link Corporation" and "TP-Link" meet here;
  // a display name beats a legal name beats an alias, else the first wins.
  const std::string loose = vendor_key(spelling, true);
  auto [lit, linserted] = keys_.emplace(loose, entry);
  if (!linserted && kind < lit->second.kind) {
    lit->second = entry;
  }
  return {};
}

namespace {

location at_field(const location& where, std::string field) {
  location w = where;
  w.field = std::move(field);
  return w;
}

// A later row for a vendor already in the catalogue adds aliases and fills
// or overrides its facts.
void extend_vendor(vendor_info& v, const vendor_info& row) {
  for (const auto& a : row.aliases) {
    v.aliases.push_back(a);
  }
  if (!row.canonical_name.empty() && v.canonical_name.empty()) {
    v.canonical_name = row.canonical_name;
  }
  if (!row.hq_country.empty()) {
    v.hq_country = row.hq_country;
  }
  if (!row.parent.empty()) {
    v.parent = row.parent;
  }
}

// Where each known column of a vendor file is (-1 if absent).
struct vendor_columns {
  std::size_t count = 0;
  int display = -1;
  int canonical = -1;
  int aliases = -1;
  int country = -1;
  int parent = -1;
  int notes = -1;
  int source = -1;
};

vendor_columns find_vendor_columns(std::span<const std::string_view> fields) {
  std::vector<std::string_view> header;
  for (auto f : fields) {
    header.push_back(trim(f));
  }
  auto col = [&](std::string_view c) -> int {
    auto it = std::find(header.begin(), header.end(), c);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
  };
  return vendor_columns{header.size(),     col("display_name"), col("canonical_name"), col("aliases"),
                        col("hq_country"), col("parent"),       col("notes"),          col("source")};
}

vendor_info vendor_from_row(std::span<const std::string_view> f, const vendor_columns& c, std::string_view origin) {
  auto get = [&](int i) { return i < 0 ? std::string() : std::string(trim(f[static_cast<std::size_t>(i)])); };
  vendor_info v;
  v.display_name = get(c.display);
  v.canonical_name = get(c.canonical);
  const std::string alias_text = get(c.aliases);
  for (auto a : split(alias_text, ';')) {
    if (!trim(a).empty()) {
      v.aliases.emplace_back(trim(a));
    }
  }
  v.hq_country = get(c.country);
  v.parent = get(c.parent);
  v.notes = get(c.notes);
  v.source = get(c.source);
  v.origin = std::string(origin);
  return v;
}

// The vendor a vendor's `parent` names, if any.
std::optional<vendor_id> parent_of(const vendor_catalog& cat, vendor_id v) {
  const auto& parent = cat.info(v).parent;
  return parent.empty() ? std::nullopt : cat.find(parent);
}

// A parent chain that comes back to where it started is an error naming the
// line of `set_here` (the rows of this file that set a parent) on the cycle.
// Each vendor is walked once: linear in the catalogue, no recursion.
status check_parent_cycles(const vendor_catalog& cat, const std::unordered_map<vendor_id, location>& set_here) {
  enum : std::uint8_t { kUnseen, kOnPath, kDone };
  std::vector<std::uint8_t> state(cat.size(), kUnseen);
  std::vector<vendor_id> path;
  for (vendor_id start = 0; start < cat.size(); ++start) {
    path.clear();
    std::optional<vendor_id> cur = start;
    while (cur && state[*cur] == kUnseen) {
      state[*cur] = kOnPath;
      path.push_back(*cur);
      cur = parent_of(cat, *cur);
    }
    if (cur && state[*cur] == kOnPath) {
      const auto first = std::find(path.begin(), path.end(), *cur);
      for (auto it = first; it != path.end(); ++it) {
        const auto where = set_here.find(*it);
        if (where != set_here.end()) {
          return make_error(error_code::invalid_input,
                            "vendor '" + cat.info(*it).display_name + "' has parent '" + cat.info(*it).parent +
                                "', which is a cycle of " + std::to_string(path.end() - first) + " vendor(s)",
                            where->second);
        }
      }
    }
    for (const auto v : path) {
      state[v] = kDone;
    }
  }
  return {};
}

}  // namespace

status vendor_catalog::add_vendor_row(vendor_info row, const location& where, bool allow_extend) {
  row.display_name = std::string(trim(row.display_name));
  const location at_display{where.file, where.line, 0, "display_name"};
  if (row.display_name.empty()) {
    return make_error(error_code::invalid_input, "empty display_name", at_display);
  }
  auto existing = by_display_.find(row.display_name);
  if (existing != by_display_.end() && !allow_extend) {
    return make_error(error_code::invalid_input, "duplicate vendor '" + row.display_name + "'", at_display);
  }
  vendor_id id = 0;
  if (existing != by_display_.end()) {
    id = existing->second;
    extend_vendor(vendors_[id], row);
  } else {
    id = static_cast<vendor_id>(vendors_.size());
    vendors_.push_back(row);
    by_display_.emplace(row.display_name, id);
    NETVET_TRY(add_key(row.display_name, id, match_kind::display_name, at_field(where, "display_name")));
  }
  if (!row.canonical_name.empty()) {
    NETVET_TRY(add_key(row.canonical_name, id, match_kind::canonical_name, at_field(where, "canonical_name")));
  }
  for (const auto& a : row.aliases) {
    NETVET_TRY(add_key(a, id, match_kind::alias, at_field(where, "aliases")));
  }
  return {};
}

result<vendor_catalog> vendor_catalog::from_csv(std::string_view text, std::string_view name) {
  vendor_catalog cat;
  NETVET_TRY(cat.merge_csv(text, name));
  return cat;
}

status vendor_catalog::merge_csv(std::string_view text, std::string_view name) {
  auto rd = csv_reader::from_text(text, std::string(name));
  NETVET_ASSIGN_OR_RETURN(const bool first, rd.next());
  if (!first) {
    return make_error(error_code::invalid_input, "empty vendor file", location{std::string(name)});
  }
  const vendor_columns cols = find_vendor_columns(rd.fields());
  if (cols.display < 0) {
    return make_error(error_code::invalid_input, "missing required column 'display_name' in the header",
                      location{std::string(name), 1, 0, "display_name"});
  }
  std::vector<std::pair<std::string, location>> parents;
  std::unordered_map<vendor_id, location> parent_set_at;  // the last row that set a vendor's parent
  while (true) {
    NETVET_ASSIGN_OR_RETURN(const bool more, rd.next());
    if (!more) {
      break;
    }
    const auto f = rd.fields();
    if (f.size() == 1 && f[0].empty()) {
      continue;
    }
    if (f.size() != cols.count) {
      return make_error(error_code::invalid_input,
                        "row has " + std::to_string(f.size()) + " fields, the header has " + std::to_string(cols.count),
                        location{std::string(name), rd.line()});
    }
    vendor_info v = vendor_from_row(f, cols, name);
    const bool sets_parent = !v.parent.empty();
    const std::string display(trim(v.display_name));
    if (sets_parent) {
      parents.emplace_back(v.parent, location{std::string(name), rd.line(), 0, "parent"});
    }
    NETVET_TRY(add_vendor_row(std::move(v), location{std::string(name), rd.line()}, true));
    if (sets_parent) {
      parent_set_at[*find(display)] = parents.back().second;
    }
  }
  // A parent is the display name of another vendor; HPE's subsidiaries may
  // name a parent that appears later in the file, so check at the end.
  for (const auto& [p, where] : parents) {
    if (!find(p)) {
      return make_error(error_code::invalid_input, "parent '" + p + "' is not a vendor in the catalogue", where);
    }
  }
  return check_parent_cycles(*this, parent_set_at);
}

status vendor_catalog::merge_file(file_system& fs, const std::string& path) {
  auto file = fs.open_sequential(path);
  if (!file) {
    return make_error(error_code::not_found, "cannot open vendor file", location{path});
  }
  std::string text;
  std::array<char, std::size_t{64} << 10> chunk{};
  while (true) {
    NETVET_ASSIGN_OR_RETURN(const std::size_t n, (*file)->read(chunk));
    if (n == 0) {
      break;
    }
    text.append(chunk.data(), n);
  }
  return merge_csv(text, path);
}

vendor_match vendor_catalog::resolve(std::string_view spelling) const {
  vendor_match m = resolve_as_written(spelling);
  // The slow path only for spellings with a non-ASCII byte: an inventory of
  // plain names never folds.
  if (m.vendor ||
      std::none_of(spelling.begin(), spelling.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
    return m;
  }
  // NFKC-style folding first; the look-alike letters only if that is not
  // enough, so the reason names what was needed.
  for (const bool lookalikes : {false, true}) {
    folded_spelling f = fold_spelling(spelling, lookalikes);
    if (!f.why.any()) {
      continue;
    }
    m = resolve_as_written(f.text);
    if (m.vendor) {
      m.folded = f.why;
      return m;
    }
  }
  return {};
}

vendor_match vendor_catalog::resolve_as_written(std::string_view spelling) const {
  auto it = exact_keys_.find(vendor_key(spelling, false));
  if (it == exact_keys_.end()) {
    it = keys_.find(vendor_key(spelling, true));
    if (it == keys_.end()) {
      return {};
    }
  }
  return vendor_match{it->second.vendor, it->second.kind, it->second.spelling};
}

std::optional<vendor_id> vendor_catalog::find(std::string_view display_name) const {
  auto it = by_display_.find(std::string(display_name));
  if (it == by_display_.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::vector<std::string> vendor_catalog::display_names() const {
  std::vector<std::string> out;
  out.reserve(vendors_.size());
  for (const auto& v : vendors_) {
    out.push_back(v.display_name);
  }
  return out;
}

std::vector<std::string> vendor_catalog::suggest(std::string_view spelling, std::size_t n) const {
  // Compare normalised keys, then report the display names.
  const std::string key = normalise_vendor_key(spelling);
  std::vector<std::string> keys;
  keys.reserve(keys_.size());
  for (const auto& entry : keys_) {
    keys.push_back(entry.first);
  }
  std::sort(keys.begin(), keys.end());  // deterministic ties
  std::vector<std::string> out;
  for (const auto& k : closest(key, keys, n * 3)) {
    const auto id = keys_.at(k).vendor;
    const auto& dn = vendors_[id].display_name;
    if (std::find(out.begin(), out.end(), dn) == out.end()) {
      out.push_back(dn);
    }
    if (out.size() == n) {
      break;
    }
  }
  return out;
}

}  // namespace netvet::model
