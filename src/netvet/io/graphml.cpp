// GraphML reader (graphml.h) on pugixml.
#include "netvet/io/graphml.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include <pugixml.hpp>

#include "netvet/core/csv.h"
#include "netvet/core/text.h"
#include "netvet/io/columns_internal.h"
#include "netvet/model/no_vendor.h"

namespace netvet::io {
namespace {

// Element names without a namespace prefix ("g:node" -> "node").
std::string_view local_name(const pugi::xml_node& n) {
  std::string_view s = n.name();
  const auto colon = s.find(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

bool iequals(std::string_view a, std::string_view b) { return to_lower_ascii(a) == to_lower_ascii(b); }

// Byte offset -> 1-based line and column.
class line_index {
 public:
  explicit line_index(std::string_view text) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') {
        starts_.push_back(i + 1);
      }
    }
  }
  [[nodiscard]] std::pair<std::size_t, std::size_t> at(std::ptrdiff_t offset) const {
    if (offset < 0) {
      return {0, 0};
    }
    const auto off = static_cast<std::size_t>(offset);
    const auto it = std::upper_bound(starts_.begin(), starts_.end(), off);
    const auto line = static_cast<std::size_t>(it - starts_.begin());
    return {line, off - starts_[line - 1] + 1};
  }

 private:
  std::vector<std::size_t> starts_;
};

struct key_decl {
  std::string id;
  std::string name;    // attr.name, else the id
  std::string column;  // attribute name in the network (renamed on a clash)
  std::string default_value;
  bool for_node = false;
  bool for_edge = false;
  std::size_t node_slot = 0;  // its position in node_keys_ (when for_node)
  std::size_t edge_slot = 0;  // its position in edge_keys_ (when for_edge)
};

bool parse_number(std::string_view s, double& out) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
  }
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc{} && p == s.data() + s.size() && std::isfinite(out);
}

struct node_rec {
  std::string id;
  std::size_t line = 0;
  std::vector<std::string> values;  // per node key
  std::string vendor;
  std::optional<model::function> fn;  // from the node map's `function` column
  std::uint32_t subscribers = 0;      // from the node map's `subscribers` column
};

class graphml_loader {
 public:
  graphml_loader(const std::string& path, const read_options& opt) : path_(path), opt_(opt), diag_(opt.max_errors) {}

  result<model::network> run(const std::string& text) {
    pugi::xml_document doc;
    const pugi::xml_parse_result pr =
        doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_auto);
    const line_index lines(text);
    lines_ = &lines;
    if (!pr) {
      const auto [line, col] = lines.at(pr.offset);
      return make_error(error_code::invalid_input, std::string("malformed XML: ") + pr.description(),
                        location{path_, line, col, {}});
    }
    // pugixml passes the bytes of a UTF-8 document through unchecked; a name
    // read here may be written out as JSON, so it is checked at the border.
    if (pr.encoding == pugi::encoding_utf8) {
      if (const auto bad = find_invalid_utf8(text)) {
        const auto [line, col] = lines.at(*bad);
        return make_error(error_code::invalid_input, "invalid UTF-8 (the document is read as UTF-8)",
                          location{path_, line, col, {}});
      }
    }
    pugi::xml_node root;
    for (auto c : doc.children()) {
      if (c.type() == pugi::node_element) {
        root = c;
        break;
      }
    }
    if (!root || local_name(root) != "graphml") {
      return make_error(error_code::invalid_input, "not GraphML: the root element is not <graphml>",
                        at(root, "graphml"));
    }
    pugi::xml_node graph;
    for (auto c : root.children()) {
      if (local_name(c) == "key") {
        add_key(c);
      } else if (local_name(c) == "graph" && !graph) {
        graph = c;
      }
    }
    if (!graph) {
      return make_error(error_code::invalid_input, "the file has no <graph>", at(root, "graph"));
    }
    NETVET_TRY(name_columns());
    read_nodes(graph);
    if (!diag_.empty()) {
      return diag_.combined();
    }
    NETVET_TRY(assign_vendors());
    build_elements();
    if (!diag_.empty()) {
      return diag_.combined();  // a node left out would leave its edges dangling
    }
    read_edges(graph);
    if (!diag_.empty()) {
      return diag_.combined();
    }
    return std::move(builder_).finish();
  }

 private:
  bool any_subscribers_ = false;
  location at(const pugi::xml_node& n, std::string field) const {
    const auto [line, col] = n ? lines_->at(n.offset_debug()) : std::pair<std::size_t, std::size_t>{0, 0};
    return location{path_, line, col, std::move(field)};
  }
  void bad(const pugi::xml_node& n, std::string field, std::string msg) {
    diag_.add(error_code::invalid_input, std::move(msg), at(n, std::move(field)));
  }

  void add_key(const pugi::xml_node& k) {
    key_decl d;
    d.id = k.attribute("id").value();
    d.name = trim(k.attribute("attr.name").value());  // a CSV header is read trimmed
    if (d.name.empty()) {
      d.name = trim(d.id);
    }
    if (d.name.empty()) {
      d.name = "key";
    }
    const std::string_view f = k.attribute("for") ? k.attribute("for").value() : "all";
    d.for_node = f == "node" || f == "all";
    d.for_edge = f == "edge" || f == "all";
    for (auto c : k.children()) {
      if (local_name(c) == "default") {
        d.default_value = c.text().get();
      }
    }
    if (d.id.empty()) {
      bad(k, "id", "<key> without an id");
      return;
    }
    if (key_index_.count(d.id) != 0) {
      bad(k, "id", "duplicate key id '" + d.id + "'");
      return;
    }
    key_index_[d.id] = keys_.size();
    keys_.push_back(std::move(d));
  }

  // Names taken so far by one kind's attributes, and the next suffix to try
  // for each name asked for more than once.
  struct name_set {
    std::unordered_set<std::string> taken;
    std::unordered_map<std::string, std::size_t> next_suffix;
  };

  // The attribute name of key `k`: its attr.name, renamed when it clashes
  // with a netvet column of `reserved` (Topology Zoo has a node key "id"
  // becomes "graphml_id"), then made unique in document order: the second
  // key named "x" is "x_2", the third "x_3" (skipping names already taken).
  static std::string attribute_name(const key_decl& k, std::span<const std::string_view> reserved, name_set& names) {
    std::string base = k.name;
    if (columns::position(reserved, base)) {
      base = "graphml_" + base;
    }
    if (names.taken.insert(base).second) {
      return base;
    }
    std::size_t& n = names.next_suffix.try_emplace(base, 2).first->second;
    while (true) {
      std::string c = base + "_" + std::to_string(n++);
      if (names.taken.insert(c).second) {
        return c;
      }
    }
  }

  // Names the attribute columns, after checking the documented limit on
  // their number (columns::kMaxAttributeNames per kind).
  status name_columns() {
    const auto node_count = std::count_if(keys_.begin(), keys_.end(), [](const key_decl& k) { return k.for_node; });
    const auto edge_count = std::count_if(keys_.begin(), keys_.end(), [](const key_decl& k) { return k.for_edge; });
    for (const auto& [count, kind] : {std::pair{node_count, "node"}, std::pair{edge_count, "edge"}}) {
      if (static_cast<std::size_t>(count) > columns::kMaxAttributeNames) {
        return make_error(error_code::limit_exceeded,
                          std::to_string(count) + " " + kind + " keys: at most " +
                              std::to_string(columns::kMaxAttributeNames) + " attribute names are read per file",
                          location{path_, 0, 0, "key"});
      }
    }
    name_set node_names;
    name_set edge_names;
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      auto& k = keys_[i];
      if (k.for_node) {
        k.node_slot = node_keys_.size();
        node_attr_names_.push_back(attribute_name(k, columns::kElement, node_names));
        node_keys_.push_back(i);
        note_node_key(k.name, static_cast<int>(k.node_slot));
      }
      if (k.for_edge) {
        k.edge_slot = edge_keys_.size();
        edge_attr_names_.push_back(attribute_name(k, columns::kLink, edge_names));
        edge_keys_.push_back(i);
        if (k.name == "LinkSpeedRaw") {
          speed_key_ = static_cast<int>(k.edge_slot);
        }
      }
    }
    return {};
  }

  // Node keys netvet reads a column from (Topology Zoo's names).
  void note_node_key(const std::string& name, int slot) {
    if (iequals(name, "latitude")) {
      lat_key_ = slot;
    } else if (iequals(name, "longitude")) {
      lon_key_ = slot;
    } else if (iequals(name, "country")) {
      country_key_ = slot;
    } else if (iequals(name, "generation")) {
      generation_key_ = slot;
    } else if (name == "label") {
      label_key_ = slot;
    }
  }

  // Value slots of one <node>/<edge> from its <data> children.
  void read_data(const pugi::xml_node& n, const std::vector<std::size_t>& slots, bool node,
                 std::vector<std::string>& out) {
    out.assign(slots.size(), {});
    for (std::size_t s = 0; s < slots.size(); ++s) {
      out[s] = keys_[slots[s]].default_value;
    }
    for (auto c : n.children()) {
      if (local_name(c) != "data") {
        continue;
      }
      const std::string key = c.attribute("key").value();
      const auto it = key_index_.find(key);
      if (it == key_index_.end()) {
        bad(c, "key", "<data> names key '" + key + "', which no <key> declares");
        continue;
      }
      const auto& k = keys_[it->second];
      if (node ? !k.for_node : !k.for_edge) {
        bad(c, "key", "key '" + key + "' is declared for=\"" + (node ? "edge" : "node") + "\", not for this element");
        continue;
      }
      out[node ? k.node_slot : k.edge_slot] = c.text().get();  // hashed: a file may declare thousands of keys
    }
  }

  void read_nodes(const pugi::xml_node& graph) {
    for (auto n : graph.children()) {
      const auto name = local_name(n);
      if (name == "hyperedge") {
        bad(n, "hyperedge", "GraphML hyperedges are not supported (netvet links join two elements)");
        continue;
      }
      if (name != "node") {
        continue;
      }
      node_rec r;
      r.id = n.attribute("id").value();
      r.line = at(n, {}).line;
      if (r.id.empty()) {
        bad(n, "id", "<node> without an id");
        continue;
      }
      if (const auto it = node_pos_.find(r.id); it != node_pos_.end()) {
        bad(n, "id",
            "duplicate node id '" + r.id + "' (first on line " + std::to_string(nodes_[it->second].line) + ")");
        continue;
      }
      read_data(n, node_keys_, true, r.values);
      node_pos_[r.id] = nodes_.size();
      nodes_.push_back(std::move(r));
    }
    if (nodes_.empty() && diag_.empty()) {
      bad(graph, "node", "the graph has no nodes");
    }
  }

  status assign_vendors() {
    if (!opt_.vendor_attribute.empty()) {
      int slot = -1;
      for (std::size_t s = 0; s < node_keys_.size(); ++s) {
        if (keys_[node_keys_[s]].name == opt_.vendor_attribute) {
          slot = static_cast<int>(s);
        }
      }
      for (std::size_t s = 0; s < node_keys_.size() && slot < 0; ++s) {
        if (iequals(keys_[node_keys_[s]].name, opt_.vendor_attribute)) {
          slot = static_cast<int>(s);
        }
      }
      if (slot < 0) {
        std::vector<std::string> names;
        for (auto s : node_keys_) {
          names.push_back(keys_[s].name);
        }
        return make_error(
            error_code::invalid_input,
            "no node attribute named '" + opt_.vendor_attribute + "' (node attributes: " + join(names, ", ") + ")",
            location{path_, 0, 0, "vendor_attribute"});
      }
      for (auto& n : nodes_) {
        n.vendor = std::string(trim(n.values[static_cast<std::size_t>(slot)]));
      }
    }
    if (!opt_.vendor_map_path.empty()) {
      NETVET_TRY(read_vendor_map());
    }
    return status::ok();
  }

  // The node map's header: `node,vendor`, then optionally `function` (a
  // netvet function for the node, so a topology can carry core and access
  // roles) and `subscribers`.
  struct node_map_header {
    std::size_t width = 0;
    int function = -1;
    int subscribers = -1;
  };

  result<node_map_header> read_node_map_header(csv_reader& rd) const {
    const std::string& file = opt_.vendor_map_path;
    NETVET_ASSIGN_OR_RETURN(const bool any, rd.next());
    const auto hdr = rd.fields();
    if (!any || hdr.size() < 2 || to_lower_ascii(trim(hdr[0])) != "node" || to_lower_ascii(trim(hdr[1])) != "vendor") {
      return make_error(error_code::invalid_input, "the vendor map's first line must be the header 'node,vendor'",
                        location{file, 1, 1, {}});
    }
    node_map_header h{hdr.size()};
    for (std::size_t i = 2; i < hdr.size(); ++i) {
      const std::string name = to_lower_ascii(trim(hdr[i]));
      if (name == "function") {
        h.function = static_cast<int>(i);
      } else if (name == "subscribers") {
        h.subscribers = static_cast<int>(i);
      } else {
        return make_error(error_code::invalid_input,
                          "unknown column '" + std::string(trim(hdr[i])) +
                              "' in the vendor map (node,vendor[,function][,subscribers])",
                          location{file, 1, i + 1, std::string(trim(hdr[i]))});
      }
    }
    return h;
  }

  // One row of the node map, checked.
  struct node_map_row {
    std::string node;
    std::string vendor;
    std::optional<model::function> fn;
    std::uint32_t subscribers = 0;
  };

  std::optional<node_map_row> parse_node_map_row(std::span<const std::string_view> f, std::size_t line,
                                                 const node_map_header& h, diagnostics& diag) const {
    const std::string& file = opt_.vendor_map_path;
    node_map_row row{std::string(trim(f[0])), std::string(trim(f[1])), std::nullopt, 0};
    if (row.vendor.empty()) {
      diag.add(error_code::invalid_input, "empty vendor for node '" + row.node + "'",
               location{file, line, 2, "vendor"});
      return std::nullopt;
    }
    if (h.function >= 0 && !trim(f[static_cast<std::size_t>(h.function)]).empty()) {
      const auto v = trim(f[static_cast<std::size_t>(h.function)]);
      row.fn = model::parse_function(v);
      if (!row.fn) {
        diag.add(error_code::invalid_input,
                 "unknown function '" + std::string(v) + "'; expected one of: " + std::string(model::function_list()),
                 location{file, line, static_cast<std::size_t>(h.function) + 1, "function"});
        return std::nullopt;
      }
    }
    if (h.subscribers >= 0 && !trim(f[static_cast<std::size_t>(h.subscribers)]).empty()) {
      const auto v = trim(f[static_cast<std::size_t>(h.subscribers)]);
      const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), row.subscribers);
      if (ec != std::errc{} || p != v.data() + v.size()) {
        diag.add(error_code::invalid_input, "not a whole number from 0 to 4294967295: '" + std::string(v) + "'",
                 location{file, line, static_cast<std::size_t>(h.subscribers) + 1, "subscribers"});
        return std::nullopt;
      }
    }
    return row;
  }

  // Nodes by their `label` value (a node map may name a node by its label).
  [[nodiscard]] std::unordered_map<std::string, std::vector<std::size_t>> nodes_by_label() const {
    std::unordered_map<std::string, std::vector<std::size_t>> by_label;
    if (label_key_ >= 0) {
      for (std::size_t i = 0; i < nodes_.size(); ++i) {
        by_label[nodes_[i].values[static_cast<std::size_t>(label_key_)]].push_back(i);
      }
    }
    return by_label;
  }

  status read_vendor_map() {
    const std::string& file = opt_.vendor_map_path;
    NETVET_ASSIGN_OR_RETURN(auto rd, csv_reader::open_file(opt_.files(), file, opt_.csv));
    NETVET_ASSIGN_OR_RETURN(const node_map_header h, read_node_map_header(rd));
    const auto by_label = nodes_by_label();
    std::unordered_map<std::size_t, std::size_t> mapped_on;  // node -> line
    diagnostics diag(opt_.max_errors);
    while (true) {
      NETVET_ASSIGN_OR_RETURN(const bool more, rd.next());
      if (!more) {
        break;
      }
      const auto f = rd.fields();
      const std::size_t line = rd.line();
      if (f.size() == 1 && trim(f[0]).empty()) {
        continue;
      }
      if (f.size() != h.width) {
        diag.add(error_code::invalid_input,
                 "row has " + std::to_string(f.size()) + " fields, the header has " + std::to_string(h.width),
                 location{file, line, 0, {}});
        continue;
      }
      if (auto row = parse_node_map_row(f, line, h, diag)) {
        apply_node_map_row(*row, line, h, by_label, mapped_on, diag);
      }
    }
    if (!diag.empty()) {
      return diag.combined();
    }
    return status::ok();
  }

  void apply_node_map_row(const node_map_row& row, std::size_t line, const node_map_header& h,
                          const std::unordered_map<std::string, std::vector<std::size_t>>& by_label,
                          std::unordered_map<std::size_t, std::size_t>& mapped_on, diagnostics& diag) {
    const std::string& file = opt_.vendor_map_path;
    std::vector<std::size_t> targets;
    if (const auto it = node_pos_.find(row.node); it != node_pos_.end()) {
      targets.push_back(it->second);
    } else if (const auto jt = by_label.find(row.node); jt != by_label.end() && !row.node.empty()) {
      targets = jt->second;
    } else {
      diag.add(error_code::invalid_input, "no node with id or label '" + row.node + "' in " + path_,
               location{file, line, 1, "node"});
      return;
    }
    for (auto t : targets) {
      if (const auto m = mapped_on.find(t); m != mapped_on.end()) {
        diag.add(error_code::invalid_input,
                 "node '" + nodes_[t].id + "' is mapped twice (first on line " + std::to_string(m->second) + ")",
                 location{file, line, 1, "node"});
        continue;
      }
      mapped_on[t] = line;
      nodes_[t].vendor = row.vendor;
      nodes_[t].fn = row.fn;
      nodes_[t].subscribers = row.subscribers;
      any_subscribers_ = any_subscribers_ || h.subscribers >= 0;
    }
  }

  void build_elements() {
    builder_.set_element_attributes(node_attr_names_);
    builder_.set_link_attributes(edge_attr_names_);
    builder_.reserve(nodes_.size(), nodes_.size() * 2);
    bool any_coords = false;
    std::vector<std::string_view> attrs(node_attr_names_.size());
    for (const auto& n : nodes_) {
      model::element_record r;
      r.id = n.id;
      r.fn = n.fn.value_or(opt_.graphml_function);
      r.subscribers = n.subscribers;
      r.vendor = n.vendor.empty() ? model::kNoVendor : std::string_view(n.vendor);
      double lat = 0;
      double lon = 0;
      if (lat_key_ >= 0 && lon_key_ >= 0 && parse_number(n.values[static_cast<std::size_t>(lat_key_)], lat) &&
          parse_number(n.values[static_cast<std::size_t>(lon_key_)], lon) && std::abs(lat) <= 90 &&
          std::abs(lon) <= 180) {
        r.lat = lat;
        r.lon = lon;
        any_coords = true;
      }
      if (country_key_ >= 0) {
        r.region = trim(n.values[static_cast<std::size_t>(country_key_)]);
      }
      for (std::size_t a = 0; a < attrs.size(); ++a) {
        attrs[a] = n.values[a];
      }
      r.attributes = attrs;
      if (!node_generation(n, r)) {
        continue;
      }
      builder_.add_element(r);  // ids are unique (checked in read_nodes)
    }
    if (generation_key_ >= 0) {
      builder_.mark_column(model::element_column::generation);
    }
    if (any_coords) {
      builder_.mark_column(model::element_column::lat);
      builder_.mark_column(model::element_column::lon);
    }
    if (country_key_ >= 0) {
      builder_.mark_column(model::element_column::region);
    }
    if (any_subscribers_) {
      builder_.mark_column(model::element_column::subscribers);
    }
  }

  // The node's `generation` data (4g, 5g, any) into `r`; false (reported)
  // when it is unknown or contradicts the function. Empty: the function's own.
  bool node_generation(const node_rec& n, model::element_record& r) {
    if (generation_key_ < 0) {
      return true;
    }
    const std::string_view text = trim(n.values[static_cast<std::size_t>(generation_key_)]);
    if (text.empty()) {
      return true;
    }
    const location where{path_, n.line, 0, "generation"};
    const auto g = model::parse_generation(text);
    if (!g) {
      diag_.add(error_code::invalid_input,
                "node '" + n.id + "': unknown generation '" + std::string(text) + "'; expected 4g, 5g or any", where);
      return false;
    }
    r.generation = model::generation_set::of(*g);
    if (!model::generation_fits(r.fn, r.generation)) {
      diag_.add(error_code::invalid_input, "node '" + n.id + "': " + model::generation_conflict(r.fn, r.generation),
                where);
      return false;
    }
    return true;
  }

  void read_edges(const pugi::xml_node& graph) {
    std::vector<std::string> values;
    std::vector<std::string_view> attrs(edge_attr_names_.size());
    bool any_speed = false;
    for (auto e : graph.children()) {
      if (local_name(e) != "edge") {
        continue;
      }
      model::link_record r;
      bool ok = true;
      for (const char* end : {"source", "target"}) {
        const pugi::xml_attribute a = e.attribute(end);
        const std::string id = a.value();
        const auto it = builder_.find(id);
        if (!a || id.empty()) {
          bad(e, end, std::string("<edge> without a ") + end);
          ok = false;
        } else if (!it) {
          bad(e, end, std::string("edge ") + end + " '" + id + "' is not a node of the graph");
          ok = false;
        } else {
          (std::strcmp(end, "source") == 0 ? r.a : r.b) = *it;
        }
      }
      read_data(e, edge_keys_, false, values);
      if (!ok) {
        continue;
      }
      double bps = 0;
      if (speed_key_ >= 0 && parse_number(values[static_cast<std::size_t>(speed_key_)], bps) && bps >= 0) {
        r.capacity_gbps = bps / 1e9;
        any_speed = true;
      }
      for (std::size_t a = 0; a < attrs.size(); ++a) {
        attrs[a] = values[a];
      }
      r.attributes = attrs;
      builder_.add_link(r);
    }
    if (any_speed) {
      builder_.mark_column(model::link_column::capacity_gbps);
    }
  }

  std::string path_;
  const read_options& opt_;
  diagnostics diag_;
  const line_index* lines_ = nullptr;
  model::network_builder builder_{*opt_.catalog};
  std::vector<key_decl> keys_;
  std::unordered_map<std::string, std::size_t> key_index_;
  std::vector<std::size_t> node_keys_;  // indices into keys_
  std::vector<std::size_t> edge_keys_;
  std::vector<std::string> node_attr_names_;
  std::vector<std::string> edge_attr_names_;
  int lat_key_ = -1;  // slots in node_keys_ / edge_keys_
  int lon_key_ = -1;
  int country_key_ = -1;
  int generation_key_ = -1;
  int label_key_ = -1;
  int speed_key_ = -1;
  std::vector<node_rec> nodes_;
  std::unordered_map<std::string, std::size_t> node_pos_;
};

}  // namespace

result<model::network> read_graphml(const std::string& path, const read_options& options) {
  NETVET_ASSIGN_OR_RETURN(const std::string text, options.files().read_file(path));
  graphml_loader loader(path, options);
  return loader.run(text);
}

}  // namespace netvet::io
