#include "netvet/model/network.h"

#include <algorithm>
#include <array>

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

network_builder::network_builder(const vendor_catalog& catalog) : catalog_(&catalog) { net_.id_table_.assign(1024, 0); }

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
  std::size_t want = 1024;
  while (want * 3 < elements * 4) {  // load factor at most 0.75
    want *= 2;
  }
  if (want > n.id_table_.size()) {
    n.rebuild_index(want);
  }
}

net_vendor_index network_builder::resolve_vendor(string_id spelling) {
  if (spelling < spelling_vendor_.size() && spelling_vendor_[spelling] != 0) {
    return spelling_vendor_[spelling] - 1;
  }
  auto& n = net_;
  const std::string_view text = trim(n.pool_.view(spelling));
  const vendor_match m = catalog_->resolve(text);
  net_vendor_index idx = 0;
  if (m.vendor) {
    const std::string& display = catalog_->info(*m.vendor).display_name;
    bool found = false;
    for (std::size_t i = 0; i < n.vendors_.size(); ++i) {
      if (n.vendors_[i].catalog_id == m.vendor) {
        idx = static_cast<net_vendor_index>(i);
        found = true;
        break;
      }
    }
    if (!found) {
      idx = static_cast<net_vendor_index>(n.vendors_.size());
      n.vendors_.push_back(network_vendor{display, m.vendor});
    }
  } else {
    // Unknown: its own vendor, named by its trimmed spelling; spellings that
    // differ only in case are one vendor.
    const std::string key = to_lower_ascii(text);
    bool found = false;
    for (const auto& [k, i] : unknown_keys_) {
      if (k == key) {
        idx = i;
        found = true;
        break;
      }
    }
    if (!found) {
      idx = static_cast<net_vendor_index>(n.vendors_.size());
      n.vendors_.push_back(network_vendor{std::string(text), std::nullopt});
      unknown_keys_.emplace_back(key, idx);
    }
  }
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
  const std::uint64_t h = hash_bytes(r.id);
  std::size_t slot = 0;
  if (n.probe(r.id, h, slot) != kNoElement) {
    return kNoElement;
  }
  const auto e = static_cast<element_index>(n.element_count());
  n.id_chars_.insert(n.id_chars_.end(), r.id.begin(), r.id.end());
  n.id_end_.push_back(static_cast<std::uint32_t>(n.id_chars_.size()));
  n.id_table_[slot] = (h & kTagMask) | (static_cast<std::uint64_t>(e) + 1);
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
  if (n.element_count() * 4 > n.id_table_.size() * 3) {
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
