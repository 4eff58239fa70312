#include "netvet/graph/topology.h"

namespace netvet::graph {

using model::function;

std::optional<access_class> access_class_of(function f) {
  switch (f) {
    case function::gnb:
      return access_class::gnb;
    case function::enb:
      return access_class::enb;
    case function::olt:
      return access_class::olt;
    default:
      return std::nullopt;
  }
}

function function_of(access_class c) {
  switch (c) {
    case access_class::gnb:
      return function::gnb;
    case access_class::enb:
      return function::enb;
    case access_class::olt:
      return function::olt;
  }
  return function::gnb;
}

namespace {
constexpr chain_mask kAmf = 1U << 0U;
constexpr chain_mask kSmf = 1U << 1U;
constexpr chain_mask kUpf = 1U << 2U;
constexpr chain_mask kMme = 1U << 3U;
constexpr chain_mask kSgw = 1U << 4U;
constexpr chain_mask kPgw = 1U << 5U;
}  // namespace

chain_mask chain_bit(function f) {
  switch (f) {
    case function::amf:
      return kAmf;
    case function::smf:
      return kSmf;
    case function::upf:
      return kUpf;
    case function::mme:
      return kMme;
    case function::sgw:
      return kSgw;
    case function::pgw:
      return kPgw;
    default:
      return 0;
  }
}

bool satisfies(access_class c, chain_mask m) {
  switch (c) {
    case access_class::gnb:
      return (m & (kAmf | kSmf | kUpf)) == (kAmf | kSmf | kUpf);
    case access_class::enb:
      return (m & (kMme | kSgw | kPgw)) == (kMme | kSgw | kPgw);
    case access_class::olt:
      return (m & (kUpf | kPgw)) != 0;
  }
  return false;
}

std::uint8_t served_classes(chain_mask m) {
  std::uint8_t r = 0;
  for (std::size_t c = 0; c < kAccessClassCount; ++c) {
    if (satisfies(static_cast<access_class>(c), m)) {
      r = static_cast<std::uint8_t>(r | (1U << c));
    }
  }
  return r;
}

topology topology::build(const model::network& net) {
  topology t;
  t.net_ = &net;
  const std::size_t n = net.element_count();
  const std::size_t m = net.link_count();
  t.up_.resize(n);
  for (element_index e = 0; e < n; ++e) {
    t.up_[e] = net.is_up(e) ? 1 : 0;
  }
  // CSR of up-up links, self-loops dropped.
  t.offset_.assign(n + 1, 0);
  for (model::link_index l = 0; l < m; ++l) {
    const auto a = net.link_a(l);
    const auto b = net.link_b(l);
    if (a != b && t.up_[a] && t.up_[b]) {
      ++t.offset_[a + 1];
      ++t.offset_[b + 1];
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    t.offset_[i + 1] += t.offset_[i];
  }
  t.adj_.resize(t.offset_[n]);
  t.adj_link_.resize(t.offset_[n]);
  {
    std::vector<std::uint32_t> fill(t.offset_.begin(), t.offset_.end() - 1);
    for (model::link_index l = 0; l < m; ++l) {
      const auto a = net.link_a(l);
      const auto b = net.link_b(l);
      if (a != b && t.up_[a] && t.up_[b]) {
        t.adj_[fill[a]] = b;
        t.adj_link_[fill[a]++] = l;
        t.adj_[fill[b]] = a;
        t.adj_link_[fill[b]++] = l;
      }
    }
  }
  // Components of up elements (BFS in index order: deterministic numbering).
  t.comp_.assign(n, kNoComponent);
  std::vector<element_index> queue;
  queue.reserve(1024);
  for (element_index s = 0; s < n; ++s) {
    if (!t.up_[s] || t.comp_[s] != kNoComponent) {
      continue;
    }
    const auto c = static_cast<std::uint32_t>(t.comp_mask_.size());
    chain_mask mask = 0;
    queue.clear();
    queue.push_back(s);
    t.comp_[s] = c;
    for (std::size_t h = 0; h < queue.size(); ++h) {
      const element_index u = queue[h];
      mask = static_cast<chain_mask>(mask | chain_bit(net.fn(u)));
      for (std::uint32_t i = t.offset_[u]; i < t.offset_[u + 1]; ++i) {
        const element_index v = t.adj_[i];
        if (t.comp_[v] == kNoComponent) {
          t.comp_[v] = c;
          queue.push_back(v);
        }
      }
    }
    t.comp_mask_.push_back(mask);
    t.has_core_ = t.has_core_ || mask != 0;
  }
  t.served_.assign(n, 0);
  for (element_index e = 0; e < n; ++e) {
    const auto cls = access_class_of(net.fn(e));
    if (!cls) {
      continue;
    }
    ++t.access_elements_;
    t.access_subscribers_ += net.subscribers(e);
    if (t.up_[e] && satisfies(*cls, t.comp_mask_[t.comp_[e]])) {
      t.served_[e] = 1;
      ++t.served_access_;
      t.served_subscribers_ += net.subscribers(e);
    }
  }
  return t;
}

std::size_t topology::memory_bytes() const {
  return up_.capacity() + offset_.capacity() * 4 + adj_.capacity() * 4 + adj_link_.capacity() * 4 +
         comp_.capacity() * 4 + comp_mask_.capacity() + served_.capacity();
}

}  // namespace netvet::graph
