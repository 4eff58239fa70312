// netvet/model/network.h: a network's elements and links, stored compactly.
//
// Columnar storage: one vector per field, repeated strings (vendor spelling,
// model, software, site, region, managed_by) interned in a `string_pool`,
// extra attributes in an `attribute_column` each (sparse, interned, raw or numbered), ids in one byte arena with an
// open-addressing index. About 100 bytes per element including strings on a national network (README, "Speed and
// memory").
//
// A `network` is immutable once built (a `network_builder` makes it) and is
// safe to read from several threads. Elements and links are addressed by a
// dense 0-based `element_index` / `link_index` in input order.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/date.h"
#include "netvet/core/string_pool.h"
#include "netvet/model/attribute_column.h"
#include "netvet/model/function.h"
#include "netvet/model/vendor.h"

namespace netvet::model {

using element_index = std::uint32_t;
using link_index = std::uint32_t;
// Index into network::vendors(): the vendors of one network.
using net_vendor_index = std::uint32_t;

inline constexpr element_index kNoElement = std::numeric_limits<element_index>::max();
inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

// Optional columns of elements.csv, in the order netvet writes them.
#define NETVET_ELEMENT_COLUMNS(X) \
  X(model) X(software) X(site) X(region) X(lat) X(lon) X(subscribers) X(installed) X(managed_by) X(status) X(generation)
enum class element_column : std::uint8_t {
#define NETVET_X(name) name,
  NETVET_ELEMENT_COLUMNS(NETVET_X)
#undef NETVET_X
};
inline constexpr std::size_t kElementColumnCount = 0
#define NETVET_X(name) +1
    NETVET_ELEMENT_COLUMNS(NETVET_X)
#undef NETVET_X
    ;
std::string_view to_string(element_column c);
std::optional<element_column> parse_element_column(std::string_view s);

// Optional columns of links.csv, in the order netvet writes them.
#define NETVET_LINK_COLUMNS(X) X(medium) X(capacity_gbps)
enum class link_column : std::uint8_t {
#define NETVET_X(name) name,
  NETVET_LINK_COLUMNS(NETVET_X)
#undef NETVET_X
};
inline constexpr std::size_t kLinkColumnCount = 0
#define NETVET_X(name) +1
    NETVET_LINK_COLUMNS(NETVET_X)
#undef NETVET_X
    ;
std::string_view to_string(link_column c);
std::optional<link_column> parse_link_column(std::string_view s);

// A vendor as it appears in one network.
struct network_vendor {
  std::string name;                     // catalogue display name, or trimmed spelling if unknown
  std::optional<vendor_id> catalog_id;  // nullopt: not in the catalogue
  [[nodiscard]] bool known() const { return catalog_id.has_value(); }
};

// How one inventory spelling was resolved (for `netvet vendors PATH`).
struct vendor_spelling {
  std::string spelling;
  net_vendor_index vendor = 0;
  match_kind kind = match_kind::unknown;
  std::string matched;
  std::uint64_t elements = 0;
  vendor_folding folded;  // set: it matched only after folding, a disguised name (vendor.h)
};

// Input to network_builder::add_element. Views need only live for the call.
struct element_record {
  std::string_view id;
  function fn = function::router;
  std::string_view vendor;
  std::string_view model;
  std::string_view software;
  std::string_view site;
  std::string_view region;
  std::string_view managed_by;
  double lat = kNoValue;
  double lon = kNoValue;
  std::uint32_t subscribers = 0;
  std::int32_t installed = kNoDate;
  element_status status = element_status::active;
  // The generations the row states (`4g`, `5g`, `any`); empty: not stated,
  // the function's own (implied_generations). Readers check generation_fits.
  generation_set generation;
  // One value per element attribute name (or empty: all attributes empty).
  std::span<const std::string_view> attributes;
};

struct link_record {
  element_index a = kNoElement;
  element_index b = kNoElement;
  link_medium medium = link_medium::none;
  double capacity_gbps = kNoValue;
  std::span<const std::string_view> attributes;
};

class network {
 public:
  network() = default;
  network(network&&) noexcept = default;
  network& operator=(network&&) noexcept = default;
  network(const network&) = delete;
  network& operator=(const network&) = delete;
  ~network() = default;

  [[nodiscard]] std::size_t element_count() const { return fn_.size(); }
  [[nodiscard]] std::size_t link_count() const { return link_a_.size(); }

  [[nodiscard]] std::string_view id(element_index e) const {
    const std::uint32_t b = e == 0 ? 0 : id_end_[e - 1];
    return {id_chars_.data() + b, id_end_[e] - b};
  }
  [[nodiscard]] std::optional<element_index> find(std::string_view id) const;
  // Looks up many ids at once (kNoElement where absent), overlapping the
  // index's memory accesses: several times faster than find() in a loop on
  // a network larger than the CPU caches. `out.size()` == `ids.size()`.
  void find_many(std::span<const std::string_view> ids, std::span<element_index> out) const;

  [[nodiscard]] function fn(element_index e) const { return fn_[e]; }
  [[nodiscard]] net_vendor_index vendor(element_index e) const { return vendor_[e]; }
  [[nodiscard]] std::string_view vendor_name(element_index e) const { return vendors_[vendor_[e]].name; }
  [[nodiscard]] std::string_view vendor_spelling_of(element_index e) const { return pool_.view(spelling_[e]); }
  [[nodiscard]] std::string_view model(element_index e) const { return pool_.view(model_[e]); }
  [[nodiscard]] std::string_view software(element_index e) const { return pool_.view(software_[e]); }
  [[nodiscard]] std::string_view site(element_index e) const { return pool_.view(site_[e]); }
  [[nodiscard]] std::string_view region(element_index e) const { return pool_.view(region_[e]); }
  [[nodiscard]] std::string_view managed_by(element_index e) const { return pool_.view(managed_by_[e]); }
  // Interned ids, for grouping without string compares (0 = empty).
  [[nodiscard]] string_id site_id(element_index e) const { return site_[e]; }
  [[nodiscard]] string_id region_id(element_index e) const { return region_[e]; }
  [[nodiscard]] string_id model_id(element_index e) const { return model_[e]; }
  [[nodiscard]] string_id managed_by_id(element_index e) const { return managed_by_[e]; }
  [[nodiscard]] double lat(element_index e) const { return lat_[e]; }
  [[nodiscard]] double lon(element_index e) const { return lon_[e]; }
  [[nodiscard]] std::uint32_t subscribers(element_index e) const { return subscribers_[e]; }
  [[nodiscard]] std::optional<date> installed(element_index e) const {
    return installed_[e] == kNoDate ? std::nullopt : std::optional<date>(date{installed_[e]});
  }
  [[nodiscard]] element_status status(element_index e) const { return status_[e]; }
  [[nodiscard]] bool is_up(element_index e) const { return status_[e] == element_status::active; }
  // The generations the element serves: what its row states, else its
  // function's (function.h, implied_generations). Empty: generation-neutral.
  [[nodiscard]] generation_set generations(element_index e) const {
    return effective_generations(fn_[e], stated_generations(e));
  }
  // What the row stated (empty: nothing); what the writers write.
  [[nodiscard]] generation_set stated_generations(element_index e) const {
    return generation_set::from_bits(generation_[e]);
  }

  [[nodiscard]] element_index link_a(link_index l) const { return link_a_[l]; }
  [[nodiscard]] element_index link_b(link_index l) const { return link_b_[l]; }
  [[nodiscard]] link_medium medium(link_index l) const { return medium_[l]; }
  [[nodiscard]] double capacity_gbps(link_index l) const { return capacity_[l]; }

  // Extra columns kept as attributes, in input order. A value is an
  // attribute_text (a numbered column formats it on reading): keep it alive
  // while using its view().
  [[nodiscard]] const std::vector<std::string>& element_attribute_names() const { return elem_attr_names_; }
  [[nodiscard]] attribute_text element_attribute(std::size_t attr, element_index e) const {
    return elem_attrs_[attr].get(e, pool_);
  }
  [[nodiscard]] const std::vector<std::string>& link_attribute_names() const { return link_attr_names_; }
  [[nodiscard]] attribute_text link_attribute(std::size_t attr, link_index l) const {
    return link_attrs_[attr].get(l, pool_);
  }

  [[nodiscard]] const std::vector<network_vendor>& vendors() const { return vendors_; }
  [[nodiscard]] std::optional<net_vendor_index> find_vendor(std::string_view name) const;
  [[nodiscard]] const std::vector<vendor_spelling>& spellings() const { return spellings_; }

  // Which optional columns the source had (the writers emit these).
  [[nodiscard]] bool has_column(element_column c) const { return (columns_ >> static_cast<unsigned>(c)) & 1U; }
  [[nodiscard]] bool has_column(link_column c) const { return (link_columns_ >> static_cast<unsigned>(c)) & 1U; }

  [[nodiscard]] const string_pool& strings() const { return pool_; }
  // Bytes held by this object (vectors' capacity, strings, index).
  [[nodiscard]] std::size_t memory_bytes() const;

 private:
  friend class network_builder;

  std::vector<char> id_chars_;
  std::vector<std::uint32_t> id_end_;
  // Open addressing over ids: (hash >> 32) << 32 | (index + 1); 0 = empty.
  // The stored hash half skips nearly every string compare on a probe.
  std::vector<std::uint64_t> id_table_;
  [[nodiscard]] element_index probe(std::string_view id, std::uint64_t hash, std::size_t& slot) const;
  void rebuild_index(std::size_t slots);
  // Indexes every element, in index order; returns (element, earlier element
  // with the same id) for each repeated id. Reads only the ids.
  std::vector<std::pair<element_index, element_index>> index_all();
  std::vector<function> fn_;
  std::vector<element_status> status_;
  std::vector<std::uint8_t> generation_;  // generation_set::bits() as stated
  std::vector<net_vendor_index> vendor_;
  std::vector<string_id> spelling_;
  std::vector<string_id> model_;
  std::vector<string_id> software_;
  std::vector<string_id> site_;
  std::vector<string_id> region_;
  std::vector<string_id> managed_by_;
  std::vector<double> lat_;
  std::vector<double> lon_;
  std::vector<std::uint32_t> subscribers_;
  std::vector<std::int32_t> installed_;
  std::vector<std::string> elem_attr_names_;
  std::vector<attribute_column> elem_attrs_;

  std::vector<element_index> link_a_;
  std::vector<element_index> link_b_;
  std::vector<link_medium> medium_;
  std::vector<double> capacity_;
  std::vector<std::string> link_attr_names_;
  std::vector<attribute_column> link_attrs_;

  std::vector<network_vendor> vendors_;
  std::vector<vendor_spelling> spellings_;
  std::uint32_t columns_ = 0;
  std::uint32_t link_columns_ = 0;
  string_pool pool_;
};

class string_remap;  // network.cpp: a part's string ids as the whole's

// Builds a network row by row. Vendors are resolved through `catalog`, which
// must outlive the builder (the finished network keeps copies of the names).
class network_builder {
 public:
  explicit network_builder(const vendor_catalog& catalog);
  network_builder(const network_builder&) = delete;
  network_builder& operator=(const network_builder&) = delete;
  network_builder(network_builder&&) noexcept = default;
  network_builder& operator=(network_builder&&) noexcept = delete;
  ~network_builder() = default;

  // Copies every element and link of `base` (same indices) so that a
  // proposal can add to it.
  static network_builder from(const network& base, const vendor_catalog& catalog);

  void set_element_attributes(std::vector<std::string> names);
  void set_link_attributes(std::vector<std::string> names);
  void mark_column(element_column c) { net_.columns_ |= 1U << static_cast<unsigned>(c); }
  void mark_column(link_column c) { net_.link_columns_ |= 1U << static_cast<unsigned>(c); }
  void reserve(std::size_t elements, std::size_t links);

  // Adds an element; returns kNoElement if an element with that id exists.
  element_index add_element(const element_record& r);
  void add_link(const link_record& r);
  [[nodiscard]] std::optional<element_index> find(std::string_view id) const { return net_.find(id); }
  [[nodiscard]] std::size_t element_count() const { return net_.element_count(); }
  [[nodiscard]] std::size_t link_count() const { return net_.link_count(); }
  [[nodiscard]] const network& peek() const { return net_; }

  // Parallel loading (io/network_csv.cpp): each thread builds a part with
  // the id index deferred, the parts are appended in input order, then the
  // index is built once. The result equals adding every row to one builder.
  //
  // From now on add_element neither looks ids up nor indexes them (it never
  // returns kNoElement); join must run before finish or find.
  void defer_index() { deferred_ = true; }
  // Appends `part`'s elements and links after this builder's (its link ends
  // are already indices into the whole network). Both have the same
  // attribute names.
  void append(network_builder&& part);
  // append for every part in order, then the id index over every element
  // (ending deferral); on two threads or more the index is built while the
  // other columns are appended. Returns (element, earlier element with the
  // same id) for each repeated id, by element.
  std::vector<std::pair<element_index, element_index>> join(std::span<network_builder* const> parts,
                                                            std::size_t threads);

  network finish() &&;

 private:
  net_vendor_index resolve_vendor(string_id spelling);
  void append_ids(const network_builder& part);
  void append_rest(network_builder&& part);  // all but the ids
  // This network's index of `v`, added when new: a catalogue vendor by its
  // id, an unknown one by its name regardless of case.
  net_vendor_index adopt_vendor(const network_vendor& v);
  // A part's spellings into this network's, in the part's order; `vendor_to`
  // maps the part's vendor indices.
  void append_spellings(const network_builder& part, string_remap& strings,
                        const std::vector<net_vendor_index>& vendor_to);
  // Interns `s`, reusing the previous row's id for the same column (rows of
  // one site repeat site, region, model and vendor).
  string_id intern_column(std::size_t column, std::string_view s);

  const vendor_catalog* catalog_;
  network net_;
  std::vector<std::uint32_t> spelling_vendor_;  // by string_id: vendor index + 1
  std::vector<std::uint32_t> spelling_slot_;    // by string_id: spellings_ index + 1
  std::vector<std::pair<std::string, net_vendor_index>> unknown_keys_;
  std::vector<string_id> last_;  // per interned column (vendor .. managed_by): the previous row's id
  bool deferred_ = false;        // defer_index
};

}  // namespace netvet::model
