#include "netvet/model/network.h"

#include <algorithm>
#include <array>
#include <span>
#include <thread>

#include "netvet/core/assert.h"
#include "netvet/core/text.h"

namespace netvet::model {
namespace {

constexpr std::array<std::string_view, kElementColumnCount> kElementColumns = {{
#define NETVET_X(name) #name,
    NETVET_ELEMENT_COLUMNS(NETVET_X)
#undef NETVET_X
}};

constexpr std::array<std::string_view, kLinkColumnCount> kLinkColumns = {{
#define NETVET_X(name) #name,
    NETVET_LINK_COLUMNS(NETVET_X)
#undef NETVET_X
}};

template <typename T>
std::size_t bytes_of(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

// Id-table slots for `elements`: a power of two, load factor at most 0.75.
std::size_t index_slots(std::size_t elements) {
  std::size_t want = 1024;
  while (want * 3 < elements * 4) {
    want *= 2;
  }
  return want;
}

template <typename... Columns>
void reserve_each(std::size_t n, Columns&... columns) {
  (columns.reserve(n), ...);
}

// The column whose name is `s`, if any.
template <typename E, std::size_t N>
std::optional<E> column_named(const std::array<std::string_view, N>& names, std::string_view s) {
  const auto it = std::find(names.begin(), names.end(), s);
  return it == names.end() ? std::nullopt : std::optional<E>(static_cast<E>(it - names.begin()));
}

// An id-table slot: the upper half of the id's hash, and element + 1 (0: empty).
constexpr std::uint64_t kTagMask = 0xFFFFFFFF00000000ULL;
constexpr element_index slot_element(std::uint64_t v) { return static_cast<element_index>((v & 0xFFFFFFFFULL) - 1); }

// find_many's first stages for a group of ids: hash each and prefetch its
// home slot; then read the home slots and prefetch the candidate's id offsets;
// then its characters. By the confirming stage the lines are in cache.
void hash_and_prefetch(std::span<const std::string_view> ids, std::span<std::uint64_t> hash,
                       std::span<const std::uint64_t> table) {
  const std::size_t mask = table.size() - 1;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    hash[i] = hash_bytes(ids[i]);
    __builtin_prefetch(&table[hash[i] & mask]);
  }
}

void read_home_slots(std::span<const std::uint64_t> hash, std::span<std::uint64_t> slot_value,
                     std::span<const std::uint64_t> table, std::span<const std::uint32_t> id_end) {
  const std::size_t mask = table.size() - 1;
  for (std::size_t i = 0; i < slot_value.size(); ++i) {
    slot_value[i] = table[hash[i] & mask];
    if (slot_value[i] != 0) {
      const auto e = slot_element(slot_value[i]);
      __builtin_prefetch(&id_end[e == 0 ? 0 : e - 1]);
    }
  }
}

void prefetch_ids(std::span<const std::uint64_t> slot_value, const char* id_chars,
                  std::span<const std::uint32_t> id_end) {
  for (const std::uint64_t v : slot_value) {
    if (v != 0) {
      const auto e = slot_element(v);
      __builtin_prefetch(id_chars + (e == 0 ? 0 : id_end[e - 1]));
    }
  }
}

}  // namespace

std::string_view to_string(element_column c) { return kElementColumns[static_cast<std::size_t>(c)]; }
std::optional<element_column> parse_element_column(std::string_view s) {
  return column_named<element_column>(kElementColumns, s);
}
std::string_view to_string(link_column c) { return kLinkColumns[static_cast<std::size_t>(c)]; }
std::optional<link_column> parse_link_column(std::string_view s) { return column_named<link_column>(kLinkColumns, s); }

element_index network::probe(std::string_view id, std::uint64_t hash, std::size_t& slot) const {
  const std::size_t mask = id_table_.size() - 1;
  const std::uint64_t tag = hash & kTagMask;
  std::size_t i = hash & mask;
  while (true) {
    const std::uint64_t v = id_table_[i];
    if (v == 0) {
      slot = i;
      return kNoElement;
    }
    if ((v & kTagMask) == tag) {
      const auto e = slot_element(v);
      if (this->id(e) == id) {
        slot = i;
        return e;
      }
    }
    i = (i + 1) & mask;
  }
}

void network::rebuild_index(std::size_t slots) {
  id_table_.assign(slots, 0);
  const std::size_t mask = slots - 1;
  for (element_index e = 0; e < element_count(); ++e) {
    const std::uint64_t h = hash_bytes(id(e));
    std::size_t i = h & mask;
    while (id_table_[i] != 0) {
      i = (i + 1) & mask;
    }
    id_table_[i] = (h & kTagMask) | (static_cast<std::uint64_t>(e) + 1);
  }
}

std::vector<std::pair<element_index, element_index>> network::index_all() {
  std::vector<std::pair<element_index, element_index>> repeated;
  id_table_.assign(index_slots(id_end_.size()), 0);
  // Counted by the ids: the other columns may be growing on another thread.
  const auto count = static_cast<element_index>(id_end_.size());
  for (element_index e = 0; e < count; ++e) {
    const std::string_view key = id(e);
    const std::uint64_t h = hash_bytes(key);
    std::size_t slot = 0;
    const element_index first = probe(key, h, slot);
    if (first != kNoElement) {
      repeated.emplace_back(e, first);
      continue;
    }
    id_table_[slot] = (h & kTagMask) | (static_cast<std::uint64_t>(e) + 1);
  }
  return repeated;
}

std::optional<element_index> network::find(std::string_view id) const {
  if (id_table_.empty()) {
    return std::nullopt;
  }
  std::size_t slot = 0;
  const element_index e = probe(id, hash_bytes(id), slot);
  if (e == kNoElement) {
    return std::nullopt;
  }
  return e;
}

void network::find_many(std::span<const std::string_view> ids, std::span<element_index> out) const {
  constexpr std::size_t kGroup = 32;
  std::array<std::uint64_t, kGroup> hash;
  std::array<std::uint64_t, kGroup> slot_value;
  if (id_table_.empty()) {
    std::fill(out.begin(), out.end(), kNoElement);
    return;
  }
  for (std::size_t base = 0; base < ids.size(); base += kGroup) {
    const std::size_t n = std::min(kGroup, ids.size() - base);
    hash_and_prefetch(ids.subspan(base, n), std::span(hash).first(n), id_table_);
    read_home_slots(std::span(hash).first(n), std::span(slot_value).first(n), id_table_, id_end_);
    prefetch_ids(std::span(slot_value).first(n), id_chars_.data(), id_end_);
    // Confirm (the home slot holds the id nearly always) or probe on.
    for (std::size_t i = 0; i < n; ++i) {
      const std::string_view id = ids[base + i];
      const std::uint64_t v = slot_value[i];
      const auto e = slot_element(v);
      if (v == 0) {
        out[base + i] = kNoElement;
      } else if ((v & kTagMask) == (hash[i] & kTagMask) && this->id(e) == id) {
        out[base + i] = e;
      } else {
        std::size_t slot = 0;
        out[base + i] = probe(id, hash[i], slot);
      }
    }
  }
}

std::optional<net_vendor_index> network::find_vendor(std::string_view name) const {
  for (std::size_t i = 0; i < vendors_.size(); ++i) {
    if (vendors_[i].name == name) {
      return static_cast<net_vendor_index>(i);
    }
  }
  // Unknown vendors match case-insensitively (network-csv.md).
  const std::string lower = to_lower_ascii(name);
  for (std::size_t i = 0; i < vendors_.size(); ++i) {
    if (!vendors_[i].known() && to_lower_ascii(vendors_[i].name) == lower) {
      return static_cast<net_vendor_index>(i);
    }
  }
  return std::nullopt;
}

std::size_t network::memory_bytes() const {
  std::size_t n = sizeof(*this) + bytes_of(id_chars_) + bytes_of(id_end_) + bytes_of(id_table_) + bytes_of(fn_) +
                  bytes_of(status_) + bytes_of(generation_) + bytes_of(vendor_) + bytes_of(spelling_) +
                  bytes_of(model_) + bytes_of(software_) + bytes_of(site_) + bytes_of(region_) + bytes_of(managed_by_) +
                  bytes_of(lat_) + bytes_of(lon_) + bytes_of(subscribers_) + bytes_of(installed_) + bytes_of(link_a_) +
                  bytes_of(link_b_) + bytes_of(medium_) + bytes_of(capacity_) + pool_.memory_bytes();
  for (const auto& a : elem_attrs_) {
    n += a.memory_bytes();
  }
  for (const auto& a : link_attrs_) {
    n += a.memory_bytes();
  }
  return n;
}

network_builder::network_builder(const vendor_catalog& catalog) : catalog_(&catalog) {
  net_.id_table_.assign(index_slots(0), 0);
}

network_builder network_builder::from(const network& base, const vendor_catalog& catalog) {
  network_builder b(catalog);
  b.set_element_attributes(base.element_attribute_names());
  b.set_link_attributes(base.link_attribute_names());
  b.net_.columns_ = base.columns_;
  b.net_.link_columns_ = base.link_columns_;
  b.reserve(base.element_count() + 1024, base.link_count() + 1024);
  // The texts live in `texts` while add_element copies them; `attrs` views them.
  std::vector<attribute_text> texts(base.element_attribute_names().size());
  std::vector<std::string_view> attrs(texts.size());
  for (element_index e = 0; e < base.element_count(); ++e) {
    for (std::size_t a = 0; a < attrs.size(); ++a) {
      texts[a] = base.element_attribute(a, e);
      attrs[a] = texts[a].view();
    }
    element_record r;
    r.id = base.id(e);
    r.fn = base.fn(e);
    r.vendor = base.vendor_spelling_of(e);
    r.model = base.model(e);
    r.software = base.software(e);
    r.site = base.site(e);
    r.region = base.region(e);
    r.managed_by = base.managed_by(e);
    r.lat = base.lat(e);
    r.lon = base.lon(e);
    r.subscribers = base.subscribers(e);
    r.installed = base.installed_[e];
    r.status = base.status(e);
    r.generation = base.stated_generations(e);
    r.attributes = attrs;
    b.add_element(r);
  }
  std::vector<attribute_text> ltexts(base.link_attribute_names().size());
  std::vector<std::string_view> lattrs(ltexts.size());
  for (link_index l = 0; l < base.link_count(); ++l) {
    for (std::size_t a = 0; a < lattrs.size(); ++a) {
      ltexts[a] = base.link_attribute(a, l);
      lattrs[a] = ltexts[a].view();
    }
    b.add_link(link_record{base.link_a(l), base.link_b(l), base.medium(l), base.capacity_gbps(l), lattrs});
  }
  return b;
}

void network_builder::set_element_attributes(std::vector<std::string> names) {
  net_.elem_attrs_.assign(names.size(), attribute_column{});
  net_.elem_attr_names_ = std::move(names);
}

void network_builder::set_link_attributes(std::vector<std::string> names) {
  net_.link_attrs_.assign(names.size(), attribute_column{});
  net_.link_attr_names_ = std::move(names);
}

void network_builder::reserve(std::size_t elements, std::size_t links) {
  auto& n = net_;
  reserve_each(elements, n.id_end_, n.fn_, n.status_, n.generation_, n.vendor_, n.spelling_, n.model_, n.software_,
               n.site_, n.region_, n.managed_by_, n.lat_, n.lon_, n.subscribers_, n.installed_);
  reserve_each(links, n.link_a_, n.link_b_, n.medium_, n.capacity_);
  for (auto& a : n.elem_attrs_) {
    a.reserve(elements);
  }
  for (auto& a : n.link_attrs_) {
    a.reserve(links);
  }
  if (!deferred_) {
    const std::size_t want = index_slots(elements);
    if (want > n.id_table_.size()) {
      n.rebuild_index(want);
    }
  }
}

net_vendor_index network_builder::resolve_vendor(string_id spelling) {
  if (spelling < spelling_vendor_.size() && spelling_vendor_[spelling] != 0) {
    return spelling_vendor_[spelling] - 1;
  }
  auto& n = net_;
  const std::string_view text = trim(n.pool_.view(spelling));
  const vendor_match m = catalog_->resolve(text);
  // Unknown: its own vendor, named by its trimmed spelling; spellings that
  // differ only in case are one vendor (adopt_vendor).
  const net_vendor_index idx = adopt_vendor(m.vendor ? network_vendor{catalog_->info(*m.vendor).display_name, m.vendor}
                                                     : network_vendor{std::string(text), std::nullopt});
  if (spelling >= spelling_vendor_.size()) {
    spelling_vendor_.resize(spelling + 1024, 0);
    spelling_slot_.resize(spelling + 1024, 0);
  }
  spelling_vendor_[spelling] = idx + 1;
  n.spellings_.push_back(vendor_spelling{std::string(n.pool_.view(spelling)), idx, m.kind, m.matched, 0, m.folded});
  spelling_slot_[spelling] = static_cast<std::uint32_t>(n.spellings_.size());
  return idx;
}

string_id network_builder::intern_column(std::size_t column, std::string_view s) {
  string_id& last = last_[column];
  if (net_.pool_.view(last) == s) {
    return last;
  }
  last = net_.pool_.intern(s);
  return last;
}

element_index network_builder::add_element(const element_record& r) {
  auto& n = net_;
  const auto e = static_cast<element_index>(n.element_count());
  if (!deferred_) {
    const std::uint64_t h = hash_bytes(r.id);
    std::size_t slot = 0;
    if (n.probe(r.id, h, slot) != kNoElement) {
      return kNoElement;
    }
    n.id_table_[slot] = (h & kTagMask) | (static_cast<std::uint64_t>(e) + 1);
  }
  n.id_chars_.insert(n.id_chars_.end(), r.id.begin(), r.id.end());
  n.id_end_.push_back(static_cast<std::uint32_t>(n.id_chars_.size()));
  if (last_.size() < 6) {
    last_.assign(6, 0);
  }
  const string_id sp = intern_column(0, r.vendor);
  n.fn_.push_back(r.fn);
  n.status_.push_back(r.status);
  n.generation_.push_back(r.generation.bits());
  n.vendor_.push_back(resolve_vendor(sp));
  ++n.spellings_[spelling_slot_[sp] - 1].elements;
  n.spelling_.push_back(sp);
  n.model_.push_back(intern_column(1, r.model));
  n.software_.push_back(intern_column(2, r.software));
  n.site_.push_back(intern_column(3, r.site));
  n.region_.push_back(intern_column(4, r.region));
  n.managed_by_.push_back(intern_column(5, r.managed_by));
  n.lat_.push_back(r.lat);
  n.lon_.push_back(r.lon);
  n.subscribers_.push_back(r.subscribers);
  n.installed_.push_back(r.installed);
  const std::size_t attrs = std::min(n.elem_attrs_.size(), r.attributes.size());
  for (std::size_t a = 0; a < attrs; ++a) {
    n.elem_attrs_[a].append(e, r.attributes[a], n.pool_);
  }
  if (!deferred_ && n.element_count() * 4 > n.id_table_.size() * 3) {
    n.rebuild_index(n.id_table_.size() * 2);
  }
  return e;
}

void network_builder::add_link(const link_record& r) {
  auto& n = net_;
  n.link_a_.push_back(r.a);
  n.link_b_.push_back(r.b);
  n.medium_.push_back(r.medium);
  n.capacity_.push_back(r.capacity_gbps);
  const auto l = static_cast<link_index>(n.link_a_.size() - 1);
  const std::size_t attrs = std::min(n.link_attrs_.size(), r.attributes.size());
  for (std::size_t a = 0; a < attrs; ++a) {
    n.link_attrs_[a].append(l, r.attributes[a], n.pool_);
  }
}

// A part's string ids as the whole network's, interned on first use so that
// new strings enter the pool in the order the rows use them.
class string_remap {
 public:
  string_remap(const string_pool& from, string_pool& to) : from_(from), to_(to), ids_(from.size(), kUnmapped) {
    ids_[0] = 0;
  }
  string_id operator()(string_id id) {
    if (ids_[id] == kUnmapped) {
      ids_[id] = to_.intern(from_.view(id));
    }
    return ids_[id];
  }

 private:
  static constexpr string_id kUnmapped = string_pool::kMissing;
  const string_pool& from_;
  string_pool& to_;
  std::vector<string_id> ids_;
};

namespace {

template <typename T>
void append_all(std::vector<T>& to, const std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

net_vendor_index network_builder::adopt_vendor(const network_vendor& v) {
  auto& vendors = net_.vendors_;
  if (v.catalog_id) {
    for (std::size_t i = 0; i < vendors.size(); ++i) {
      if (vendors[i].catalog_id == v.catalog_id) {
        return static_cast<net_vendor_index>(i);
      }
    }
    vendors.push_back(v);
    return static_cast<net_vendor_index>(vendors.size() - 1);
  }
  const std::string key = to_lower_ascii(v.name);
  for (const auto& [k, i] : unknown_keys_) {
    if (k == key) {
      return i;
    }
  }
  vendors.push_back(v);
  const auto idx = static_cast<net_vendor_index>(vendors.size() - 1);
  unknown_keys_.emplace_back(key, idx);
  return idx;
}

void network_builder::append_spellings(const network_builder& part, string_remap& strings,
                                       const std::vector<net_vendor_index>& vendor_to) {
  const auto& p = part.net_;
  // The part's spellings in its order (first use), each with its string id.
  std::vector<string_id> id_of(p.spellings_.size(), 0);
  for (std::size_t sp = 1; sp < part.spelling_slot_.size(); ++sp) {
    if (part.spelling_slot_[sp] != 0) {
      id_of[part.spelling_slot_[sp] - 1] = static_cast<string_id>(sp);
    }
  }
  for (std::size_t i = 0; i < p.spellings_.size(); ++i) {
    const vendor_spelling& entry = p.spellings_[i];
    const string_id id = strings(id_of[i]);
    if (id >= spelling_vendor_.size()) {
      spelling_vendor_.resize(id + 1024, 0);
      spelling_slot_.resize(id + 1024, 0);
    }
    if (spelling_slot_[id] != 0) {
      net_.spellings_[spelling_slot_[id] - 1].elements += entry.elements;
      continue;
    }
    net_.spellings_.push_back(entry);
    net_.spellings_.back().vendor = vendor_to[entry.vendor];
    spelling_vendor_[id] = vendor_to[entry.vendor] + 1;
    spelling_slot_[id] = static_cast<std::uint32_t>(net_.spellings_.size());
  }
}

void network_builder::append(network_builder&& part) {
  auto& n = net_;
  auto& p = part.net_;
  NETVET_ASSERT((p.element_count() == 0 || p.elem_attrs_.size() == n.elem_attrs_.size()) &&
                    (p.link_count() == 0 || p.link_attrs_.size() == n.link_attrs_.size()),
                "appended parts have the same attributes");
  append_ids(part);
  append_rest(std::move(part));
}

void network_builder::append_ids(const network_builder& part) {
  auto& n = net_;
  const auto chars = static_cast<std::uint32_t>(n.id_chars_.size());
  append_all(n.id_chars_, part.net_.id_chars_);
  for (const std::uint32_t end : part.net_.id_end_) {
    n.id_end_.push_back(chars + end);
  }
}

void network_builder::append_rest(network_builder&& part) {
  auto& n = net_;
  auto& p = part.net_;
  // Vendors, then strings row by row, in the order one builder adding these
  // rows would have met them (new strings get their ids in that order).
  std::vector<net_vendor_index> vendor_to(p.vendors_.size());
  for (std::size_t v = 0; v < p.vendors_.size(); ++v) {
    vendor_to[v] = adopt_vendor(p.vendors_[v]);
  }
  string_remap strings(p.pool_, n.pool_);
  const std::size_t base = n.element_count();
  append_all(n.fn_, p.fn_);
  append_all(n.status_, p.status_);
  append_all(n.generation_, p.generation_);
  append_all(n.lat_, p.lat_);
  append_all(n.lon_, p.lon_);
  append_all(n.subscribers_, p.subscribers_);
  append_all(n.installed_, p.installed_);
  for (std::size_t e = 0; e < p.element_count(); ++e) {
    n.vendor_.push_back(vendor_to[p.vendor_[e]]);
    n.spelling_.push_back(strings(p.spelling_[e]));
    n.model_.push_back(strings(p.model_[e]));
    n.software_.push_back(strings(p.software_[e]));
    n.site_.push_back(strings(p.site_[e]));
    n.region_.push_back(strings(p.region_[e]));
    n.managed_by_.push_back(strings(p.managed_by_[e]));
  }
  append_spellings(part, strings, vendor_to);
  for (std::size_t a = 0; a < p.elem_attrs_.size(); ++a) {
    n.elem_attrs_[a].append_column(p.elem_attrs_[a], static_cast<std::uint32_t>(p.element_count()),
                                   static_cast<std::uint32_t>(base), p.pool_, n.pool_);
  }
  const std::size_t link_base = n.link_count();
  append_all(n.link_a_, p.link_a_);
  append_all(n.link_b_, p.link_b_);
  append_all(n.medium_, p.medium_);
  append_all(n.capacity_, p.capacity_);
  for (std::size_t a = 0; a < p.link_attrs_.size(); ++a) {
    n.link_attrs_[a].append_column(p.link_attrs_[a], static_cast<std::uint32_t>(p.link_count()),
                                   static_cast<std::uint32_t>(link_base), p.pool_, n.pool_);
  }
  n.columns_ |= p.columns_;
  n.link_columns_ |= p.link_columns_;
}

std::vector<std::pair<element_index, element_index>> network_builder::join(std::span<network_builder* const> parts,
                                                                           std::size_t threads) {
  auto& n = net_;
  std::size_t elements = n.element_count();
  std::size_t links = n.link_count();
  std::size_t chars = n.id_chars_.size();
  for (const auto* p : parts) {
    elements += p->element_count();
    links += p->link_count();
    chars += p->net_.id_chars_.size();
  }
  reserve(elements, links);  // each column grows once
  n.id_chars_.reserve(chars);
  for (const auto* p : parts) {
    append_ids(*p);
  }
  std::vector<std::pair<element_index, element_index>> repeated;
  if (threads > 1) {
    // The index needs only the ids: it is built while the other columns are
    // appended (they touch neither the ids nor the table).
    std::thread indexer([&n, &repeated] { repeated = n.index_all(); });
    for (auto* p : parts) {
      append_rest(std::move(*p));
    }
    indexer.join();
  } else {
    for (auto* p : parts) {
      append_rest(std::move(*p));
    }
    repeated = n.index_all();
  }
  deferred_ = false;
  return repeated;
}

network network_builder::finish() && {
  // Give back what growth over-reserved: the network is immutable now.
  auto& n = net_;
  auto fit = [](auto& v) {
    if (v.capacity() > v.size() + v.size() / 16 + 64) {
      v.shrink_to_fit();
    }
  };
  fit(n.id_chars_);
  fit(n.id_end_);
  fit(n.fn_);
  fit(n.status_);
  fit(n.generation_);
  fit(n.vendor_);
  fit(n.spelling_);
  fit(n.model_);
  fit(n.software_);
  fit(n.site_);
  fit(n.region_);
  fit(n.managed_by_);
  fit(n.lat_);
  fit(n.lon_);
  fit(n.subscribers_);
  fit(n.installed_);
  for (auto& a : n.elem_attrs_) {
    a.finish(static_cast<std::uint32_t>(n.element_count()));
  }
  fit(n.link_a_);
  fit(n.link_b_);
  fit(n.medium_);
  fit(n.capacity_);
  for (auto& a : n.link_attrs_) {
    a.finish(static_cast<std::uint32_t>(n.link_count()));
  }
  return std::move(net_);
}

}  // namespace netvet::model
