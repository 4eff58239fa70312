#include "netvet/policy/proposal.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "netvet/core/text.h"
#include "netvet/policy/yaml_util.h"

namespace netvet::policy {
namespace {

namespace fs = std::filesystem;
using detail::yaml_doc;

std::string pad_number(std::uint64_t n, std::uint64_t largest) {
  std::string s = std::to_string(n);
  const std::size_t width = std::to_string(largest).size();
  return std::string(width > s.size() ? width - s.size() : 0, '0') + s;
}

}  // namespace

result<proposal> parse_proposal(std::string_view text, const std::string& file, const model::vendor_catalog& catalog) {
  diagnostics diag(30);
  try {
    yaml_doc doc(file, diag);
    doc.code = error_code::invalid_input;
    proposal p;
    p.file = file;
    auto root = doc.parse(text);
    if (!root) {
      return diag.combined();
    }
    if (!doc.check_map(*root, "proposal",
                       {"operator", "jurisdiction", "date", "title", "summary", "network", "add", "links", "remove"})) {
      return diag.combined();
    }
    p.operator_name = doc.str(*root, "operator", false).value_or("");
    p.jurisdiction = doc.str(*root, "jurisdiction", true).value_or("");
    p.jurisdiction_line = doc.at(yaml_doc::child(*root, "jurisdiction"), "").line;
    if (const auto d = doc.day(*root, "date", true)) {
      p.when = *d;
    }
    p.title = doc.str(*root, "title", false).value_or("");
    p.summary = doc.str(*root, "summary", false).value_or("");
    p.network = doc.str(*root, "network", false).value_or("");
    p.network_line = doc.at(yaml_doc::child(*root, "network"), "").line;

    const YAML::Node add = yaml_doc::child(*root, "add");
    std::uint64_t total = 0;
    std::unordered_map<std::string, std::uint64_t> generated;  // prefix -> next number
    if (add.IsDefined() && !add.IsNull()) {
      if (!add.IsSequence()) {
        doc.fail(add, "add", "'add' must be a list of elements");
      } else {
        for (const auto& n : add) {
          if (!doc.check_map(n, "add",
                             {"id", "function", "vendor", "model", "software", "site", "region", "lat", "lon",
                              "subscribers", "installed", "managed_by", "status", "count"})) {
            continue;
          }
          proposed_element e;
          e.line = doc.at(n, "").line;
          const auto fn = doc.str(n, "function", true);
          if (fn) {
            if (const auto f = model::parse_function(trim(*fn))) {
              e.fn = *f;
            } else {
              doc.fail(yaml_doc::child(n, "function"), "function",
                       "unknown function '" + *fn + "'; expected one of: " + std::string(model::function_list()));
            }
          }
          e.vendor = doc.str(n, "vendor", true).value_or("");
          e.model = doc.str(n, "model", false).value_or("");
          e.software = doc.str(n, "software", false).value_or("");
          e.site = doc.str(n, "site", false).value_or("");
          e.region = doc.str(n, "region", false).value_or("");
          e.managed_by = doc.str(n, "managed_by", false).value_or("");
          e.lat = doc.number(n, "lat", false).value_or(model::kNoValue);
          e.lon = doc.number(n, "lon", false).value_or(model::kNoValue);
          if (const auto s = doc.integer(n, "subscribers", false)) {
            if (*s < 0 || *s > 0xFFFFFFFFLL) {
              doc.fail(yaml_doc::child(n, "subscribers"), "subscribers",
                       "'subscribers' must be between 0 and 4294967295");
            } else {
              e.subscribers = static_cast<std::uint32_t>(*s);
            }
          }
          e.installed = doc.day(n, "installed", false);
          if (const auto st = doc.str(n, "status", false)) {
            if (const auto s = model::parse_status(*st)) {
              e.status = *s;
            } else {
              doc.fail(yaml_doc::child(n, "status"), "status",
                       "unknown status '" + *st + "'; expected one of: " + std::string(model::status_list()));
            }
          }
          const auto m = catalog.resolve(e.vendor);
          e.catalog_vendor = m.vendor;
          e.vendor_name = m.vendor ? catalog.info(*m.vendor).display_name : std::string(trim(e.vendor));
          if (!trim(e.managed_by).empty()) {
            e.managed_vendor = catalog.resolve(trim(e.managed_by)).vendor;
          }
          const auto id = doc.str(n, "id", false);
          long long count = 1;
          if (const auto c = doc.integer(n, "count", false)) {
            if (*c < 1) {
              doc.fail(yaml_doc::child(n, "count"), "count", "'count' must be at least 1");
              continue;
            }
            count = *c;
          }
          total += static_cast<std::uint64_t>(count);
          if (total > kMaxProposalElements) {
            return make_error(error_code::limit_exceeded,
                              "a proposal may add at most " + std::to_string(kMaxProposalElements) + " elements",
                              doc.at(yaml_doc::child(n, "count"), "count"));
          }
          if (!yaml_doc::child(n, "count").IsDefined()) {
            if (!id || trim(*id).empty()) {
              const std::string prefix = "new-" + std::string(model::to_string(e.fn));
              e.id = prefix + "-" + std::to_string(++generated[prefix]);
            } else {
              e.id = std::string(trim(*id));
            }
            p.add.push_back(std::move(e));
            continue;
          }
          const std::string prefix =
              id && !trim(*id).empty() ? std::string(trim(*id)) : "new-" + std::string(model::to_string(e.fn));
          const std::uint64_t first = generated[prefix] + 1;
          const std::uint64_t last = generated[prefix] + static_cast<std::uint64_t>(count);
          generated[prefix] = last;
          for (std::uint64_t i = first; i <= last; ++i) {
            proposed_element copy = e;
            copy.id = prefix + "-" + pad_number(i, last);
            p.add.push_back(std::move(copy));
          }
        }
      }
    }
    const YAML::Node links = yaml_doc::child(*root, "links");
    if (links.IsDefined() && !links.IsNull()) {
      if (!links.IsSequence()) {
        doc.fail(links, "links", "'links' must be a list");
      } else {
        for (const auto& n : links) {
          if (!doc.check_map(n, "links", {"a", "b", "medium", "capacity_gbps"})) {
            continue;
          }
          proposed_link l;
          l.line = doc.at(n, "").line;
          l.a = doc.str(n, "a", true).value_or("");
          l.b = doc.str(n, "b", true).value_or("");
          if (const auto m = doc.str(n, "medium", false)) {
            if (const auto med = model::parse_medium(*m)) {
              l.medium = *med;
            } else {
              doc.fail(yaml_doc::child(n, "medium"), "medium",
                       "unknown medium '" + *m + "'; expected fiber, microwave, copper or virtual");
            }
          }
          l.capacity_gbps = doc.number(n, "capacity_gbps", false).value_or(model::kNoValue);
          p.links.push_back(std::move(l));
        }
      }
    }
    const YAML::Node remove = yaml_doc::child(*root, "remove");
    if (remove.IsDefined() && !remove.IsNull()) {
      const auto ids = doc.strings(*root, "remove");
      p.remove = ids;
      if (remove.IsSequence()) {
        for (const auto& item : remove) {
          p.remove_lines.push_back(doc.at(item, "").line);
        }
      }
      p.remove_lines.resize(p.remove.size(), doc.at(remove, "").line);
    }
    if (!diag.empty()) {
      return diag.combined();
    }
    return p;
  } catch (const std::exception& e) {
    return make_error(error_code::invalid_input, std::string("cannot read proposal: ") + e.what(),
                      location{file, 0, 0, ""});
  }
}

result<proposal> read_proposal(const std::string& path, const model::vendor_catalog& catalog) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    return make_error(error_code::not_found, "no such proposal file", location{path, 0, 0, ""});
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  auto p = parse_proposal(ss.str(), path, catalog);
  if (!p) {
    return p;
  }
  if (!p->network.empty()) {
    fs::path net(p->network);
    if (net.is_relative()) {
      net = fs::path(path).parent_path() / net;
    }
    const std::string resolved = net.lexically_normal().string();
    if (!fs::exists(resolved, ec)) {
      return make_error(error_code::not_found,
                        "the proposal's network '" + p->network + "' does not exist (looked for " + resolved +
                            "; 'network' is relative to the proposal file)",
                        location{path, p->network_line, 0, "network"});
    }
    p->network = resolved;
  }
  return p;
}

result<std::vector<model::element_index>> check_against(const proposal& p, const model::network* net) {
  diagnostics diag(30);
  std::vector<model::element_index> removed;
  std::unordered_set<std::string_view> added;
  for (const auto& e : p.add) {
    if (!added.insert(e.id).second) {
      diag.add(error_code::invalid_input, "element id '" + e.id + "' is added twice",
               location{p.file, e.line, 0, "add.id"});
    } else if (net != nullptr && net->find(e.id)) {
      diag.add(error_code::invalid_input, "element id '" + e.id + "' is already in the network (remove it first)",
               location{p.file, e.line, 0, "add.id"});
    }
  }
  std::unordered_set<std::string_view> gone;
  for (std::size_t i = 0; i < p.remove.size(); ++i) {
    const auto& id = p.remove[i];
    const std::size_t line = i < p.remove_lines.size() ? p.remove_lines[i] : 0;
    if (net == nullptr) {
      diag.add(error_code::invalid_input, "'remove' names '" + id + "' but the proposal names no network",
               location{p.file, line, 0, "remove"});
      continue;
    }
    const auto e = net->find(id);
    if (!e) {
      diag.add(error_code::invalid_input, "'remove' names '" + id + "', which the network does not hold",
               location{p.file, line, 0, "remove"});
      continue;
    }
    if (gone.insert(id).second) {
      removed.push_back(*e);
    }
  }
  for (const auto& l : p.links) {
    for (const auto* end : {&l.a, &l.b}) {
      const bool in_net = net != nullptr && net->find(*end) && gone.count(*end) == 0;
      if (added.count(*end) == 0 && !in_net) {
        diag.add(error_code::invalid_input, "link end '" + *end + "' is neither added nor in the network",
                 location{p.file, l.line, 0, end == &l.a ? "links.a" : "links.b"});
      }
    }
  }
  if (!diag.empty()) {
    return diag.combined();
  }
  return removed;
}

}  // namespace netvet::policy
