#include "netvet/graph/topology.h"

#include <array>

#include "netvet/graph/detail/csr.h"

namespace netvet::graph {

using model::function;

namespace {
// The function of each access class, in access_class order.
constexpr std::array<function, kAccessClassCount> kAccessFunction = {function::gnb, function::enb, function::olt};
}  // namespace

std::optional<access_class> access_class_of(function f) {
  for (std::size_t c = 0; c < kAccessClassCount; ++c) {
    if (kAccessFunction[c] == f) {
      return static_cast<access_class>(c);
    }
  }
  return std::nullopt;
}

function function_of(access_class c) { return kAccessFunction[static_cast<std::size_t>(c)]; }

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
  t.up_.resize(n);
  for (element_index e = 0; e < n; ++e) {
    t.up_[e] = net.is_up(e) ? 1 : 0;
  }
  t.build_adjacency();
  t.label_components();
  t.count_served();
  return t;
}

// CSR of up-up links, self-loops dropped.
void topology::build_adjacency() {
  const std::size_t n = net_->element_count();
  const std::size_t m = net_->link_count();
  auto each_up_link = [&](auto&& visit) {
    for (model::link_index l = 0; l < m; ++l) {
      const auto a = net_->link_a(l);
      const auto b = net_->link_b(l);
      if (a != b && up_[a] && up_[b]) {
        visit(l, a, b);
      }
    }
  };
  offset_.assign(n + 1, 0);
  each_up_link([&](model::link_index, element_index a, element_index b) {
    ++offset_[a + 1];
    ++offset_[b + 1];
  });
  detail::counts_to_offsets(offset_);
  adj_.resize(offset_[n]);
  adj_link_.resize(offset_[n]);
  std::vector<std::uint32_t> fill(offset_.begin(), offset_.end() - 1);
  each_up_link([&](model::link_index l, element_index a, element_index b) {
    adj_[fill[a]] = b;
    adj_link_[fill[a]++] = l;
    adj_[fill[b]] = a;
    adj_link_[fill[b]++] = l;
  });
}

// Components of up elements (BFS in index order: deterministic numbering).
void topology::label_components() {
  const std::size_t n = net_->element_count();
  comp_.assign(n, kNoComponent);
  std::vector<element_index> queue;
  queue.reserve(1024);
  for (element_index s = 0; s < n; ++s) {
    if (up_[s] && comp_[s] == kNoComponent) {
      const chain_mask mask = label_component(s, queue);
      comp_mask_.push_back(mask);
      has_core_ = has_core_ || mask != 0;
    }
  }
}

// Labels the component of s with the next number; returns its chain functions.
chain_mask topology::label_component(element_index s, std::vector<element_index>& queue) {
  const auto c = static_cast<std::uint32_t>(comp_mask_.size());
  chain_mask mask = 0;
  queue.clear();
  queue.push_back(s);
  comp_[s] = c;
  for (std::size_t h = 0; h < queue.size(); ++h) {
    const element_index u = queue[h];
    mask = static_cast<chain_mask>(mask | chain_bit(net_->fn(u)));
    for (std::uint32_t i = offset_[u]; i < offset_[u + 1]; ++i) {
      const element_index v = adj_[i];
      if (comp_[v] == kNoComponent) {
        comp_[v] = c;
        queue.push_back(v);
      }
    }
  }
  return mask;
}

void topology::count_served() {
  const std::size_t n = net_->element_count();
  served_.assign(n, 0);
  for (element_index e = 0; e < n; ++e) {
    const auto cls = access_class_of(net_->fn(e));
    if (!cls) {
      continue;
    }
    ++access_elements_;
    access_subscribers_ += net_->subscribers(e);
    if (up_[e] && satisfies(*cls, comp_mask_[comp_[e]])) {
      served_[e] = 1;
      ++served_access_;
      served_subscribers_ += net_->subscribers(e);
    }
  }
}

std::size_t topology::memory_bytes() const {
  return up_.capacity() + offset_.capacity() * 4 + adj_.capacity() * 4 + adj_link_.capacity() * 4 +
         comp_.capacity() * 4 + comp_mask_.capacity() + served_.capacity();
}

}  // namespace netvet::graph
