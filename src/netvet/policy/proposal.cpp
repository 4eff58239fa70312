#include "netvet/policy/proposal.h"

#include <filesystem>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "netvet/core/text.h"
#include "netvet/policy/yaml_util.h"

namespace netvet::policy {
namespace {

using detail::yaml_doc;

std::string pad_number(std::uint64_t n, std::uint64_t largest) {
  std::string s = std::to_string(n);
  const std::size_t width = std::to_string(largest).size();
  return std::string(width > s.size() ? width - s.size() : 0, '0') + s;
}

bool absent(const YAML::Node& n) { return !n.IsDefined() || n.IsNull(); }

// Reads one proposal document; errors of code invalid_input into the diagnostics.
class proposal_parser {
 public:
  proposal_parser(const std::string& file, const model::vendor_catalog& catalog, diagnostics& diag)
      : doc_(file, diag), catalog_(catalog) {
    doc_.code = error_code::invalid_input;
  }

  result<proposal> run(std::string_view text) {
    const auto root = doc_.parse(text);
    if (!root) {
      return doc_.diag().combined();
    }
    return run(*root);
  }

  result<proposal> run(const YAML::Node& root) {
    proposal p;
    p.file = doc_.file();
    if (!doc_.check_map(
            root, "proposal",
            {"operator", "jurisdiction", "date", "title", "summary", "network", "add", "links", "remove"})) {
      return doc_.diag().combined();
    }
    parse_header(root, p);
    NETVET_TRY(parse_additions(yaml_doc::child(root, "add"), p));
    parse_links(yaml_doc::child(root, "links"), p);
    parse_removals(root, p);
    if (!doc_.diag().empty()) {
      return doc_.diag().combined();
    }
    return p;
  }

 private:
  void parse_header(const YAML::Node& root, proposal& p) {
    p.operator_name = doc_.str(root, "operator", false).value_or("");
    p.jurisdiction = doc_.str(root, "jurisdiction", true).value_or("");
    p.jurisdiction_line = doc_.at(yaml_doc::child(root, "jurisdiction"), "").line;
    if (const auto d = doc_.day(root, "date", true)) {
      p.when = *d;
    }
    p.title = doc_.str(root, "title", false).value_or("");
    p.summary = doc_.str(root, "summary", false).value_or("");
    p.network = doc_.str(root, "network", false).value_or("");
    p.network_line = doc_.at(yaml_doc::child(root, "network"), "").line;
  }

  // Records "unknown <what> '<written>'<hint>" at `key` of `n` when `found` is empty.
  template <typename T>
  std::optional<T> known(std::optional<T> found, const YAML::Node& n, std::string_view key, const std::string& written,
                         std::string_view what, std::string_view hint) {
    if (!found) {
      doc_.fail(yaml_doc::child(n, key), key,
                "unknown " + std::string(what) + " '" + written + "'" + std::string(hint));
    }
    return found;
  }

  // `add`: the new elements; an error (limit_exceeded) only when they are too many.
  status parse_additions(const YAML::Node& add, proposal& p) {
    if (absent(add)) {
      return {};
    }
    if (!add.IsSequence()) {
      doc_.fail(add, "add", "'add' must be a list of elements");
      return {};
    }
    for (const auto& n : add) {
      if (doc_.check_map(n, "add",
                         {"id", "function", "vendor", "model", "software", "site", "region", "lat", "lon",
                          "subscribers", "installed", "managed_by", "status", "generation", "count"})) {
        NETVET_TRY(add_elements(n, p));
      }
    }
    return {};
  }

  // One entry of `add`: one element, or `count` alike ones.
  status add_elements(const YAML::Node& n, proposal& p) {
    proposed_element e = parse_element(n);
    const auto id = doc_.str(n, "id", false);
    const auto count = parse_count(n);
    if (!count) {
      return {};
    }
    total_ += *count;
    if (total_ > kMaxProposalElements) {
      return make_error(error_code::limit_exceeded,
                        "a proposal may add at most " + std::to_string(kMaxProposalElements) + " elements",
                        doc_.at(yaml_doc::child(n, "count"), "count"));
    }
    const std::string given = id ? std::string(trim(*id)) : std::string();
    const std::string prefix = given.empty() ? "new-" + std::string(model::to_string(e.fn)) : given;
    if (!yaml_doc::child(n, "count").IsDefined()) {
      e.id = given.empty() ? prefix + "-" + std::to_string(++generated_[prefix]) : given;
      p.add.push_back(std::move(e));
      return {};
    }
    const std::uint64_t first = generated_[prefix] + 1;
    const std::uint64_t last = generated_[prefix] + *count;
    generated_[prefix] = last;
    if (p.add.capacity() < p.add.size() + *count) {  // total_ is capped above; growth stays geometric
      p.add.reserve(std::max(p.add.size() + *count, 2 * p.add.capacity()));
    }
    for (std::uint64_t i = first; i <= last; ++i) {
      proposed_element copy = e;
      copy.id = prefix + "-" + pad_number(i, last);
      p.add.push_back(std::move(copy));
    }
    return {};
  }

  // `count` (1 when absent); nullopt, recorded, when it is below 1.
  std::optional<std::uint64_t> parse_count(const YAML::Node& n) {
    const auto c = doc_.integer(n, "count", false);
    if (!c) {
      return 1;
    }
    if (*c < 1) {
      doc_.fail(yaml_doc::child(n, "count"), "count", "'count' must be at least 1");
      return std::nullopt;
    }
    return static_cast<std::uint64_t>(*c);
  }

  proposed_element parse_element(const YAML::Node& n) {
    proposed_element e;
    e.line = doc_.at(n, "").line;
    std::optional<model::function> fn_read;
    if (const auto fn = doc_.str(n, "function", true)) {
      fn_read = known(model::parse_function(trim(*fn)), n, "function", *fn, "function",
                      "; expected one of: " + std::string(model::function_list()));
      e.fn = fn_read.value_or(e.fn);
    }
    e.vendor = doc_.str(n, "vendor", true).value_or("");
    e.model = doc_.str(n, "model", false).value_or("");
    e.software = doc_.str(n, "software", false).value_or("");
    e.site = doc_.str(n, "site", false).value_or("");
    e.region = doc_.str(n, "region", false).value_or("");
    e.managed_by = doc_.str(n, "managed_by", false).value_or("");
    e.lat = doc_.number(n, "lat", false).value_or(model::kNoValue);
    e.lon = doc_.number(n, "lon", false).value_or(model::kNoValue);
    e.subscribers = parse_subscribers(n);
    e.installed = doc_.day(n, "installed", false);
    if (const auto st = doc_.str(n, "status", false)) {
      e.status = known(model::parse_status(*st), n, "status", *st, "status",
                       "; expected one of: " + std::string(model::status_list()))
                     .value_or(e.status);
    }
    if (fn_read) {
      e.generation = parse_generation(n, *fn_read);
    }
    resolve_vendors(e);
    return e;
  }

  // `generation` (4g, 5g, any; absent or empty: the function's own), which
  // must not contradict a function of one generation.
  model::generation_set parse_generation(const YAML::Node& n, model::function fn) {
    const auto text = doc_.str(n, "generation", false);
    if (!text || trim(*text).empty()) {
      return {};
    }
    const auto g =
        known(model::parse_generation(trim(*text)), n, "generation", *text, "generation", "; expected 4g, 5g or any");
    if (!g) {
      return {};
    }
    const auto stated = model::generation_set::of(*g);
    if (!model::generation_fits(fn, stated)) {
      doc_.fail(yaml_doc::child(n, "generation"), "generation", model::generation_conflict(fn, stated));
      return {};
    }
    return stated;
  }

  std::uint32_t parse_subscribers(const YAML::Node& n) {
    const auto s = doc_.integer(n, "subscribers", false);
    if (!s) {
      return 0;
    }
    if (*s < 0 || *s > 0xFFFFFFFFLL) {
      doc_.fail(yaml_doc::child(n, "subscribers"), "subscribers", "'subscribers' must be between 0 and 4294967295");
      return 0;
    }
    return static_cast<std::uint32_t>(*s);
  }

  // The element's vendor and managing vendor through the catalogue.
  void resolve_vendors(proposed_element& e) const {
    const auto m = catalog_.resolve(e.vendor);
    e.catalog_vendor = m.vendor;
    e.vendor_folded = m.folded;
    e.vendor_name = m.vendor ? catalog_.info(*m.vendor).display_name : std::string(trim(e.vendor));
    if (!trim(e.managed_by).empty()) {
      e.managed_vendor = catalog_.resolve(trim(e.managed_by)).vendor;
    }
  }

  void parse_links(const YAML::Node& links, proposal& p) {
    if (absent(links)) {
      return;
    }
    if (!links.IsSequence()) {
      doc_.fail(links, "links", "'links' must be a list");
      return;
    }
    for (const auto& n : links) {
      if (doc_.check_map(n, "links", {"a", "b", "medium", "capacity_gbps"})) {
        p.links.push_back(parse_link(n));
      }
    }
  }

  proposed_link parse_link(const YAML::Node& n) {
    proposed_link l;
    l.line = doc_.at(n, "").line;
    l.a = doc_.str(n, "a", true).value_or("");
    l.b = doc_.str(n, "b", true).value_or("");
    if (const auto m = doc_.str(n, "medium", false)) {
      l.medium =
          known(model::parse_medium(*m), n, "medium", *m, "medium", "; expected fiber, microwave, copper or virtual")
              .value_or(l.medium);
    }
    l.capacity_gbps = doc_.number(n, "capacity_gbps", false).value_or(model::kNoValue);
    return l;
  }

  // `remove`: the ids, each with its line (the list's line when not a sequence).
  void parse_removals(const YAML::Node& root, proposal& p) {
    const YAML::Node remove = yaml_doc::child(root, "remove");
    if (absent(remove)) {
      return;
    }
    p.remove = doc_.strings(root, "remove");
    if (remove.IsSequence()) {
      for (const auto& item : remove) {
        p.remove_lines.push_back(doc_.at(item, "").line);
      }
    }
    p.remove_lines.resize(p.remove.size(), doc_.at(remove, "").line);
  }

  yaml_doc doc_;
  const model::vendor_catalog& catalog_;
  std::uint64_t total_ = 0;
  std::unordered_map<std::string, std::uint64_t> generated_;  // prefix -> last number given
};

// The ids `add` gives, each once and none already in the network.
std::unordered_set<std::string_view> check_added(const proposal& p, const model::network* net, diagnostics& diag) {
  std::unordered_set<std::string_view> added;
  added.reserve(p.add.size());
  // Looked up in the network all at once: find_many prefetches the id
  // table's slots, which a national network's table (tens of MB) misses in
  // cache one by one (a server's proposal of 1,000 elements spent 7 % of its
  // time here with find()).
  std::vector<model::element_index> found(net != nullptr ? p.add.size() : 0, model::kNoElement);
  if (net != nullptr) {
    std::vector<std::string_view> ids;
    ids.reserve(p.add.size());
    for (const auto& e : p.add) {
      ids.emplace_back(e.id);
    }
    net->find_many(ids, found);
  }
  for (std::size_t i = 0; i < p.add.size(); ++i) {
    const auto& e = p.add[i];
    if (!added.insert(e.id).second) {
      diag.add(error_code::invalid_input, "element id '" + e.id + "' is added twice",
               location{p.file, e.line, 0, "add.id"});
    } else if (net != nullptr && found[i] != model::kNoElement) {
      diag.add(error_code::invalid_input, "element id '" + e.id + "' is already in the network (remove it first)",
               location{p.file, e.line, 0, "add.id"});
    }
  }
  return added;
}

// The elements `remove` names, in order and each once; their ids into `gone`.
std::vector<model::element_index> check_removed(const proposal& p, const model::network* net, diagnostics& diag,
                                                std::unordered_set<std::string_view>& gone) {
  std::vector<model::element_index> removed;
  for (std::size_t i = 0; i < p.remove.size(); ++i) {
    const auto& id = p.remove[i];
    const location at{p.file, i < p.remove_lines.size() ? p.remove_lines[i] : 0, 0, "remove"};
    if (net == nullptr) {
      diag.add(error_code::invalid_input, "'remove' names '" + id + "' but the proposal names no network", at);
      continue;
    }
    const auto e = net->find(id);
    if (!e) {
      diag.add(error_code::invalid_input, "'remove' names '" + id + "', which the network does not hold", at);
      continue;
    }
    if (gone.insert(id).second) {
      removed.push_back(*e);
    }
  }
  return removed;
}

// Each link end is added or stays in the network.
void check_links(const proposal& p, const model::network* net, const std::unordered_set<std::string_view>& added,
                 const std::unordered_set<std::string_view>& gone, diagnostics& diag) {
  for (const auto& l : p.links) {
    for (const auto* end : {&l.a, &l.b}) {
      const bool in_net = net != nullptr && net->find(*end) && gone.count(*end) == 0;
      if (added.count(*end) == 0 && !in_net) {
        diag.add(error_code::invalid_input, "link end '" + *end + "' is neither added nor in the network",
                 location{p.file, l.line, 0, end == &l.a ? "links.a" : "links.b"});
      }
    }
  }
}

// The proposal's `network:`, relative to the proposal file's folder; it must exist.
result<std::string> resolve_network(const std::string& path, const proposal& p, file_system& fs) {
  std::filesystem::path net(p.network);
  if (net.is_relative()) {
    net = std::filesystem::path(path).parent_path() / net;
  }
  std::string resolved = net.lexically_normal().string();
  const auto st = fs.status_of(resolved);
  if (!st || !st->exists) {
    return make_error(error_code::not_found,
                      "the proposal's network '" + p.network + "' does not exist (looked for " + resolved +
                          "; 'network' is relative to the proposal file)",
                      location{path, p.network_line, 0, "network"});
  }
  return resolved;
}

}  // namespace

result<proposal> parse_proposal(std::string_view text, const std::string& file, const model::vendor_catalog& catalog) {
  diagnostics diag(30);
  try {
    return proposal_parser(file, catalog, diag).run(text);
  } catch (const std::exception& e) {
    return make_error(error_code::invalid_input, std::string("cannot read proposal: ") + e.what(),
                      location{file, 0, 0, ""});
  }
}

namespace {

// The YAML nodes a JSON document reads as: strings stay strings (however
// they look), numbers and booleans are the scalars YAML would read from the
// JSON text, null is YAML's null. Deeper than kMaxJsonDepth is an error.
constexpr int kMaxJsonDepth = 64;

std::optional<YAML::Node> yaml_of(const nlohmann::json& j, int depth) {
  if (depth > kMaxJsonDepth) {
    return std::nullopt;
  }
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      YAML::Node m(YAML::NodeType::Map);
      for (const auto& [k, v] : j.items()) {
        auto child = yaml_of(v, depth + 1);
        if (!child) {
          return std::nullopt;
        }
        m[k] = *child;
      }
      return m;
    }
    case nlohmann::json::value_t::array: {
      YAML::Node seq(YAML::NodeType::Sequence);
      for (const auto& v : j) {
        auto child = yaml_of(v, depth + 1);
        if (!child) {
          return std::nullopt;
        }
        seq.push_back(*child);
      }
      return seq;
    }
    case nlohmann::json::value_t::string:
      return YAML::Node(j.get_ref<const std::string&>());
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      return YAML::Node(YAML::NodeType::Null);
    default:  // numbers and booleans: their JSON text, as YAML reads it
      return YAML::Node(j.dump());
  }
}

}  // namespace

result<proposal> parse_proposal_json(const nlohmann::json& doc, const std::string& file,
                                     const model::vendor_catalog& catalog) {
  diagnostics diag(30);
  try {
    const auto root = yaml_of(doc, 0);
    if (!root) {
      return make_error(error_code::limit_exceeded,
                        "the proposal is nested more than " + std::to_string(kMaxJsonDepth) + " levels deep",
                        location{file, 0, 0, ""});
    }
    return proposal_parser(file, catalog, diag).run(*root);
  } catch (const std::exception& e) {
    return make_error(error_code::invalid_input, std::string("cannot read proposal: ") + e.what(),
                      location{file, 0, 0, ""});
  }
}

result<proposal> read_proposal(const std::string& path, const model::vendor_catalog& catalog) {
  return read_proposal(path, catalog, local_file_system());
}

result<proposal> read_proposal(const std::string& path, const model::vendor_catalog& catalog, file_system& fs) {
  NETVET_ASSIGN_OR_RETURN(const file_status st, fs.status_of(path));
  if (!st.exists) {
    return make_error(error_code::not_found, "no such proposal file", location{path, 0, 0, ""});
  }
  if (st.is_directory) {
    return make_error(error_code::invalid_input, "is a folder, expected a proposal file (*.yaml)", location{path});
  }
  NETVET_ASSIGN_OR_RETURN(const std::string text, fs.read_file(path, detail::kMaxPolicyFileBytes));
  auto p = parse_proposal(text, path, catalog);
  if (p && !p->network.empty()) {
    NETVET_ASSIGN_OR_RETURN(p->network, resolve_network(path, *p, fs));
  }
  return p;
}

result<std::vector<model::element_index>> check_against(const proposal& p, const model::network* net) {
  diagnostics diag(30);
  const auto added = check_added(p, net, diag);
  std::unordered_set<std::string_view> gone;
  auto removed = check_removed(p, net, diag, gone);
  check_links(p, net, added, gone, diag);
  if (!diag.empty()) {
    return diag.combined();
  }
  return removed;
}

}  // namespace netvet::policy
