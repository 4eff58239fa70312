#include "netvet/policy/index.h"

#include <algorithm>
#include <unordered_map>

#include "netvet/core/text.h"

namespace netvet::policy {
namespace {

struct group_key {
  model::net_vendor_index vendor;
  std::uint32_t managed;  // managed_by string id
  string_id region;
  model::function fn;
  std::uint8_t gens;  // generation_set::bits()
  bool operator==(const group_key&) const = default;
};

struct key_hash {
  std::size_t operator()(const group_key& k) const {
    std::uint64_t h = k.vendor;
    h = h * 0x9E3779B97F4A7C15ULL + k.managed;
    h = h * 0x9E3779B97F4A7C15ULL + k.region;
    h = h * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(k.fn) * 4 + k.gens;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

// A `managed_by` text resolved through the catalogue (none when empty or unknown).
std::optional<model::vendor_id> resolve_managed_text(const model::vendor_catalog& catalog, std::string_view text) {
  const auto t = trim(text);
  if (t.empty()) {
    return std::nullopt;
  }
  return catalog.resolve(t).vendor;
}

// Puts each element into its group in one pass, creating groups as they
// first appear. Neighbouring elements usually share a group, so the last
// key is tried before the hash map; managing vendors are resolved once per text.
class group_builder {
 public:
  group_builder(const model::network& net, const model::vendor_catalog& catalog, std::vector<element_group>& groups,
                std::vector<std::uint32_t>& group_of)
      : net_(net), catalog_(catalog), groups_(groups), group_of_(group_of) {}

  // Every element in input order. The last key is kept in locals: the loop is the load path of every audit.
  void run() {
    group_key last{};
    std::uint32_t gid = 0;
    bool have_last = false;
    const model::network& net = net_;  // a local: the stores below cannot make it reload
    const std::size_t n = net.element_count();
    for (model::element_index e = 0; e < n; ++e) {
      const model::function fn = net.fn(e);
      const std::optional<model::vendor_id> mv = managed_vendor(e);
      const group_key k{net.vendor(e), mv ? *mv + 1 : 0U, net.region_id(e), fn, net.generations(e).bits()};
      if (!have_last || !(k == last)) {
        gid = group_for(k, mv);
        last = k;
        have_last = true;
      }
      group_of_[e] = gid;
      count(groups_[gid], e);
    }
  }

 private:
  std::optional<model::vendor_id> managed_vendor(model::element_index e) {
    const std::string_view managed = net_.managed_by(e);
    if (managed.empty()) {
      return std::nullopt;
    }
    auto it = managed_cache_.find(managed);
    if (it == managed_cache_.end()) {
      it = managed_cache_.emplace(managed, resolve_managed_text(catalog_, managed)).first;
    }
    return it->second;
  }

  // The group of key `k`, created when it first appears.
  std::uint32_t group_for(const group_key& k, std::optional<model::vendor_id> mv) {
    auto [it, inserted] = ids_.try_emplace(k, static_cast<std::uint32_t>(groups_.size()));
    if (inserted) {
      element_group g;
      g.vendor = k.vendor;
      g.catalog_vendor = net_.vendors()[k.vendor].catalog_id;
      g.managed_vendor = mv;
      g.fn = k.fn;
      g.gens = model::generation_set::from_bits(k.gens);
      g.region = k.region;
      groups_.push_back(std::move(g));
    }
    return it->second;
  }

  void count(element_group& g, model::element_index e) const {
    ++g.elements;
    g.subscribers += net_.subscribers(e);
    g.members.push_back(e);
    if (const auto d = net_.installed(e)) {
      g.installed.push_back(d->days);
    }
  }

  const model::network& net_;
  const model::vendor_catalog& catalog_;
  std::vector<element_group>& groups_;
  std::vector<std::uint32_t>& group_of_;
  std::unordered_map<std::string_view, std::optional<model::vendor_id>> managed_cache_;
  std::unordered_map<group_key, std::uint32_t, key_hash> ids_;
};

}  // namespace

std::uint64_t element_group::installed_since(date d) const {
  const auto it = std::lower_bound(installed.begin(), installed.end(), d.days);
  return static_cast<std::uint64_t>(installed.end() - it);
}

std::optional<model::vendor_id> network_index::resolve_managed(std::string_view text) const {
  return resolve_managed_text(*catalog_, text);
}

network_index::network_index(const model::network& net, const model::vendor_catalog& catalog)
    : net_(&net), catalog_(&catalog) {
  group_of_.resize(net.element_count());
  group_builder(net, catalog, groups_, group_of_).run();
  for (auto& g : groups_) {
    std::sort(g.installed.begin(), g.installed.end());
  }
}

}  // namespace netvet::policy
