#include "netvet/policy/yaml_util.h"

#include <cstdlib>
#include <unordered_set>

#include <yaml-cpp/depthguard.h>

#include "netvet/core/text.h"

namespace netvet::policy::detail {

namespace {

// yaml-cpp keeps both of two equal keys of a map (and finds the first): a key
// written twice is an error, naming its line. Walks with its own stack (no
// recursion on the document's depth) and visits at most `budget` nodes, so an
// alias bomb (aliases of aliases, each node reached many times) stops early.
bool check_duplicate_keys(const YAML::Node& root, std::size_t budget, const yaml_doc& doc, diagnostics& diag) {
  std::vector<YAML::Node> todo{root};
  std::unordered_set<std::string> seen;
  std::size_t visited = 0;
  while (!todo.empty()) {
    const YAML::Node n = todo.back();
    todo.pop_back();
    if (++visited > budget) {
      diag.add(error_code::limit_exceeded, "the YAML expands to too many nodes (aliases of aliases?)",
               location{doc.file(), 0, 0, ""});
      return false;
    }
    if (n.IsMap()) {
      seen.clear();
      for (const auto& kv : n) {
        if (kv.first.IsScalar() && !seen.insert(kv.first.Scalar()).second) {
          diag.add(error_code::invalid_input, "duplicate key '" + kv.first.Scalar() + "' in one map",
                   doc.at(kv.first, kv.first.Scalar()));
        }
        todo.push_back(kv.second);
      }
    } else if (n.IsSequence()) {
      for (const auto& c : n) {
        todo.push_back(c);
      }
    }
  }
  return true;
}

}  // namespace

std::optional<YAML::Node> yaml_doc::parse(std::string_view text) {
  // Checked at the border: a name read here may be written out as JSON.
  if (const auto bad = find_invalid_utf8(text)) {
    diag_->add(error_code::invalid_input, "invalid UTF-8 (save the file as UTF-8)",
               location_of_byte(text, *bad, file_));
    return std::nullopt;
  }
  try {
    YAML::Node root = YAML::Load(std::string(text));
    const std::size_t before = diag_->total();
    // A document without aliases has fewer nodes than bytes.
    if (!check_duplicate_keys(root, text.size() + 16, *this, *diag_) || diag_->total() != before) {
      return std::nullopt;
    }
    return root;
  } catch (const YAML::DeepRecursion& e) {
    location loc{file_, e.mark.line >= 0 ? static_cast<std::size_t>(e.mark.line) + 1 : 0,
                 e.mark.column >= 0 ? static_cast<std::size_t>(e.mark.column) + 1 : 0, ""};
    diag_->add(error_code::limit_exceeded, "the YAML is nested too deeply (yaml-cpp's limit)", std::move(loc));
  } catch (const YAML::Exception& e) {
    location loc{file_, e.mark.line >= 0 ? static_cast<std::size_t>(e.mark.line) + 1 : 0,
                 e.mark.column >= 0 ? static_cast<std::size_t>(e.mark.column) + 1 : 0, ""};
    diag_->add(error_code::invalid_input, "malformed YAML: " + e.msg, std::move(loc));
  } catch (const std::exception& e) {
    diag_->add(error_code::invalid_input, std::string("malformed YAML: ") + e.what(), location{file_, 0, 0, ""});
  }
  return std::nullopt;
}

location yaml_doc::at(const YAML::Node& n, std::string_view field) const {
  location loc{file_, 0, 0, std::string(field)};
  if (n.IsDefined()) {
    const auto m = n.Mark();
    if (m.line >= 0) {
      loc.line = static_cast<std::size_t>(m.line) + 1;
      loc.column = static_cast<std::size_t>(m.column) + 1;
    }
  }
  return loc;
}

void yaml_doc::fail(const YAML::Node& n, std::string_view field, std::string message) {
  diag_->add(code, std::move(message), at(n, field));
}

YAML::Node yaml_doc::child(const YAML::Node& map, std::string_view key) {
  if (!map.IsMap()) {
    return YAML::Node(YAML::NodeType::Undefined);
  }
  for (const auto& kv : map) {
    if (kv.first.IsScalar() && kv.first.Scalar() == key) {
      return kv.second;
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

bool yaml_doc::check_map(const YAML::Node& n, std::string_view what, std::initializer_list<std::string_view> allowed) {
  if (!n.IsMap()) {
    fail(n, what, std::string(what) + " must be a mapping (key: value)");
    return false;
  }
  std::vector<std::string> names;
  for (const auto a : allowed) {
    names.emplace_back(a);
  }
  for (const auto& kv : n) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("?");
    bool ok = false;
    for (const auto a : allowed) {
      ok = ok || a == key;
    }
    if (!ok) {
      std::string msg = "unknown key '" + key + "' in " + std::string(what);
      const auto near = closest(key, names, 1);
      msg += near.empty() ? "" : " (did you mean '" + near.front() + "'?)";
      msg += "; expected one of: " + join(names, ", ");
      fail(kv.first, key, std::move(msg));
    }
  }
  return true;
}

std::optional<std::string> yaml_doc::str(const YAML::Node& map, std::string_view key, bool required) {
  const YAML::Node v = child(map, key);
  if (!v.IsDefined() || v.IsNull()) {
    if (required) {
      fail(map, key, "missing key '" + std::string(key) + "'");
    }
    return std::nullopt;
  }
  if (!v.IsScalar()) {
    fail(v, key, "'" + std::string(key) + "' must be a single value");
    return std::nullopt;
  }
  return v.Scalar();
}

std::optional<date> yaml_doc::day(const YAML::Node& map, std::string_view key, bool required) {
  const auto s = str(map, key, required);
  if (!s) {
    return std::nullopt;
  }
  const auto d = parse_date(trim(*s));
  if (!d) {
    fail(child(map, key), key, "'" + std::string(key) + "': cannot parse date '" + *s + "' (expected YYYY-MM-DD)");
  }
  return d;
}

std::optional<double> yaml_doc::number(const YAML::Node& map, std::string_view key, bool required) {
  const auto s = str(map, key, required);
  if (!s) {
    return std::nullopt;
  }
  char* end = nullptr;
  const double v = std::strtod(s->c_str(), &end);
  if (s->empty() || end != s->c_str() + s->size()) {
    fail(child(map, key), key, "'" + std::string(key) + "' must be a number, not '" + *s + "'");
    return std::nullopt;
  }
  return v;
}

std::optional<long long> yaml_doc::integer(const YAML::Node& map, std::string_view key, bool required) {
  const auto s = str(map, key, required);
  if (!s) {
    return std::nullopt;
  }
  char* end = nullptr;
  const long long v = std::strtoll(s->c_str(), &end, 10);
  if (s->empty() || end != s->c_str() + s->size()) {
    fail(child(map, key), key, "'" + std::string(key) + "' must be a whole number, not '" + *s + "'");
    return std::nullopt;
  }
  return v;
}

std::optional<bool> yaml_doc::boolean(const YAML::Node& map, std::string_view key) {
  const auto s = str(map, key, false);
  if (!s) {
    return std::nullopt;
  }
  if (*s == "true" || *s == "yes") {
    return true;
  }
  if (*s == "false" || *s == "no") {
    return false;
  }
  fail(child(map, key), key, "'" + std::string(key) + "' must be true or false, not '" + *s + "'");
  return std::nullopt;
}

std::vector<std::string> yaml_doc::strings(const YAML::Node& map, std::string_view key) {
  std::vector<std::string> out;
  const YAML::Node v = child(map, key);
  if (!v.IsDefined() || v.IsNull()) {
    return out;
  }
  if (v.IsScalar()) {
    out.push_back(v.Scalar());
    return out;
  }
  if (!v.IsSequence()) {
    fail(v, key, "'" + std::string(key) + "' must be a value or a list of values");
    return out;
  }
  for (const auto& item : v) {
    if (!item.IsScalar()) {
      fail(item, key, "'" + std::string(key) + "' items must be single values");
      continue;
    }
    out.push_back(item.Scalar());
  }
  return out;
}

}  // namespace netvet::policy::detail
