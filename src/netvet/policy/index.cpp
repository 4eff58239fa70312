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
  model::generation gen;
  bool operator==(const group_key&) const = default;
};

struct key_hash {
  std::size_t operator()(const group_key& k) const {
    std::uint64_t h = k.vendor;
    h = h * 0x9E3779B97F4A7C15ULL + k.managed;
    h = h * 0x9E3779B97F4A7C15ULL + k.region;
    h = h * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(k.fn) * 4 + static_cast<std::uint64_t>(k.gen);
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

}  // namespace

std::uint64_t element_group::installed_since(date d) const {
  const auto it = std::lower_bound(installed.begin(), installed.end(), d.days);
  return static_cast<std::uint64_t>(installed.end() - it);
}

std::optional<model::vendor_id> network_index::resolve_managed(std::string_view text) const {
  const auto t = trim(text);
  if (t.empty()) {
    return std::nullopt;
  }
  return catalog_->resolve(t).vendor;
}

network_index::network_index(const model::network& net, const model::vendor_catalog& catalog)
    : net_(&net), catalog_(&catalog) {
  const std::size_t n = net.element_count();
  group_of_.resize(n);
  // The optional `generation` attribute column.
  std::optional<std::size_t> gen_attr;
  const auto& names = net.element_attribute_names();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (to_lower_ascii(names[i]) == "generation") {
      gen_attr = i;
    }
  }
  std::unordered_map<std::string_view, std::optional<model::vendor_id>> managed_cache;
  std::unordered_map<group_key, std::uint32_t, key_hash> ids;
  group_key last{};
  std::uint32_t last_id = 0;
  bool have_last = false;
  for (model::element_index e = 0; e < n; ++e) {
    const model::function fn = net.fn(e);
    model::generation gen = model::generation_of(fn);
    if (gen_attr) {
      const auto g = model::parse_generation(to_lower_ascii(trim(net.element_attribute(*gen_attr, e))));
      if (g && *g != model::generation::any) {
        gen = *g;
      }
    }
    const std::string_view managed = net.managed_by(e);
    std::optional<model::vendor_id> mv;
    if (!managed.empty()) {
      auto it = managed_cache.find(managed);
      if (it == managed_cache.end()) {
        it = managed_cache.emplace(managed, resolve_managed(managed)).first;
      }
      mv = it->second;
    }
    const group_key k{net.vendor(e), mv ? *mv + 1 : 0U, net.region_id(e), fn, gen};
    std::uint32_t gid = 0;
    if (have_last && k == last) {
      gid = last_id;
    } else {
      auto [it, inserted] = ids.try_emplace(k, static_cast<std::uint32_t>(groups_.size()));
      if (inserted) {
        element_group g;
        g.vendor = k.vendor;
        g.catalog_vendor = net.vendors()[k.vendor].catalog_id;
        g.managed_vendor = mv;
        g.fn = fn;
        g.gen = gen;
        g.region = k.region;
        groups_.push_back(std::move(g));
      }
      gid = it->second;
      last = k;
      last_id = gid;
      have_last = true;
    }
    group_of_[e] = gid;
    element_group& g = groups_[gid];
    ++g.elements;
    g.subscribers += net.subscribers(e);
    g.members.push_back(e);
    if (const auto d = net.installed(e)) {
      g.installed.push_back(d->days);
    }
  }
  for (auto& g : groups_) {
    std::sort(g.installed.begin(), g.installed.end());
  }
}

}  // namespace netvet::policy
